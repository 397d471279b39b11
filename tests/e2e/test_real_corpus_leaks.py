"""Real configs on lab devices: `tbwan backup` and `tbwan audit` leak none of their secrets.

Every config of the corpus boots one lab device (province host names, so the
inventory reaches them). Then the real commands run, and every ground-truth secret of
each config (tests/fixtures/real/index.yaml) is looked for in the backups (files and git
history), the reports (JSON, HTML, JUnit, Prometheus), the audit log and everything
printed. A secret the lab does not keep in its running config cannot leak: those are
counted, and at least half of the secrets must reach the devices for the test to mean
something.

The lab refuses, by name, a seed line it cannot place (parser-test junk, an ASA checksum,
a CLI prompt, typos IOS would refuse too): such a file boots without those lines, so every
file of the corpus is still checked. The lab's own editor finds the lines, the test prints
them with the lab's reason, and none of them may hold a ground-truth secret (else the check
would silently lose it).
"""

from __future__ import annotations

import json
import re
import secrets as random_secrets
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diff"))
from real_corpus import CONFIGS, Secrets, config_secrets, read

from tbwan.cli import app
from tbwan.credentials import load_secrets
from tbwan.diff import mask_secrets
from tbwan.lab import Credentials, LabDevice
from tbwan.lab.config_tree import Node
from tbwan.lab.editor import apply_text
from tbwan.lab.snmp_users import is_user_line
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.lab, pytest.mark.slow]

FIXTURES = list(CONFIGS)


def _seed(path: Path) -> tuple[str, list[str]]:
    """The file as a lab device boots it, and the lines left out: those the lab refuses.

    The lab applies the seed as :meth:`tbwan.lab.state.DeviceState.boot` does and names
    each refused line with its error; the other lines are kept byte for byte (CRLF too).
    """
    text = read(path)
    lines, bare = text.splitlines(keepends=True), text.splitlines()
    refused = {e.line: e.error for e in apply_text(Node(), bare, private=is_user_line) if e.error}
    kept = "".join(line for n, line in enumerate(lines, start=1) if n not in refused)
    return kept, [f"line {n}: {bare[n - 1]!r} ({error})" for n, error in sorted(refused.items())]


def _running_configs(hosts: list[str]) -> dict[str, str]:
    """The clear running config of each host, read as tbwan reads it (Netmiko)."""
    from nornir.core.filter import F

    from tbwan.tasks.backup import fetch_running

    nr = init_nornir(Settings()).filter(F(name__any=hosts))
    result = nr.run(task=fetch_running, on_failed=True)
    nr.close_connections(on_failed=True)
    return {h: str(r[0].result) for h, r in result.items() if not r.failed}


def test_backup_and_audit_of_real_configs_leak_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_libraries()
    monkeypatch.chdir(REPO)
    for var in THROWAWAY_VARS:
        monkeypatch.setenv(
            var, "tbwan" if var == "TBWAN_USERNAME" else random_secrets.token_hex(10)
        )
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    lab_dir = tmp_path / "lab"
    monkeypatch.setenv("TBWAN_LAB_DIR", str(lab_dir))
    hosts = sorted(init_nornir(Settings()).inventory.hosts)[: len(FIXTURES)]
    seeded = dict(zip(hosts, FIXTURES, strict=True))
    devices = []
    for host, path in seeded.items():
        seed, refused = _seed(path)
        left_out = "\n".join(refused)
        secret = [v for v in config_secrets(path).values if v in left_out]
        assert secret == [], f"{path.name}: a line the lab refuses holds a secret"
        if refused:
            print(f"{path.name}: seeded without what the lab refuses: {'; '.join(refused)}")
        devices.append(LabDevice(name=host, seed_config=seed))
    creds = Credentials(*load_secrets().login())
    backups, reports = tmp_path / "backups", tmp_path / "reports"
    runner = CliRunner()
    host_args = [arg for h in hosts for arg in ("--host", h)]
    with lab_process(devices, creds, lab_dir):
        on_device = _running_configs(hosts)
        printed = runner.invoke(app, ["backup", "--backup-dir", str(backups), *host_args]).output
        audit = runner.invoke(
            app,
            [
                "audit",
                "--reports",
                str(reports),
                "--log-file",
                str(tmp_path / "audit.log"),
                *host_args,
            ],
        )
        printed += audit.output
    assert audit.exit_code in (1, 2), audit.output  # drift (and maybe failed hosts), no crash
    report = json.loads(next(reports.glob("audit-*.json")).read_text(encoding="utf-8"))
    entries = {h["host"]: json.dumps(h) for h in report["hosts"]}
    # what is not per host; another config's plain text may hold a short secret value
    # ("xxx" in "ip router isis xxxxx"), so there a value counts as a whole word only
    shared = printed + (tmp_path / "audit.log").read_text(encoding="utf-8")
    shared += "".join(p.read_text(encoding="utf-8") for p in reports.iterdir() if p.is_file())
    # values some other seeded config holds as plain text (a "context public1")
    plain = {p: mask_secrets(read(p)) for p in FIXTURES}
    kept = dropped = 0
    for host, path in seeded.items():
        truth = config_secrets(path)
        present = tuple(v for v in truth.values if v in on_device.get(host, ""))
        kept += len(present)
        dropped += len(truth.values) - len(present)
        own = entries[host] + _git(backups, "log", "-p", "--all", "--", f"{host}.cfg")
        own += (backups / f"{host}.cfg").read_text(encoding="utf-8")
        found = Secrets(present, truth.also_plain).leaked(own)
        elsewhere = [text for other, text in plain.items() if other != path]
        found += [
            v
            for v in present
            if re.search(rf"(?<![\w$]){re.escape(v)}(?!\w)", shared)
            and not any(v in text for text in elsewhere)
        ]
        assert found == [], path.name
        if len(present) < len(truth.values):
            print(f"{path.name}: {len(truth.values) - len(present)} secret(s) not kept by the lab")
    print(f"secrets on the lab devices: {kept}; not kept by the lab: {dropped}")
    assert kept >= dropped


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout

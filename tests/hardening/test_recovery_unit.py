"""The shipped systemd unit's audit works under the unit's own restrictions.

``deploy/tbwan-audit.service`` makes the whole file system read-only (homes included)
but for the reports and backups folders and its ``CacheDirectory=``. The audit is run
here the same way: in a private mount namespace (``unshare -m``) where everything is
remounted read-only except those folders, through the wrapper the unit calls, against a
small device lab. The NetBox
inventory's snapshot goes to ``$CACHE_DIRECTORY``; where it cannot be written (home is
read-only) the load carries on with a warning.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tbwan.credentials import load_secrets
from tbwan.lab import Credentials
from tbwan.netbox.cache import SnapshotStore, State, default_cache_dir
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "deploy" / "tbwan-audit.service"
HOSTS = ("tb-bvdk-sw01", "tb-congan-sw01")


def _unit() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def test_unit_gives_the_snapshot_a_cache_directory() -> None:
    unit = _unit()
    assert unit["CacheDirectory"] == ["tbwan"]
    assert unit["ProtectSystem"] == ["strict"]
    assert unit["ProtectHome"] == ["read-only"]  # as the sandbox below: readable, not writable
    writable = " ".join(unit["ReadWritePaths"]).split()
    assert writable == ["/opt/tbwan/reports", "/opt/tbwan/backups"]
    assert default_cache_dir({"CACHE_DIRECTORY": "/var/cache/tbwan"}) == Path(
        "/var/cache/tbwan/netbox"
    )
    assert default_cache_dir(
        {"CACHE_DIRECTORY": "/var/cache/tbwan", "TBWAN_NETBOX_CACHE_DIR": "/srv/c"}
    ) == Path("/srv/c")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_unit_file_verifies(tmp_path: Path) -> None:
    # paths of this checkout in place of /opt/tbwan, so the ExecStart= check can pass
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace("/opt/tbwan", str(REPO)))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    complaints = [line for line in done.stderr.splitlines() if unit.name in line]
    assert done.returncode == 0 and not complaints, done.stderr


def _state() -> State:
    return State(
        url="http://netbox.example",
        filters={},
        created=0.0,
        anchor_id=1,
        anchor_time="",
        hole_since=None,
        generation="g1",
        refs={},
        netbox_version="4.7.3",
    )


def test_unwritable_snapshot_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tbwan.inventory.hostdata import NornirData

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    store = SnapshotStore(blocked, "key")
    with caplog.at_level("WARNING", logger="tbwan"):
        assert store.save(_state(), {}, NornirData(defaults={}, groups={}, hosts={})) is False
        assert store.save_state(_state()) is False
    assert "NetBox snapshot not saved" in caplog.text and "TBWAN_NETBOX_CACHE_DIR" in caplog.text
    assert store.read_state() is None


# --- the audit inside the unit's restrictions ------------------------------------------


def _sandbox_script(writable: list[Path], command: list[str]) -> str:
    """Shell: bind the writable folders, remount everything else read-only, run."""
    mounts = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()]
    targets = {"/", *(m for m in mounts if any(str(p).startswith(m + "/") for p in writable))}
    targets |= {m for m in mounts if str(REPO).startswith(m + "/") or m == str(Path.home())}
    lines = ["set -e"]
    lines += [f"mount --bind '{p}' '{p}'" for p in writable]
    lines += [f"mount -o remount,bind,ro '{t}'" for t in sorted(targets)]
    # PrivateTmp=: a private writable temporary folder (/var/tmp: the tests' own files
    # live under /tmp)
    lines.append("mount -t tmpfs -o size=16m tmpfs /var/tmp")
    # the restriction holds: the checkout and home cannot be written
    lines += [
        f"! touch '{REPO}/.sandbox-probe' 2>/dev/null",
        f"! touch '{Path.home()}/.p' 2>/dev/null",
    ]
    lines.append("exec " + shlex.join(command))
    return "\n".join(lines)


def _sandboxed(
    writable: list[Path], command: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    script = _sandbox_script(writable, command)
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
        timeout=300,
    )


def _can_sandbox(tmp: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", f"mount --bind '{tmp}' '{tmp}'"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def lab_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """Two deployed lab devices; the environment the unit's EnvironmentFile would give."""
    tmp = tmp_path_factory.mktemp("unit")
    if not _can_sandbox(tmp):
        pytest.skip("unshare -m is not permitted here (needs root or user namespaces)")
    quiet_libraries()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        mp.setenv("TBWAN_LAB_DIR", str(tmp / "lab"))
        creds = Credentials(*load_secrets().login())
        nr = HostFilter(hosts=HOSTS).apply(init_nornir(Settings()))
        with lab_process(inventory_devices(nr), creds, tmp / "lab"):
            renderer = Renderer(REPO / "templates", load_secrets())
            nr = HostFilter(hosts=HOSTS).apply(init_nornir(Settings()))
            done = deploy(nr, renderer, store=BackupStore(tmp / "b0"), commit=True, replace=True)
            assert not done.failed, done.failed
            yield tmp, dict(os.environ)


@pytest.mark.lab
def test_audit_runs_inside_the_units_restrictions(lab_env: tuple[Path, dict[str, str]]) -> None:
    tmp, base = lab_env
    reports, cache = tmp / "reports", tmp / "cache"
    reports.mkdir()
    cache.mkdir()
    env = {**base, "TBWAN_HOME": str(REPO), "TBWAN_REPORTS": str(reports)}
    env |= {"CACHE_DIRECTORY": str(cache), "TBWAN_AUDIT_TIMEOUT": "120"}
    wrapper = str(REPO / "deploy" / "tbwan-audit")
    hosts = [arg for h in HOSTS for arg in ("--host", h)]
    done = _sandboxed([reports, cache], [wrapper, *hosts], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        list(reports.glob("audit-*.json")) and "audit done" in (reports / "audit.log").read_text()
    )
    prom = (reports / "tbwan_audit.prom").read_text()
    assert re.search(r"^tbwan_audit_success 1$", prom, flags=re.MULTILINE)


@pytest.mark.lab
def test_snapshot_goes_to_the_cache_directory_inside_the_restrictions(
    lab_env: tuple[Path, dict[str, str]],
) -> None:
    tmp, base = lab_env
    cache = tmp / "cache2"
    cache.mkdir()
    code = (
        "import logging, sys\n"
        "from tbwan.inventory.hostdata import NornirData\n"
        "from tbwan.netbox.cache import SnapshotStore, State, default_cache_dir\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "state = State(url='u', filters={}, created=0.0, anchor_id=1, anchor_time='',\n"
        "              hole_since=None, generation='g', refs={}, netbox_version='4')\n"
        "ok = SnapshotStore(default_cache_dir(), 'k').save(state, {}, NornirData({}, {}, {}))\n"
        "print('saved' if ok else 'not saved')\n"
    )
    command = [sys.executable, "-c", code]
    env = {k: v for k, v in base.items() if k not in ("XDG_CACHE_HOME", "TBWAN_NETBOX_CACHE_DIR")}
    done = _sandboxed([cache], command, {**env, "CACHE_DIRECTORY": str(cache)})
    assert done.returncode == 0 and "saved" in done.stdout, done.stderr
    assert (cache / "netbox" / "k" / "state.json").exists()
    # the same without the unit's CacheDirectory=: home is read-only, a warning, no failure
    done = _sandboxed([cache], command, env)
    assert done.returncode == 0 and "not saved" in done.stdout, done.stderr
    assert "NetBox snapshot not saved" in done.stderr

"""``tbwan diff``: exit status, JSON shape, the same result as audit's comparison."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.diff import diff_configs
from tbwan.platforms import IOS

CASES = Path(__file__).parents[1] / "fixtures" / "diff"
RUNNER = CliRunner()


def _run(*args: str | Path) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["diff", *map(str, args)])
    return result.exit_code, result.output


def test_compliant_exits_0() -> None:
    code, out = _run(CASES / "compliant" / "intended.cfg", CASES / "compliant" / "running.cfg")
    assert code == 0, out
    assert "compliant" in out


def test_drift_json_is_what_audit_computes() -> None:
    case = CASES / "acl_line_changed"
    code, out = _run(case / "intended.cfg", case / "running.cfg", "--json")
    assert code == 1
    doc = json.loads(out)
    assert set(doc) == {"compliant", "line_count", "features", "remediation", "rollback"}
    drift = diff_configs(
        "x", (case / "intended.cfg").read_text(), (case / "running.cfg").read_text(), platform=IOS
    )
    assert doc["compliant"] is False
    assert doc["line_count"] == drift.line_count
    assert doc["features"] == [
        {
            "name": f.feature.value,
            "missing": [list(p) for p in f.missing],
            "extra": [list(p) for p in f.extra],
        }
        for f in drift.features
    ]
    assert (doc["remediation"], doc["rollback"]) == (drift.remediation, drift.rollback)


def test_secret_change_is_drift_without_the_secret() -> None:
    case = CASES / "secret_changed_clear"
    code, out = _run(case / "intended.cfg", case / "running.cfg")
    assert code == 1
    assert "secret changed" in out
    for secret in ("Tb!Ro2024", "public", "0822455D0A16544541", "Tb2024VpnKey!"):
        assert secret not in out


def test_bad_input_exits_3(tmp_path: Path) -> None:
    good = CASES / "compliant" / "intended.cfg"
    code, out = _run(tmp_path / "missing.cfg", good)
    assert code == 3 and "missing.cfg" in out
    bad = tmp_path / "pasted.cfg"
    bad.write_text("interface Gi0/1\n description x\nexit\n")
    code, out = _run(good, bad)
    assert code == 3
    assert "running config: line 3" in " ".join(out.split())

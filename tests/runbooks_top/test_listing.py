"""``tbwan runbooks`` lists every script of ``runbooks/`` with its first docstring line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.cli.runbooks import runbook_summaries

REPO = Path(__file__).resolve().parents[2]


def test_every_runbook_is_listed_with_its_docstring() -> None:
    found = runbook_summaries(REPO / "runbooks")
    assert set(found) == {p.stem for p in (REPO / "runbooks").glob("[!_]*.py")}
    assert found["ospf_neighbors"].startswith("OSPF neighbours per hub")
    assert all(line and line != "(no docstring)" for line in found.values())


def test_every_runbook_is_short_with_filters_and_help() -> None:
    for path in (REPO / "runbooks").glob("[!_]*.py"):
        text = path.read_text()
        assert len(text.splitlines()) <= 110, path.name
        assert "parser(__doc__" in text, path.name  # --host/--site/--role/--district


def test_cli_lists_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    done = CliRunner().invoke(app, ["runbooks"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert "ospf_neighbors" in done.output and "ticket_bundle" in done.output


def test_cli_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(app, ["runbooks"])
    assert done.exit_code == 3
    assert "runbooks: not found" in done.output


def test_a_helper_and_a_broken_script(tmp_path: Path) -> None:
    (tmp_path / "_helper.py").write_text('"""Not a runbook."""\n')
    (tmp_path / "broken.py").write_text("def (:\n")
    (tmp_path / "bare.py").write_text("x = 1\n")
    found = runbook_summaries(tmp_path)
    assert set(found) == {"broken", "bare"}
    assert found["bare"] == "(no docstring)" and found["broken"].startswith("(unreadable")


def test_the_engine_tasks_are_a_documented_public_api() -> None:
    import tbwan.tasks

    for name in tbwan.tasks.__all__:
        obj = getattr(tbwan.tasks, name)
        assert obj.__doc__ and obj.__doc__.strip(), name
        assert f"`{name}`" in (tbwan.tasks.__doc__ or ""), f"{name} missing from the docstring"

"""The secrets file: owner-only, outside the repository, values read as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.credentials import load_secrets
from tbwan.errors import (
    CredentialsError,
    DuplicateKeyError,
    FileEncodingError,
    SecretsFileError,
)
from tbwan.render.engine import render_inventory

REPO = Path(__file__).resolve().parents[2]


def _file(folder: Path, text: str | bytes, mode: int = 0o600) -> Path:
    path = folder / "secrets.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o666, 0o620])
def test_group_or_other_access_is_refused(tmp_path: Path, mode: int) -> None:
    path = _file(tmp_path, "password: s3cret\n", mode)
    with pytest.raises(SecretsFileError, match=f"mode {mode:04o}.*chmod 600 {path}"):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


def test_owner_only_file_is_used(tmp_path: Path) -> None:
    path = _file(tmp_path, "username: netadmin\npassword: s3cret\n")
    assert load_secrets({"TBWAN_SECRETS_FILE": str(path)}).login()[1] == "s3cret"


def test_a_file_inside_the_repository_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    path = REPO / "build" / "hardening-secrets.yaml"
    path.parent.mkdir(exist_ok=True)
    try:
        _file(path.parent, "password: s3cret\n").rename(path)
        with pytest.raises(SecretsFileError, match="inside the repository"):
            load_secrets({"TBWAN_SECRETS_FILE": str(path)})
    finally:
        path.unlink(missing_ok=True)


def test_a_file_inside_the_working_repository_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "nornir.yaml").write_text("inventory: {}\n")
    (tmp_path / "inventory").mkdir()
    path = _file(tmp_path / "inventory", "password: s3cret\n")
    monkeypatch.chdir(tmp_path / "inventory")
    with pytest.raises(SecretsFileError, match=f"inside the repository \\({tmp_path}\\)"):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


@pytest.mark.parametrize("value", ["0123", "yes", "no", "on", "12:30", "0x1F", "1e3", "~", "null"])
def test_values_are_strings_as_written(tmp_path: Path, value: str) -> None:
    path = _file(tmp_path, f"password: {value}\ntacacs_key: {value}\n")
    secrets = load_secrets({"TBWAN_SECRETS_FILE": str(path)})
    assert secrets.password == value
    assert secrets.config_value("tacacs_key") == value


@pytest.mark.parametrize("text", ["tacacs_key:\n", "tacacs_key: ''\n", 'tacacs_key: ""\n'])
def test_an_empty_value_is_refused(tmp_path: Path, text: str) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(CredentialsError, match="tacacs_key empty"):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


def test_an_empty_tacacs_key_never_renders_none(tmp_path: Path, repo: Path) -> None:
    from tbwan.inventory.store import load_inventory

    path = _file(tmp_path, "tacacs_key:\n")
    try:
        secrets = load_secrets({"TBWAN_SECRETS_FILE": str(path)})
    except CredentialsError:
        return
    config = render_inventory(
        load_inventory(repo / "inventory"), repo / "templates", secrets, only={"tb-sonv-rt01"}
    )
    assert " key None" not in config["tb-sonv-rt01"]


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, "password: one\npassword: two\n")
    with pytest.raises(DuplicateKeyError, match=f"{path}: line 2: key 'password'.*line 1"):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


@pytest.mark.parametrize(
    ("data", "expect"),
    [
        ("password: m\xe2t\n".encode("latin-1"), "line 1 is not UTF-8"),
        ("password: mật\n".encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
    ],
)
def test_a_file_that_is_not_utf8_is_named(tmp_path: Path, data: bytes, expect: str) -> None:
    path = _file(tmp_path, data)
    with pytest.raises(FileEncodingError, match=f"{path}: {expect}"):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


def test_the_cli_says_what_to_do_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, "password: s3cret\n", 0o644)
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        app,
        ["deploy", "--host", "tb-sonv-rt01"],
        env={"TBWAN_SECRETS_FILE": str(path), "COLUMNS": "300"},
    )
    assert result.exit_code == 3, result.output
    assert f"chmod 600 {path}" in " ".join(result.output.split())
    assert "Traceback" not in result.output

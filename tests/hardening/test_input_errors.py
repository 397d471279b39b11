"""Bad input never ends in a traceback: one error type per cause, exit 3, a message that
names what to fix, printed as written."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.errors import RenderError
from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.store import load_inventory
from tbwan.render.engine import Renderer, host_context

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(
        REPO / "inventory", tmp_path / "inventory", ignore=shutil.ignore_patterns("source")
    )
    shutil.copy(REPO / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


def _give_role(workdir: Path, role: str) -> None:
    """Give tb-sonv-rt01 ``role``, whose template needs what a CE router does not have.

    The templates take their facts from the inventory, so a firewall template renders for
    any device; the copy here needs an interface in the firewall's INTERNET zone, as a
    province's own firewall template would.
    """
    path = workdir / "inventory" / "sites" / "tb-sonv.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("role: ce-router", f"role: {role}", 1), encoding="utf-8")
    templates = workdir / "templates"
    templates.unlink()
    shutil.copytree(REPO / "templates", templates)
    firewall = templates / "ios" / f"{role}.j2"
    needs = (
        "! uplink {{ (device.interfaces | selectattr('zone', 'equalto', 'INTERNET')"
        " | first).name }}\n"
    )
    firewall.write_text(needs + firewall.read_text(encoding="utf-8"), encoding="utf-8")


def test_check_catches_a_role_whose_template_does_not_fit(workdir: Path) -> None:
    _give_role(workdir, "dic-firewall")
    code, out = _run("inventory", "check")
    assert code == 3, out
    assert "1 device(s) do not render with their role's template" in out
    assert "host tb-sonv-rt01: template templates/ios/dic-firewall.j2:" in out


def test_render_of_a_misfit_role_is_a_clear_error(workdir: Path) -> None:
    _give_role(workdir, "dic-firewall")
    code, out = _run("render", "--site", "tb-sonv")
    assert code == 1, out
    assert "failed tb-sonv-rt01: [RENDER] host tb-sonv-rt01: template" in out
    assert "Traceback" not in out and "nornir" not in out.lower()


def test_a_filter_failing_on_host_data_names_host_and_template() -> None:
    inv = load_inventory(REPO / "inventory")
    data = nornir_data(inv, {"tb-sonv-rt01"})
    spec = data.hosts["tb-sonv-rt01"]
    device = copy.deepcopy(spec.data["device"])
    device["interfaces"][1]["name"] = "Gigabit Ethernet0/0/0"  # as another inventory might hold
    context = host_context(device, data.groups[spec.groups[0]].data["site"], data.defaults["plan"])
    with pytest.raises(RenderError) as err:
        Renderer(REPO / "templates").render("tb-sonv-rt01", context)
    msg = str(err.value)
    assert "host tb-sonv-rt01: template" in msg and ".j2:" in msg
    assert "cannot use this host's data (ValueError" in msg


def test_an_unusable_reports_folder_is_named(workdir: Path) -> None:
    (workdir / "reports").write_text("a file where the folder should be")
    code, out = _run("audit", "--site", "tb-sonv")
    assert code == 3, out
    assert "reports: cannot be used for the run's lock file .audit.lock" in out
    assert "--reports" in out


def test_an_unusable_log_file_is_named(workdir: Path) -> None:
    (workdir / "logs").write_text("a file where the folder should be")
    code, out = _run("audit", "--site", "tb-sonv", "--log-file", "logs/audit.log")
    assert code == 3, out
    assert "logs/audit.log: cannot be used as the log file" in out


def test_markup_in_an_error_is_printed_as_text(workdir: Path) -> None:
    path = workdir / "inventory" / "sites" / "tb-sonv.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("vlans:\n- vid: 10\n  name: staff", "vlans:\n- vid: 10\n  name: Staff LAN", 1),
        encoding="utf-8",
    )
    code, out = _run("inventory", "check")
    assert code == 3, out
    assert "String should match pattern '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'" in out


def test_a_secrets_file_in_utf16_is_named(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.yaml"
    secrets.write_bytes("password: mật-khẩu\n".encode("utf-16"))
    secrets.chmod(0o600)
    result = CliRunner().invoke(
        app,
        ["deploy", "--host", "tb-sonv-rt01"],
        env={"TBWAN_SECRETS_FILE": str(secrets), "COLUMNS": "400"},
    )
    out = " ".join(result.output.split())
    assert result.exit_code == 3, out
    assert f"[ENCODING] {secrets}: is UTF-16 text; save it as UTF-8" in out

"""Render errors name the template, line and host; nothing can inject a command."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tbwan.credentials import Secrets, load_secrets
from tbwan.errors import CredentialsError, RenderError
from tbwan.inventory.store import load_inventory
from tbwan.platforms import get_platform
from tbwan.render.engine import Renderer, host_context, render_inventory


def _context(repo: Path, host: str) -> dict[str, Any]:
    inv = load_inventory(repo / "inventory")
    device = next(d for d in inv.devices if d.name == host)
    site = next(s for s in inv.sites if device in s.devices)
    site_data = site.model_dump(mode="json", exclude={"devices"})
    site_data["region_name"] = inv.region(site.region).name
    return host_context(device.model_dump(mode="json"), site_data, inv.plan.model_dump(mode="json"))


def test_undefined_variable_names_template_line_and_host(repo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(repo / "templates", templates)
    path = templates / "ios" / "ce-router.j2"
    path.write_text(
        path.read_text() + "{% block extra %}{{ device.no_such_field }}{% endblock %}\n"
    )
    base = templates / "ios" / "_base.j2"
    base.write_text(base.read_text().replace("end\n", "{% block extra %}{% endblock %}\nend\n"))
    with pytest.raises(RenderError) as err:
        Renderer(templates).render("tb-sonv-rt01", _context(repo, "tb-sonv-rt01"))
    msg = str(err.value)
    assert msg.startswith("[RENDER] host tb-sonv-rt01: template ")
    assert "ce-router.j2:" in msg
    assert "no_such_field" in msg


def test_syntax_error_names_the_line(repo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(repo / "templates", templates)
    (templates / "ios" / "ce-router.j2").write_text("hostname x\n{% if %}\n")
    with pytest.raises(RenderError, match=r"host tb-sonv-rt01: template .*ce-router.j2:2"):
        Renderer(templates).render("tb-sonv-rt01", _context(repo, "tb-sonv-rt01"))


def test_missing_role_template(repo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(repo / "templates", templates)
    (templates / "ios" / "ce-router.j2").unlink()
    with pytest.raises(
        RenderError, match=r"no template .*ce-router.j2 for role 'ce-router': add one"
    ):
        Renderer(templates).render("tb-sonv-rt01", _context(repo, "tb-sonv-rt01"))


def test_secrets_are_masked_unless_given(repo: Path) -> None:
    ctx = _context(repo, "tb-sonv-rt01")
    masked = Renderer(repo / "templates").render("tb-sonv-rt01", ctx)
    assert " key <removed>" in masked
    assert "snmp-server user tbwan-mon TBWAN-RO v3 auth sha <removed> priv aes 128 <removed>" in (
        masked
    )
    real = Renderer(
        repo / "templates",
        Secrets(
            tacacs_key="T4cacs",
            password="pw",
            enable_secret="en",
            snmp_auth="Auth12345",
            snmp_priv="Priv12345",
        ),
    ).render("tb-sonv-rt01", ctx)
    assert " key T4cacs" in real
    assert "snmp-server user tbwan-mon TBWAN-RO v3 auth sha Auth12345 priv aes 128 Priv12345" in (
        real
    )
    assert "username netadmin privilege 15 secret pw" in real
    assert "<removed>" not in real


def test_secret_with_newline_is_refused() -> None:
    with pytest.raises(CredentialsError, match="secret tacacs_key: contains U\\+000A"):
        load_secrets({"TBWAN_TACACS_KEY": "k\nusername evil privilege 15"})


def test_short_snmp_passphrase_is_refused() -> None:
    with pytest.raises(CredentialsError, match=r"snmp_priv \(TBWAN_SNMP_PRIV\): at least 8"):
        load_secrets({"TBWAN_SNMP_AUTH": "long-enough", "TBWAN_SNMP_PRIV": "short"})


def test_missing_credentials_say_what_to_set() -> None:
    with pytest.raises(CredentialsError, match="set TBWAN_USERNAME and TBWAN_PASSWORD"):
        load_secrets({}).login()


def test_secrets_never_in_repr() -> None:
    s = Secrets(username="u", password="hunter2")
    assert "hunter2" not in repr(s)


def test_rendered_configs_hold_no_control_characters(repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    configs = render_inventory(inv, repo / "templates")
    assert len(configs) == 393
    for device in inv.devices:
        text = configs[device.name]
        assert all(c == "\n" or c.isprintable() for c in text)
        assert get_platform(device.platform).is_complete(text), device.name
        assert device.name in text.splitlines()[0], device.name


def test_enable_secret_defaults_to_the_password(repo: Path) -> None:
    text = Renderer(repo / "templates", Secrets(password="pw", tacacs_key="k")).render(
        "tb-sonv-rt01", _context(repo, "tb-sonv-rt01")
    )
    assert "enable secret pw" in text

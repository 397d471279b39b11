"""Text that reaches a config: no line break of any kind, printable ASCII only.

Rendering splits lines as ``str.splitlines()`` does, so every character it breaks at is
refused, in every inventory field, every CLI argument and every secret, when loaded and
again when rendered; Vietnamese is folded to ASCII, what cannot be folded is refused.
"""

from __future__ import annotations

import copy
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.cli.onboard import _request
from tbwan.credentials import load_secrets
from tbwan.errors import (
    CredentialsError,
    InventoryError,
    RenderError,
    TbwanError,
    UnknownNameError,
)
from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.models import (
    Circuit,
    Device,
    Interface,
    Inventory,
    Plan,
    Prefix,
    Region,
    Services,
    Site,
    Vlan,
)
from tbwan.inventory.store import load_inventory
from tbwan.onboard.move import move_sites
from tbwan.render.engine import Renderer, host_context

REPO = Path(__file__).resolve().parents[2]
INJECTION = "Router ID\u2028username evil privilege 15 secret x"


def _line_breaks() -> list[str]:
    """Every character ``str.splitlines()`` ends a line at (computed, not listed)."""
    return [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and len(f"a{chr(c)}b".splitlines()) > 1
    ]


LINE_BREAKS = _line_breaks()
# What cannot be folded to ASCII, and invisible characters that hide what a line holds.
UNFOLDABLE = ["🚀", "漢", "字", "Ø", "€", "\u200b", "\u202e", "\ufeff", "\ue000"]
BAD_CHARS = st.sampled_from(LINE_BREAKS + UNFOLDABLE + ["\x00", "\x07", "\t", "\x1b", "\x7f"])
TAIL = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def inventory() -> Inventory:
    return load_inventory(REPO / "inventory")


def test_the_refused_set_agrees_with_splitlines() -> None:
    assert {"\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"} == set(
        LINE_BREAKS
    )
    for ch in LINE_BREAKS:
        with pytest.raises(ValidationError, match="line break or control character"):
            Region(slug="x", name=f"Router ID{ch}username evil")


# --- load time: every string field of every model -----------------------------------


def _samples() -> list[tuple[type[BaseModel], dict[str, Any], str]]:
    """(model, a valid record of it, name of one of its string fields), for every string
    field of every inventory model."""
    inv = inventory()
    sonv = inv.site("tb-sonv")
    dev = sonv.devices[0]
    records: list[BaseModel] = [
        inv.region("vu-thu"),
        inv.plan.services,
        inv.plan,
        sonv.vlans[0],
        sonv.prefixes[0],
        sonv.circuits[0],
        dev.interfaces[1],
        dev,
        sonv,
    ]
    out: list[tuple[type[BaseModel], dict[str, Any], str]] = []
    for rec in records:
        for name, field in type(rec).model_fields.items():
            if "str" not in str(field.annotation) or name == "pools":
                continue
            data = rec.model_dump(mode="json")
            if data.get(name) is None:  # an optional field: give it a valid value
                data[name] = next(
                    v
                    for v in ("Router ID", "Loopback0", "tb-ttthdl", "WAN")
                    if _valid(rec, name, v)
                )
            out.append((type(rec), data, name))
    return out


def _valid(rec: BaseModel, name: str, value: str) -> bool:
    try:
        type(rec).model_validate({**rec.model_dump(mode="json"), name: value})
    except ValidationError:
        return False
    return True


SAMPLES = _samples()


def test_every_model_with_text_is_covered() -> None:
    covered = {m for m, _, _ in SAMPLES}
    assert covered == {Region, Services, Plan, Vlan, Prefix, Circuit, Interface, Device, Site}
    assert len(SAMPLES) >= 25


@FAST
@given(case=st.sampled_from(SAMPLES), bad=BAD_CHARS, tail=TAIL)
def test_every_inventory_text_field_refuses_breaks_and_unfoldable_text(
    case: tuple[type[BaseModel], dict[str, Any], str], bad: str, tail: str
) -> None:
    model, data, name = case
    model.model_validate(data)  # the record is valid as it stands
    broken = {**data, name: f"{data[name]}{bad}{tail}"}
    with pytest.raises(ValidationError) as err:
        model.model_validate(broken)
    assert any(e["loc"] and e["loc"][0] == name for e in err.value.errors())


@FAST
@given(pools=st.dictionaries(st.sampled_from(["lan\u2028x", "p2p\n", "loop back"]), st.just(1)))
def test_pool_names_are_identifiers(pools: dict[str, int]) -> None:
    plan = inventory().plan.model_dump(mode="json")
    plan["pools"] = {**plan["pools"], **dict.fromkeys(pools, "10.34.0.0/22")}
    if pools:
        with pytest.raises(ValidationError):
            Plan.model_validate(plan)


# --- render time: every string of the template context --------------------------------


def _leaves(value: Any, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for n, v in enumerate(value) for p in _leaves(v, f"{path}[{n}]")]
    return []


def _set(context: dict[str, Any], path: str, text: str) -> None:
    parts = [p for p in re.split(r"\.|\[(\d+)\]", path) if p]
    node: Any = context
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = text


@cache
def contexts() -> dict[str, dict[str, Any]]:
    """A context per role (the data as the NetBox plugin would give it, unvalidated)."""
    inv = inventory()
    one_per_role = {}
    for d in inv.devices:
        one_per_role.setdefault(d.role, d.name)
    data = nornir_data(inv, set(one_per_role.values()))
    return {
        h.name: host_context(
            h.data["device"], data.groups[h.groups[0]].data["site"], data.defaults["plan"]
        )
        for h in data.hosts.values()
    }


CONTEXT_LEAVES = sorted((h, p) for h, c in contexts().items() for p in _leaves(c))
RENDERER = Renderer(REPO / "templates")


@FAST
@given(leaf=st.sampled_from(CONTEXT_LEAVES), bad=BAD_CHARS, tail=TAIL)
def test_render_refuses_any_context_string_with_a_break(
    leaf: tuple[str, str], bad: str, tail: str
) -> None:
    host, path = leaf
    context = copy.deepcopy(contexts()[host])
    _set(context, path, f"x{bad}{tail}")
    with pytest.raises(RenderError, match=re.escape(f"host {host}: field {path}:")):
        RENDERER.render(host, context)


@FAST
@given(
    leaf=st.sampled_from(
        [lf for lf in CONTEXT_LEAVES if "description" in lf[1] or "name" in lf[1]]
    ),
    text=st.text(alphabet="ĐđÂâĂăÊêÔôƠơƯưáàảãạếềểễệốồổỗộớờởỡợứừửữự ", min_size=1, max_size=30),
)
def test_render_folds_vietnamese_into_printable_ascii(leaf: tuple[str, str], text: str) -> None:
    host, path = leaf
    context = copy.deepcopy(contexts()[host])
    _set(context, path, text)
    try:
        config = RENDERER.render(host, context)
    except RenderError as exc:  # e.g. a renamed interface no longer fits the template
        assert "not printable ASCII" not in str(exc)
        return
    assert re.fullmatch(r"[\x20-\x7e\n]*", config)


def test_snmp_location_and_descriptions_are_folded(inventory_copy: Path) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["devices"][0]["interfaces"][0]["description"] = "Điểm định tuyến"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from tbwan.render.engine import render_inventory

    config = render_inventory(
        load_inventory(inventory_copy), REPO / "templates", only={"tb-sonv-rt01"}
    )
    text = config["tb-sonv-rt01"]
    assert " description Diem dinh tuyen\n" in text
    assert "snmp-server location So Noi vu, Thanh pho Thai Binh\n" in text
    assert text.isascii()


# --- the reported attacks, end to end ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        (INJECTION, "U+2028 LINE SEPARATOR"),
        ("Router ID\u0085username evil", "U+0085"),
        ("Router ID\u2029username evil", "U+2029 PARAGRAPH SEPARATOR"),
        ("Điểm 🚀 漢字", "U+1F680 ROCKET"),
    ],
)
def test_inventory_check_refuses_a_description(
    inventory_copy: Path, value: str, expect: str
) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["devices"][0]["interfaces"][0]["description"] = value
    # written escaped ("\u2028"): PyYAML itself would fold a raw U+0085 into a space
    path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["inventory", "check", "--inventory", str(inventory_copy)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 3, result.output
    out = " ".join(result.output.split())
    assert str(path) in out
    assert "devices[0] (tb-sonv-rt01).interfaces[0] (Loopback0).description" in out
    assert expect in out
    assert "Traceback" not in out


# --- CLI arguments that reach templates ----------------------------------------------


@FAST
@given(
    bad=BAD_CHARS,
    tail=TAIL,
    arg=st.sampled_from(["district", "code", "name", "uplink", "rate"]),
)
def test_every_onboard_argument_refuses_breaks(bad: str, tail: str, arg: str) -> None:
    args = {
        "district": "vu-thu",
        "code": "13290",
        "name": "Xã Tân Lập Mới",
        "uplink": "copper",
        "rate": "4M",
    }
    args[arg] = f"{args[arg]}{bad}{tail}"
    with pytest.raises(typer.BadParameter):
        _request(
            args["district"], args["code"], args["name"], args["uplink"], args["rate"], "arguments"
        )


@FAST
@given(bad=BAD_CHARS, tail=TAIL, flag=st.sampled_from(["region", "region_name", "parent"]))
def test_site_move_arguments_refuse_breaks(bad: str, tail: str, flag: str) -> None:
    args = {"region": "hung-yen", "region_name": "Tỉnh Hưng Yên", "parent": None}
    args[flag] = f"x{bad}{tail}"
    with pytest.raises(TbwanError) as err:
        move_sites(inventory(), ["tb-sonv"], **args)  # type: ignore[arg-type]
    assert isinstance(err.value, InventoryError | UnknownNameError)


def test_onboard_cli_refuses_an_injected_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "onboard",
            "commune",
            "--district",
            "vu-thu",
            "--code",
            "13290",
            "--name",
            "Xã Tân Lập\u2028username evil privilege 15",
            "--uplink",
            "copper",
            "--rate",
            "4M",
        ],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code != 0
    assert "U+2028 LINE SEPARATOR" in " ".join(result.output.split())


def test_site_move_cli_refuses_an_injected_region_name(
    inventory_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = inventory_copy.parent
    (work / "nornir.yaml").write_text((REPO / "nornir.yaml").read_text())
    (work / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(work)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    before = (inventory_copy / "regions.yaml").read_text()
    result = CliRunner().invoke(
        app,
        [
            "site",
            "move",
            "tb-sonv",
            "--region",
            "hung-yen",
            "--region-name",
            "Tỉnh\u2028snmp-server community x",
        ],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 3, result.output
    assert "--region-name" in result.output
    assert (inventory_copy / "regions.yaml").read_text() == before


# --- secrets -------------------------------------------------------------------------

SECRET_KEYS = ["username", "password", "enable_secret", "tacacs_key", "ipsec_psk"]


@FAST
@given(key=st.sampled_from(SECRET_KEYS), bad=BAD_CHARS | st.sampled_from(["ă", " "]), tail=TAIL)
def test_every_secret_variable_refuses_breaks_and_non_ascii(key: str, bad: str, tail: str) -> None:
    with pytest.raises(CredentialsError, match=f"secret {key}:"):
        load_secrets({f"TBWAN_{key.upper()}": f"k1{bad}{tail}"})


def test_tacacs_key_with_a_line_separator_is_refused() -> None:
    with pytest.raises(CredentialsError, match="U\\+2028"):
        load_secrets({"TBWAN_TACACS_KEY": "k1\u2028end"})


@FAST
@given(key=st.sampled_from(SECRET_KEYS), bad=BAD_CHARS, tail=TAIL)
def test_every_secret_in_the_file_refuses_breaks(
    tmp_path_factory: pytest.TempPathFactory, key: str, bad: str, tail: str
) -> None:
    path = tmp_path_factory.mktemp("secrets") / "secrets.yaml"
    path.write_text(yaml.safe_dump({key: f"k1{bad}{tail}"}), encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(CredentialsError):
        load_secrets({"TBWAN_SECRETS_FILE": str(path)})


@pytest.mark.parametrize(
    ("code", "rate"), [("١٢٣٤٥", "4M"), ("13290", "٤M"), ("13290", "4M\u2028")]
)
def test_onboard_digits_are_ascii(code: str, rate: str) -> None:
    with pytest.raises(typer.BadParameter):
        _request("vu-thu", code, "Xã Tân Lập Mới", "copper", rate, "arguments")

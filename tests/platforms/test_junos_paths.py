"""Junos through tbwan's device paths: the logic above NAPALM, with recording fakes.

The fakes stand for NAPALM's driver objects only; what is checked is what tbwan asks of
them on each platform (the running config's format, how a replace is loaded, the rollback
timer's unit, which show commands and getters verify uses) and the pure comparisons
(SNMPv3 keys as Junos stores them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tbwan.diff import diff_configs, plan_changes
from tbwan.diff.writeonly import drop_stored
from tbwan.inventory.hostdata import NornirData
from tbwan.platforms import IOS, JUNOS, Platform
from tbwan.tasks.napalm_deploy import load_candidate, running_config
from tbwan.tasks.verify import _routes, _show

USER = "set snmp v3 usm local-engine user tbwan-mon"
INTENDED = (
    "set system host-name fw1\n"
    f'{USER} authentication-sha authentication-password "auth-pass-1"\n'
    f'{USER} privacy-aes128 privacy-password "priv-pass-1"\n'
    "set snmp location x\n"
)
# as Junos shows the same config: the passwords became keys localised to the engine
STORED = (
    "set system host-name fw1\n"
    f'{USER} authentication-sha authentication-key "$9$7-dwgJUjq.5F6Ct0BEyrs2gaUj"\n'
    f'{USER} privacy-aes128 privacy-key "$9$YW4aJUjHmPQ3Ctu0BIEcylKv"\n'
    "set snmp location x\n"
)


@dataclass
class FakeDriver:
    """Records what tbwan asks of a NAPALM driver."""

    config: str = "set system host-name fw1\n"
    calls: list[tuple[str, Any]] = field(default_factory=list)
    cli_output: dict[str, str] = field(default_factory=dict)
    routes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def get_config(self, retrieve: str = "all", **kwargs: Any) -> dict[str, str]:
        self.calls.append(("get_config", kwargs))
        return {"running": self.config, "startup": "", "candidate": ""}

    def load_merge_candidate(self, config: str) -> None:
        self.calls.append(("merge", config))

    def load_replace_candidate(self, config: str) -> None:
        self.calls.append(("replace", config))

    def cli(self, commands: list[str]) -> dict[str, str]:
        self.calls.append(("cli", commands))
        return {c: self.cli_output[c] for c in commands}

    def get_route_to(self, destination: str) -> dict[str, list[dict[str, Any]]]:
        self.calls.append(("get_route_to", destination))
        return {destination: self.routes.get(destination, [])}


def test_running_config_is_read_in_set_form_on_junos_only() -> None:
    junos, ios = FakeDriver(), FakeDriver(config="hostname r1\nend\n")
    assert running_config(junos, JUNOS) == "set system host-name fw1\n"
    assert running_config(ios, IOS) == "hostname r1\nend\n"
    assert junos.calls == [("get_config", {"format": "set"})]
    assert ios.calls == [("get_config", {})]  # NAPALM's ios driver knows text only


@pytest.mark.parametrize("platform", [IOS, JUNOS], ids=lambda p: p.slug)
def test_merge_is_napalms_merge(platform: Platform) -> None:
    device = FakeDriver()
    load_candidate(device, platform, "x\n", replace=False)
    assert device.calls == [("merge", "x\n")]


def test_junos_replace_is_delete_then_set_in_one_merge() -> None:
    """PyEZ refuses ``overwrite`` with set form: Junos replaces by emptying the candidate."""
    device = FakeDriver()
    load_candidate(device, JUNOS, "set system host-name fw2\n", replace=True)
    assert device.calls == [("merge", "delete \nset system host-name fw2\n")]


def test_ios_replace_is_napalms_replace() -> None:
    device = FakeDriver()
    load_candidate(device, IOS, "hostname r2\n", replace=True)
    assert device.calls == [("replace", "hostname r2\n")]


@pytest.mark.parametrize(("seconds", "ios", "junos"), [(300, 300, 300), (1, 1, 60), (61, 61, 120)])
def test_rollback_timer_in_the_platforms_unit(seconds: int, ios: int, junos: int) -> None:
    assert (IOS.revert_seconds(seconds), JUNOS.revert_seconds(seconds)) == (ios, junos)


def test_snmpv3_keys_as_stored_are_not_drift() -> None:
    drift = diff_configs("fw1", INTENDED, STORED, platform=JUNOS)
    assert drift.compliant, drift.features


def test_missing_snmpv3_user_is_drift_and_remediated_with_the_password() -> None:
    running = "".join(line for line in STORED.splitlines(keepends=True) if USER not in line)
    drift = diff_configs("fw1", INTENDED, running, platform=JUNOS)
    assert [f.feature.value for f in drift.features] == ["management"]
    assert drift.missing_count == 2
    assert "auth-pass-1" not in repr(drift)
    plan = plan_changes(INTENDED, running, platform=JUNOS)
    assert f"{USER} authentication-sha authentication-password auth-pass-1" in (
        plan.remediation.splitlines()
    )


def test_snmpv3_user_with_other_algorithm_is_drift() -> None:
    running = STORED.replace("authentication-sha", "authentication-md5")
    drift = diff_configs("fw1", INTENDED, running, platform=JUNOS)
    assert not drift.compliant


def test_masked_backup_of_the_stored_keys_is_compliant() -> None:
    backup = STORED.replace("$9$7-dwgJUjq.5F6Ct0BEyrs2gaUj", "<removed>")
    assert diff_configs("fw1", INTENDED, backup, platform=JUNOS).compliant


def test_merge_leaves_out_passwords_the_device_holds_as_keys() -> None:
    assert drop_stored(INTENDED, STORED, JUNOS) == (
        "set system host-name fw1\nset snmp location x\n"
    )
    # no user yet: sent
    assert drop_stored(INTENDED, "set system host-name fw1\n", JUNOS) == INTENDED
    # IOS has no stored spellings: the candidate as it is
    assert drop_stored("snmp-server location x\n", "", IOS) == "snmp-server location x\n"


OSPF_NEIGHBOR = """\
Address          Interface              State           ID               Pri  Dead
10.34.255.9      ge-0/0/0.0             Full            10.34.255.2      128    36
10.34.200.2      st0.100                Init            10.34.255.40     128    33
"""


def test_junos_ospf_neighbours_through_cli_and_ntc_templates() -> None:
    device = FakeDriver(cli_output={"show ospf neighbor": OSPF_NEIGHBOR})
    rows = _show(device, JUNOS, JUNOS.show.ospf_neighbors)
    assert device.calls == [("cli", ["show ospf neighbor"])]
    assert [(r["interface"], r["state"], r["neighbor_id"]) for r in rows] == [
        ("ge-0/0/0.0", "Full", "10.34.255.2"),
        ("st0.100", "Init", "10.34.255.40"),
    ]


def test_junos_has_no_hsrp_or_ospf_interface_table() -> None:
    device = FakeDriver()
    assert _show(device, JUNOS, JUNOS.show.hsrp) == []
    assert _show(device, JUNOS, JUNOS.show.ospf_interfaces) == []
    assert device.calls == []


def test_junos_routes_from_get_route_to() -> None:
    device = FakeDriver(
        routes={
            "10.34.1.0/24": [
                {"protocol": "OSPF", "current_active": True, "next_hop": "10.34.255.9"},
            ]
        }
    )
    found = _routes(device, JUNOS, ["10.34.1.0/24", "10.99.0.0/24"])
    assert [c for c in device.calls if c[0] == "get_route_to"] == [
        ("get_route_to", "10.34.1.0/24"),
        ("get_route_to", "10.99.0.0/24"),
    ]
    assert list(found) == ["10.34.1.0/24"]  # no active path: absent
    assert found["10.34.1.0/24"].next_hops == ("10.34.255.9",)


def test_enable_secret_only_for_platforms_with_enable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tbwan.inventory.hostdata import HostSpec
    from tbwan.inventory.nornir_build import build_inventory
    from tbwan.transform import credentials

    monkeypatch.setenv("TBWAN_USERNAME", "u")
    monkeypatch.setenv("TBWAN_PASSWORD", "p")
    monkeypatch.setenv("TBWAN_ENABLE_SECRET", "enable-1")
    hosts = {
        name: HostSpec(
            name=name, hostname="192.0.2.1", platform=slug, groups=(), data={"tbwan_platform": slug}
        )
        for name, slug in (("r1", "ios"), ("fw1", "junos"))
    }
    inv = build_inventory(NornirData(hosts=hosts, groups={}, defaults={}))
    for host in inv.hosts.values():
        credentials(host)  # the transform function that gives hosts their login
    for name, secret in (("r1", {"secret": "enable-1"}), ("fw1", {})):
        assert inv.hosts[name].password == "p"
        opts = inv.hosts[name].connection_options
        assert opts["napalm"].extras == {"optional_args": secret}
        assert opts["netmiko"].extras == secret


def test_napalms_junos_driver_reads_the_replace_text_as_set_form() -> None:
    """NAPALM's driver picks the load format from the text's first word (up to a blank)."""
    from napalm.junos.junos import JunOSDriver

    driver = JunOSDriver("192.0.2.1", "u", "p")
    text, _ = JUNOS.replace_load("set system host-name fw2\n")
    assert driver._detect_config_format(text) == "set"
    assert driver._detect_config_format("delete\nset system host-name fw2\n") == "text"


def test_a_quoted_word_and_the_bare_word_are_one_value() -> None:
    """The device prints a plain word bare and a `$9$` value quoted, however loaded."""
    intended = (
        'set system tacplus-server 10.34.16.10 secret "tac-key-1"\n'
        'set interfaces lo0 unit 0 description "Router ID"\n'
    )
    running = (
        "set system tacplus-server 10.34.16.10 secret tac-key-1\n"
        'set interfaces lo0 unit 0 description "Router ID"\n'
    )
    assert diff_configs("fw1", intended, running, platform=JUNOS).compliant
    # a description with a blank keeps its quotes: without them it is another statement
    bare = running.replace('"Router ID"', "Router ID")
    assert not diff_configs("fw1", intended, bare, platform=JUNOS).compliant
    changed = running.replace("tac-key-1", "tac-key-2")
    assert not diff_configs("fw1", intended, changed, platform=JUNOS).compliant


def test_merge_still_sends_a_changed_secret() -> None:
    """Only the stored SNMPv3 spellings are left out of a merge, not every secret line."""
    line = 'set system tacplus-server 10.34.16.10 secret "{}"\n'
    candidate = line.format("tac-key-2")
    assert drop_stored(candidate, line.format("$9$abc") + STORED, JUNOS) == candidate


def test_a_nested_pre_shared_key_in_a_curly_diff_is_masked() -> None:
    """A device's compare may print the key a level down: still never shown."""
    from tbwan.diff.secrets import mask_diff

    diff = (
        "[edit security ike policy TBWAN-IKE]\n"
        "+    pre-shared-key {\n"
        "+        ascii-text psk-value-1;\n"
        "+    }\n"
        '-    pre-shared-key ascii-text "$9$abc"; ## SECRET-DATA\n'
    )
    masked = mask_diff(diff, platform=JUNOS)
    assert "psk-value-1" not in masked and "$9$abc" not in masked
    assert "+        ascii-text <removed>;" in masked.splitlines()


def test_a_reencoded_secret_is_no_change_but_a_changed_one_is() -> None:
    """The SRX encodes a secret with a fresh salt each time it is loaded: only a real
    change of value (or of anything else) stays in the staged diff."""
    from netutils.password import encrypt_juniper_type9

    from tbwan.diff.reencoded import drop_reencoded

    def pair(old: str, new: str) -> list[str]:
        return [
            f'-   secret "{encrypt_juniper_type9(old)}"; ## SECRET-DATA',
            f'+   secret "{encrypt_juniper_type9(new)}"; ## SECRET-DATA',
        ]

    head = "[edit system tacplus-server 10.34.16.10]"
    same = "\n".join([head, *pair("tac-key-1", "tac-key-1")])
    assert drop_reencoded(same, JUNOS) == ""
    changed = "\n".join([head, *pair("tac-key-1", "tac-key-2")])
    assert drop_reencoded(changed, JUNOS) == changed
    # one of two servers re-encoded, the other's key changed: one pair stays
    two = "\n".join(
        [head, *pair("k", "k"), "[edit system tacplus-server 10.34.16.11]", *pair("k", "x")]
    )
    kept = drop_reencoded(two, JUNOS).splitlines()
    assert kept[0] == "[edit system tacplus-server 10.34.16.11]" and len(kept) == 3

# ruff: noqa: E501  (expected differences quote long corpus lines verbatim)
"""Real configs round-trip through the lab: seed, read back with NAPALM, diff with tbwan.

Each file of the real-config corpus boots a lab device; NAPALM's ``ios`` driver reads its
running config back and tbwan's diff compares it with the file: no line missing or extra.
Lines the lab cannot place are refused by name at seed time (:data:`REFUSED`); they are
then left out of the seed and of the comparison. :data:`DEVIATIONS` lists what still
differs on purpose, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hier_config.exceptions import DuplicateChildError

from tbwan.diff import diff_configs, path_text
from tbwan.diff.quick import line_paths
from tbwan.errors import DiffError
from tbwan.lab import Credentials, Lab, LabDevice, LabError
from tbwan.lab.state import DeviceState
from tbwan.platforms import IOS

from .conftest import napalm_driver

pytestmark = pytest.mark.lab

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
# Every config, and the newest backup of every device with a revision history.
CONFIGS = sorted(p.name for p in (REAL / "configs").glob("*.cfg")) + [
    f"{d.name}/{max(p.name for p in d.glob('*.cfg'))}"
    for d in sorted((REAL / "revisions").iterdir())
    if d.is_dir()
]

# Lines of the corpus that are not IOS configuration (parser-test junk, an ASA checksum, a
# CLI prompt, typos that IOS would have refused): the lab names each at seed time.
REFUSED: dict[str, set[str]] = {
    "batfish-unit-cisco-line.cfg": {"Unauthorized access prohibited", "^C"},
    "batfish-unit-cisco-misc.cfg": {"Cryptochecksum:8a138d9f7c12c6cb1180f831d7a5bc9f"},
    "batfish-unit-cisco-snmp.cfg": {"snmp-server"},
    "ciscoconfparse-sample-08.cfg": {"passsive-interface FastEthernet0/0"},
    "ciscoconfparse2-sample-08.cfg": {"passsive-interface FastEthernet0/0"},
    "ciscoconfparse2-sample-10.cfg": {"S11-cEdge01#show sdwan running-config"},
    "oxidized-asr920-16-8.cfg": {"description: test 123"},
    "nautobot-jcy-bb-01/030.cfg": {"<redacted_config>"},  # the backup tool's redaction
}

# Differences that remain, as "-path" (in the file, not in the lab) / "+path" lines: files
# that no IOS device printed as they are (parser tests, hand edits with contradictions).
DEVIATIONS: dict[str, set[str]] = {
    # both `no aaa new-model` and `aaa new-model`: IOS keeps the later
    "batfish-example-as2border1.cfg": {
        "-no aaa new-model",
    },
    # a parser test, not a device's output: a command and its negation; the later wins
    "batfish-unit-cisco-aaa.cfg": {
        "-aaa new-model",
        "-no aaa new-model",
    },
    # a parser test: negations of present commands (its certificates, `quit` at odd
    # indents, are read by mode as IOS reads them: the same chains as the lab prints)
    "batfish-unit-cisco-crypto.cfg": {
        "-no crypto engine software ipsec",
        "-no crypto isakmp enable",
        "-no crypto isakmp nat-traversal",
    },
    # a parser test: a command and its negation, exit-service-family at two levels
    "batfish-unit-cisco-eigrp.cfg": {
        "+router eigrp virtual > service-family ipv4 vrf service-family autonomous-system 3 > exit-service-family",
        "-router eigrp 5 > no traffic-share balanced",
        "-router eigrp virtual > exit-service-family",
    },
    # a parser test: interface commands with their negations, several values of single-value commands
    "batfish-unit-cisco-interface.cfg": {
        "+interface ethernet 1/12 > switchport access vlan 3",
        "-interface Ethernet0 > description description-goes-here",
        "-interface Ethernet0 > disable",
        "-interface Ethernet0 > ip address 13.9.2.2 255.255.255.255",
        "-interface Ethernet0 > ip address 2.3.4.1/29",
        "-interface Ethernet0 > ip address virtual 1.2.3.4/27",
        "-interface Ethernet0 > ip dhcp snooping trust",
        "-interface Ethernet0 > ip forward",
        "-interface Ethernet0 > ip nat inside",
        "-interface Ethernet0 > ip passive-interface eigrp 15",
        "-interface Ethernet0 > ip proxy-arp",
        "-interface Ethernet0 > ip sticky-arp",
        "-interface Ethernet0 > no bandwidth inherit",
        "-interface Ethernet0 > no description",
        "-interface Ethernet0 > no disable",
        "-interface Ethernet0 > no ip address",
        "-interface Ethernet0 > no ip dhcp snooping trust",
        "-interface Ethernet0 > no ip forward",
        "-interface Ethernet0 > no ip passive-interface eigrp 15",
        "-interface Ethernet0 > no ip proxy-arp",
        "-interface Ethernet0 > no ip sticky-arp",
        "-interface Ethernet0 > no routing dynamic",
        "-interface Ethernet0 > no shutdown lan",
        "-interface Ethernet0 > no switchport block multicast",
        "-interface Ethernet0 > no switchport block unicast",
        "-interface Ethernet0 > no switchport dot1q ethertype",
        "-interface Ethernet0 > no switchport monitor",
        "-interface Ethernet0 > no switchport priority extend",
        "-interface Ethernet0 > routing dynamic",
        "-interface Ethernet0 > shutdown",
        "-interface tunnel0 > tunnel source 2.3.4.5",
        "-interface tunnel0 > tunnel source Cellular0",
        "-interface tunnel0 > tunnel source Ethernet0",
        "-switchport access vlan 3",
    },
    # a parser test: two exec-timeout values on one line; IOS keeps the last
    "batfish-unit-cisco-line.cfg": {
        "-line 2 > exec-timeout 0 15",
    },
    # a parser test: NX-OS `vpc domain` lines (nested by the lab under the open `vlan` mode), two archive paths
    "batfish-unit-cisco-misc.cfg": {
        "+vlan ifdescr detail > vpc domain 32",
        "+vlan ifdescr detail > vpc domain 32 > auto-recovery",
        "+vlan ifdescr detail > vpc domain 32 > delay restore 150",
        "+vlan ifdescr detail > vpc domain 32 > graceful consistency-check",
        "+vlan ifdescr detail > vpc domain 32 > ip arp synchronize",
        "+vlan ifdescr detail > vpc domain 32 > no dual-active exclude interface-vlan",
        "+vlan ifdescr detail > vpc domain 32 > peer-config-check-bypass",
        "+vlan ifdescr detail > vpc domain 32 > peer-gateway",
        "+vlan ifdescr detail > vpc domain 32 > peer-keepalive destination 1.2.3.4 source 1.2.3.5",
        "+vlan ifdescr detail > vpc domain 32 > peer-switch",
        "+vlan ifdescr detail > vpc domain 32 > role priority 8192",
        "+vlan ifdescr detail > vpc domain 32 > system-priority 4096",
        "-Using 12345 out of 5678 bytes",
        "-archive > path flash:myconfig",
        "-ctl-file ctl_phoneproxy_file > no shutdown",
        "-gatekeeper > no shutdown",
        "-ipc zone default > association 1 > no shutdown",
        "-vpc domain 32",
        "-vpc domain 32 > auto-recovery",
        "-vpc domain 32 > delay restore 150",
        "-vpc domain 32 > graceful consistency-check",
        "-vpc domain 32 > ip arp synchronize",
        "-vpc domain 32 > no dual-active exclude interface-vlan",
        "-vpc domain 32 > peer-config-check-bypass",
        "-vpc domain 32 > peer-gateway",
        "-vpc domain 32 > peer-keepalive destination 1.2.3.4 source 1.2.3.5",
        "-vpc domain 32 > peer-switch",
        "-vpc domain 32 > role priority 8192",
        "-vpc domain 32 > system-priority 4096",
    },
    # a parser test: commands followed by their negations
    "batfish-unit-cisco-snmp.cfg": {
        "-no snmp-server contact",
        "-no snmp-server enable traps callhome event-notify",
        "-no snmp-server location",
        "-snmp-server contact CENIC Core Engineering",
        "-snmp-server enable traps callhome event-notify",
        "-snmp-server location UC Santa Cruz 4900M",
    },
    # an unindented `server` line after `aaa group server radius`: IOS puts it in the group
    "ccat-example-1.cfg": {
        "+aaa group server radius rad_eap > server 10.0.1.1 auth-port 1812 acct-port 1813",
        "-server 10.0.1.1 auth-port 1812 acct-port 1813",
    },
    # FastEthernet0/5 has two access VLANs; IOS keeps the last
    "ciscoconfparse-sample-02.cfg": {
        "-interface FastEthernet0/5 > switchport access vlan 300",
    },
    # IOS-XE SD-WAN `show sdwan running-config` with `exit` lines the lab does not print
    "ciscoconfparse2-sample-10.cfg": {
        "+router bgp 65111 > exit-address-family",
        "+vrf definition 3001 > exit-address-family",
        "+vrf definition Mgmt-intf > exit-address-family",
        "-exit",
        "-no crypto ikev2 diagnose error",
        "-no crypto isakmp diagnose error",
        "-router bgp 65111 > address-family ipv4 unicast > exit-address-family",
        "-router bgp 65111 > address-family ipv4 unicast vrf 3001 > exit-address-family",
        "-router bgp 65111 > address-family vpnv4 unicast > exit-address-family",
        "-sdwan > exit",
        "-sdwan > interface GigabitEthernet1 > exit",
        "-sdwan > interface GigabitEthernet3.11 > exit",
        "-sdwan > omp > exit",
        "-sdwan > omp > no shutdown",
        "-vrf definition 3001 > address-family ipv4 > exit-address-family",
        "-vrf definition 3001 > address-family ipv6 > exit-address-family",
        "-vrf definition Mgmt-intf > address-family ipv4 > exit-address-family",
        "-vrf definition Mgmt-intf > address-family ipv6 > exit-address-family",
    },
    # both `no aaa new-model` and `aaa new-model`: IOS keeps the later
    "pybatfish-failure-newyork.cfg": {
        "-no aaa new-model",
    },
}


def path_of(name: str) -> Path:
    """A corpus file by its name in :data:`CONFIGS`."""
    return REAL / ("revisions" if "/" in name else "configs") / name


def seed_text(name: str) -> str:
    """The file without the lines the lab refuses."""
    text = path_of(name).read_bytes().decode("utf-8", "replace")
    lines = text.replace("\r\n", "\n").split("\n")
    refused = REFUSED.get(name, set())
    return "\n".join(line for line in lines if line.strip() not in refused)


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    devices = [
        LabDevice(f"real{i:02d}", seed_config=seed_text(name)) for i, name in enumerate(CONFIGS)
    ]
    with Lab(devices, creds) as running:
        yield running


@pytest.fixture(scope="module")
def running(lab: Lab, creds: Credentials) -> dict[str, str]:
    """Every device's running config as NAPALM ``get_config`` returns it."""

    def read(index: int) -> str:
        drv = napalm_driver(lab, creds, f"real{index:02d}")
        try:
            return str(drv.get_config(retrieve="running")["running"])
        finally:
            drv.close()

    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(read, range(len(CONFIGS))))
    return dict(zip(CONFIGS, texts, strict=True))


def differences(name: str, original: str, running: str) -> set[str]:
    """Lines missing from / extra in ``running``, by tbwan's diff when it parses the file."""
    try:
        drift = diff_configs(name, original, running, platform=IOS)
    except (DiffError, DuplicateChildError):
        # The diff engine cannot parse this file (duplicate sections, which IOS merges):
        # compare the set of line paths instead, trailing blanks ignored.
        def paths(text: str) -> set[tuple[str, ...]]:
            return set(line_paths("\n".join(x.rstrip() for x in text.splitlines())))

        want, have = paths(original), paths(running)
        return {f"-{' > '.join(p)}" for p in want - have} | {
            f"+{' > '.join(p)}" for p in have - want
        }
    out = {f"-{path_text(p)}" for f in drift.features for p in f.missing}
    return out | {f"+{path_text(p)}" for f in drift.features for p in f.extra}


@pytest.mark.parametrize("name", CONFIGS)
def test_round_trip(name: str, running: dict[str, str]) -> None:
    got = differences(name, seed_text(name), running[name])
    assert got == DEVIATIONS.get(name, set())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_lines_are_named(name: str) -> None:
    text = path_of(name).read_bytes().decode("utf-8", "replace")
    with pytest.raises(LabError) as err:
        DeviceState.boot(LabDevice("r1", seed_config=text))
    message = str(err.value)
    assert message.startswith("[LAB] r1: the seed config has")
    for line in REFUSED[name]:
        assert repr(line) in message or len(REFUSED[name]) > 5


def test_every_other_file_seeds_cleanly() -> None:
    for name in CONFIGS:
        if name not in REFUSED:
            DeviceState.boot(LabDevice("r1", seed_config=path_of(name).read_text("utf-8")))

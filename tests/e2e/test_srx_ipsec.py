"""SRX-IOS IPsec interoperation in the lab, seen by independent clients.

The DIC firewall ``tb-ttthdl-fw01`` is a Juniper SRX; the backup site's router and the
broadband communes are IOS. The lab runs the DIC (firewall, edge, cores), the backup
site and a commune onboarded with ``--uplink ipsec``, cabled from a copy of the inventory
that holds the commune. What is up is read with NAPALM's own ``junos`` driver (NETCONF)
and Netmiko ``cisco_ios`` with ntc-templates, not with tbwan's code.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Any

import napalm
import pytest
from netmiko import ConnectHandler
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.credentials import load_secrets
from tbwan.inventory.models import SiteStatus
from tbwan.inventory.store import load_inventory
from tbwan.lab import Credentials, LabDevice, control
from tbwan.lab.network import cabling_from_inventory
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth
from tbwan.render.engine import render_inventory
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_devices, lab_process, throwaway_value
from tbwan.runbooks.unattended import quiet_libraries

pytestmark = [pytest.mark.lab, pytest.mark.slow, pytest.mark.xdist_group("e2e-srx-ipsec")]

REPO = Path(__file__).resolve().parents[2]
FW = "tb-ttthdl-fw01"
BACKUP = "tb-dcdp-rt01"
DIC = ("tb-ttthdl-edge01", "tb-ttthdl-core01", "tb-ttthdl-core02")
SERVICE = "10.34.16.10"  # the DIC's AAA server, behind the cores
COMMUNE_SITE = "tb-99301-thu-ipsec"
ONBOARD = [
    "onboard", "commune", "--district", "vu-thu", "--code", "99301",
    "--name", "Xã Thử Ipsec", "--new-unit", "--uplink", "ipsec",
]  # fmt: skip
COMMUNE = {"district": "vu-thu", "code": "99301", "name": "Xã Thử Ipsec", "new_unit": True}


@dataclass
class Lab:
    """The running lab, its addresses and logins, and the inventory copy it was cabled from."""

    lab_dir: Path
    root: Path
    ports: dict[str, int]
    creds: Credentials
    commune: str

    def junos(self) -> Any:
        """NAPALM's ``junos`` driver, opened on the SRX."""
        driver = napalm.get_network_driver("junos")(
            "127.0.0.1", self.creds.username, self.creds.password, timeout=20,
            optional_args={"port": self.ports[FW]},
        )  # fmt: skip
        driver.open()
        return driver

    def ios(self, host: str) -> Any:
        """Netmiko ``cisco_ios``, enabled, on ``host``."""
        conn = ConnectHandler(
            device_type="cisco_ios", host="127.0.0.1", port=self.ports[host],
            username=self.creds.username, password=self.creds.password,
            secret=self.creds.enable_secret, timeout=20,
        )  # fmt: skip
        conn.enable()
        return conn


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The DIC, the backup site and the IPsec commune, cabled from the inventory copy.

    The commune is created in the copy first (onboarding's source-of-truth step, as a run
    that stopped right after it would leave it), so the lab cables its broadband line; its
    router boots factory-fresh, every other device with its intended config.
    """
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("srx-ipsec")
    root = tmp / "work" / "inventory"
    shutil.copytree(REPO / "inventory", root)
    (root.parent / "nornir.yaml").write_text(
        (REPO / "nornir.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root.parent / "templates").symlink_to(REPO / "templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root.parent)
        for var in THROWAWAY_VARS:
            mp.setenv(var, throwaway_value(var, os.environ))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        request = CommuneRequest.model_validate({**COMMUNE, "uplink": "ipsec"})
        plan = FileSourceOfTruth(root).reserve(request)
        (commune,) = plan.new_hosts
        inv = load_inventory(root)
        configs = render_inventory(inv, REPO / "templates", load_secrets(), only=[FW, BACKUP, *DIC])
        devices = [
            LabDevice(
                name=d.name,
                model=d.model,
                serial=d.serial,
                seed_config=configs[d.name],
                platform=d.platform,
            )
            for d in inv.devices
            if d.name in configs
        ]
        devices += lab_devices({commune: {"model": "C1111-8P", "platform": "ios"}})
        creds = Credentials(*load_secrets().login())
        with lab_process(devices, creds, lab_dir, cabling=cabling_from_inventory(inv)) as hosts:
            ports = {name: port for name, (_, port) in hosts.items()}
            yield Lab(lab_dir, root, ports, creds, commune)


def _ike_peers(driver: Any) -> dict[str, str]:
    """Remote address -> state of the SRX's IKE security associations (the RPC)."""
    reply = driver.device.rpc.get_ike_security_associations_information()
    return {
        sa.findtext("ike-sa-remote-address"): sa.findtext("ike-sa-state")
        for sa in reply.iter("ike-security-associations")
    }


def _srx_ospf(driver: Any) -> dict[str, tuple[str, str]]:
    """Interface -> (neighbour id, state) of the SRX's OSPF neighbours (the RPC)."""
    reply = driver.device.rpc.get_ospf_neighbor_information()
    return {
        n.findtext("interface-name"): (n.findtext("neighbor-id"), n.findtext("ospf-neighbor-state"))
        for n in reply.iter("ospf-neighbor")
    }


def _ios_ospf(conn: Any) -> dict[str, tuple[str, str]]:
    """Interface -> (neighbour id, state) as ntc-templates reads ``show ip ospf neighbor``."""
    rows = conn.send_command("show ip ospf neighbor", use_textfsm=True)
    if isinstance(rows, str) and not rows.strip():
        return {}  # no neighbour: IOS prints nothing, so there is nothing to parse
    assert isinstance(rows, list), rows
    return {r["interface"]: (r["neighbor_id"], r["state"]) for r in rows}


def _ios_ipsec(conn: Any) -> set[tuple[str, str, str, str]]:
    """(interface, local address, peer, SA status) of ``show crypto ipsec sa detail`` as
    ntc-templates reads it."""
    rows = conn.send_command("show crypto ipsec sa detail", use_textfsm=True)
    assert isinstance(rows, list), rows
    return {(r["interface"], r["local_addr"], r["current_peer"], r["sa_status"]) for r in rows}


def _ios_tunnel(conn: Any, name: str) -> tuple[str, str]:
    """(status, protocol) of ``name`` in ``show ip interface brief`` (ntc-templates)."""
    rows = conn.send_command("show ip interface brief", use_textfsm=True)
    assert isinstance(rows, list), rows
    (row,) = [r for r in rows if r["interface"] == name]
    return row["status"], row["proto"]


def test_the_backup_vpn_is_up_from_both_sides_and_follows_the_key(lab: Lab) -> None:
    srx = lab.junos()
    ios = lab.ios(BACKUP)
    try:
        assert _ike_peers(srx).get("198.51.100.10") == "UP"
        ike_text = srx.cli(["show security ike security-associations"])
        assert "198.51.100.10" in next(iter(ike_text.values()))
        assert _srx_ospf(srx).get("st0.100") == ("10.34.0.55", "Full")
        assert _ios_tunnel(ios, "Tunnel100") == ("up", "up")
        assert _ios_ospf(ios).get("Tunnel100", ("", ""))[0] == "10.34.0.1"
        assert _ios_ospf(ios)["Tunnel100"][1].startswith("FULL")
        isakmp = ios.send_command("show crypto isakmp sa")
        assert "203.0.113.2" in isakmp and "QM_IDLE" in isakmp

        # another pre-shared key on the IOS side only: no SA, no adjacency, tunnel down
        psk = os.environ["TBWAN_IPSEC_PSK"]
        key = "crypto isakmp key {} address 203.0.113.2"
        control.apply_config(
            lab.lab_dir, BACKUP, [f"no {key.format(psk)}", key.format("not-the-srx-key")]
        )
        assert "198.51.100.10" not in _ike_peers(srx)
        assert "st0.100" not in _srx_ospf(srx)
        assert _ios_tunnel(ios, "Tunnel100") == ("up", "down")
        assert "Tunnel100" not in _ios_ospf(ios)

        # the key back: up again
        control.apply_config(
            lab.lab_dir, BACKUP, [f"no {key.format('not-the-srx-key')}", key.format(psk)]
        )
        assert _ike_peers(srx).get("198.51.100.10") == "UP"
        assert _srx_ospf(srx).get("st0.100") == ("10.34.0.55", "Full")
    finally:
        ios.disconnect()
        srx.close()


def test_a_commune_onboarded_with_an_ipsec_uplink_reaches_the_dic_through_the_srx(
    lab: Lab,
) -> None:
    srx = lab.junos()
    try:  # before: the commune's router is factory-fresh, only the backup site has an SA
        assert set(_ike_peers(srx)) == {"198.51.100.10"}
        assert "st0.0" not in _srx_ospf(srx)
    finally:
        srx.close()
    # the onboarding command resumes the planned site: day-0 push, audit, connected check
    result = CliRunner().invoke(
        app, [*ONBOARD, "--commit", "--connected-timeout", "20"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    site = load_inventory(lab.root).site(COMMUNE_SITE)
    assert site.status is SiteStatus.ACTIVE
    srx = lab.junos()
    rt = lab.ios(lab.commune)
    try:
        # the commune's broadband address (its carrier's DHCP lease) is the SRX's IKE peer
        ((interface, address, peer, status),) = _ios_ipsec(rt)
        assert (interface, peer, status) == ("Tunnel0", "203.0.113.2", "ACTIVE(ACTIVE)")
        assert ip_address(address) in ip_network("100.64.0.0/10")  # carrier-grade NAT
        brief = rt.send_command("show ip interface brief", use_textfsm=True)
        (wan,) = [r for r in brief if r["interface"] == "GigabitEthernet0/0/0"]
        assert (wan["ip_address"], wan["status"], wan["proto"]) == (address, "up", "up")
        assert _ike_peers(srx).get(address) == "UP"
        assert _srx_ospf(srx).get("st0.0") == (str(site.devices[0].primary_ip.ip), "Full")
        assert _ios_tunnel(rt, "Tunnel0") == ("up", "up")
        assert _ios_ospf(rt).get("Tunnel0", ("", ""))[0] == "10.34.0.1"
        assert _ios_ospf(rt)["Tunnel0"][1].startswith("FULL")
        ping = rt.send_command(f"ping {SERVICE} source Loopback0")
        assert "Success rate is 100 percent (5/5)" in ping, ping
        loopback = str(site.devices[0].primary_ip.ip)
        back = srx.ping(loopback, source="10.34.0.1", count=3)
        assert back["success"]["packet_loss"] == 0, back

        # another pre-shared key on the commune only: the SRX drops its SA and adjacency
        psk = os.environ["TBWAN_IPSEC_PSK"]
        key = "crypto isakmp key {} address 203.0.113.2"
        control.apply_config(
            lab.lab_dir, lab.commune, [f"no {key.format(psk)}", key.format("guessed")]
        )
        assert address not in _ike_peers(srx)
        assert "st0.0" not in _srx_ospf(srx)
        assert _ios_tunnel(rt, "Tunnel0") == ("up", "down")
    finally:
        rt.disconnect()
        srx.close()

"""Onboarding plan: validation of each bad input, allocation, files backend, resume."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tbwan.errors import InventoryError, OnboardError, UnknownNameError
from tbwan.inventory.build import DIC_FIREWALL, vpn_hub_interface
from tbwan.inventory.models import Inventory, Media, SiteStatus
from tbwan.inventory.store import load_inventory
from tbwan.inventory.validate import problems
from tbwan.onboard.move import move_sites
from tbwan.onboard.plan import plan_commune, resume_plan
from tbwan.onboard.request import CommuneRequest, parse_rate
from tbwan.onboard.sot import FileSourceOfTruth


def req(**kw: object) -> CommuneRequest:
    base: dict[str, object] = {
        "district": "vu-thu",
        "code": "99001",
        "name": "Xã Tân Lập Mới",
        "uplink": "copper",
        "rate_kbps": "8M",
    }
    base.update(kw)
    return CommuneRequest.model_validate(base)


@pytest.fixture(scope="module")
def inv(repo: Path):  # type: ignore[no-untyped-def]
    return load_inventory(repo / "inventory")


def test_plan_allocates_first_free_and_validates(inv, repo: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_commune(inv, req())
    site = plan.site
    assert site.slug == "tb-99001-tan-lap-moi"
    assert site.status is SiteStatus.PLANNED
    assert site.hub == "tb-ubnd-vuthu"
    assert plan.hub_device == "tb-ubnd-vuthu-rt01"
    assert plan.hub_interface is not None
    assert plan.hub_interface.name == "GigabitEthernet0/0/2.131"  # 30 communes use .101-.130
    assert site.circuits[0].rate_kbps == 8000
    assert site.circuits[0].cid == "tbcl-287"
    after = plan.apply(inv)
    assert problems(after, repo / "inventory") == []
    # the next onboarding does not reuse anything
    second = plan_commune(after, req(code="99002", name="Xã Tân Lập Hai"))
    assert second.site.prefixes[0].prefix != site.prefixes[0].prefix
    assert second.site.devices[0].primary_ip != site.devices[0].primary_ip
    assert second.hub_interface is not None
    assert second.hub_interface.name == "GigabitEthernet0/0/2.132"


def test_ipsec_commune_needs_no_hub_change(inv) -> None:  # type: ignore[no-untyped-def]
    plan = plan_commune(inv, req(uplink="ipsec", rate_kbps="20M"))
    assert plan.hub_device is None
    tunnel = plan.site.devices[0].interface("Tunnel0")
    assert str(tunnel.tunnel_destination) == "203.0.113.2"
    assert (tunnel.peer_device, tunnel.peer_interface) == (DIC_FIREWALL, vpn_hub_interface(inv))


def test_the_connected_check_of_an_ipsec_commune_reads_its_tunnels_far_end(inv) -> None:  # type: ignore[no-untyped-def]
    """The check reads the DIC too: the firewall is the far end of the commune's tunnel and
    OSPF adjacency, which the intended state only expects when both ends are in scope."""
    from tbwan.runbooks.connected import connected_scope
    from tbwan.verify.intended import intended_state

    plan = plan_commune(inv, req(uplink="ipsec", rate_kbps="20M"))
    assert connected_scope(plan) == [plan.site.slug, "tb-ubnd-vuthu", "tb-ttthdl"]
    copper = plan_commune(inv, req())
    assert connected_scope(copper) == [copper.site.slug, "tb-ubnd-vuthu"]
    after = plan.apply(inv)
    scope = set(connected_scope(plan))
    state = intended_state(
        after.model_copy(update={"sites": tuple(s for s in after.sites if s.slug in scope)})
    )
    rt = plan.site.devices[0].name
    assert [(a.interface, a.neighbor_host) for a in state.adjacencies if a.host == rt] == [
        ("Tunnel0", DIC_FIREWALL)
    ]
    assert {s.service for s in state.services if s.host == rt} == {"aaa", "syslog", "ntp", "snmp"}


def _fw_tunnel_renamed(inv: Inventory, name: str | None) -> Inventory:
    """``inv`` with the firewall's multipoint tunnel renamed (None: removed)."""
    hub = vpn_hub_interface(inv)
    sites = []
    for site in inv.sites:
        devices = []
        for device in site.devices:
            if device.name == DIC_FIREWALL:
                interfaces = tuple(
                    i if i.name != hub else i.model_copy(update={"name": name})
                    for i in device.interfaces
                    if name is not None or i.name != hub
                )
                devices.append(device.model_copy(update={"interfaces": interfaces}))
            else:
                devices.append(device)
        sites.append(site.model_copy(update={"devices": tuple(devices)}))
    return inv.model_copy(update={"sites": tuple(sites)})


def test_ipsec_commune_peers_the_firewalls_multipoint_tunnel_by_its_name(inv) -> None:  # type: ignore[no-untyped-def]
    """Whatever the firewall calls it (an SRX: st0.0), the commune's tunnel names it so."""
    assert vpn_hub_interface(inv) == "st0.0"
    renamed = _fw_tunnel_renamed(inv, "st0.7")
    plan = plan_commune(renamed, req(uplink="ipsec", rate_kbps="20M"))
    assert plan.site.devices[0].interface("Tunnel0").peer_interface == "st0.7"
    with pytest.raises(OnboardError, match="no tunnel without tunnel_destination"):
        plan_commune(_fw_tunnel_renamed(inv, None), req(uplink="ipsec", rate_kbps="20M"))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"district": "an-thi"}, "district 'an-thi' does not exist"),
        ({"code": "12433"}, "code 12433 is already taken by site 'tb-12433-le-hong-phong'"),
        ({"name": "Xã Song An", "district": "vu-thu"}, "name 'Xã Song An' is already taken"),
        ({"rate_kbps": "7M"}, "rate 7000 kbit/s is not sold on copper"),
        ({"district": "ha-noi"}, "district 'ha-noi' has no hub site"),
    ],
)
def test_bad_requests(inv, kw: dict[str, object], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OnboardError, match=message):
        plan_commune(inv, req(**kw))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"code": "1234"}, "String should match pattern"),
        ({"name": "Xã A\nhostname x"}, "line break or control character"),
        ({"uplink": "wifi"}, "Input should be 'fiber', 'copper' or 'ipsec'"),
        ({"rate_kbps": "fast"}, "is not a rate"),
    ],
)
def test_malformed_requests(kw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        req(**kw)


def test_parse_rate() -> None:
    assert parse_rate("100M") == 100_000
    with pytest.raises(ValueError, match="write it like 10M"):
        parse_rate("10 furlongs")


def test_pool_exhaustion_is_the_allocate_step(inv) -> None:  # type: ignore[no-untyped-def]
    from ipaddress import IPv4Network

    pools = dict(inv.plan.pools)
    pools["commune_lan"] = IPv4Network("10.34.128.0/23")  # already full
    tiny = inv.model_copy(update={"plan": inv.plan.model_copy(update={"pools": pools})})
    with pytest.raises(OnboardError, match=r"step allocate: .*pool 'commune_lan'.* no free /26"):
        plan_commune(tiny, req())


def test_files_backend_reserve_remove_and_resume(inventory_copy: Path) -> None:
    sot = FileSourceOfTruth(inventory_copy)
    before = {p.name: p.read_text() for p in (inventory_copy / "sites").glob("*.yaml")}
    plan = sot.reserve(req())
    inv = sot.load()
    assert inv.site(plan.site.slug).status is SiteStatus.PLANNED
    hub = inv.site("tb-ubnd-vuthu").devices[0]
    assert hub.interface("GigabitEthernet0/0/2.131").peer_device == "tb-99001-tan-lap-moi-rt01"
    # a rerun of the same request resumes with the same addresses
    again = sot.reserve(req())
    assert again.site == plan.site
    resumed = resume_plan(sot.load(), req())
    assert resumed is not None and resumed.hub_interface == plan.hub_interface
    sot.remove(plan)
    after = {p.name: p.read_text() for p in (inventory_copy / "sites").glob("*.yaml")}
    assert after == before


def test_resume_with_another_name_is_refused(inventory_copy: Path) -> None:
    sot = FileSourceOfTruth(inventory_copy)
    sot.reserve(req())
    with pytest.raises(OnboardError, match="is held by unfinished site"):
        sot.reserve(req(name="Xã Khác"))


def _reserve(args: tuple[str, str]) -> str:
    root, code = args
    plan = FileSourceOfTruth(Path(root)).reserve(req(code=code, name=f"Xã Thử {code}"))
    return str(plan.site.prefixes[0].prefix)


def test_concurrent_reservations_never_share_addresses(inventory_copy: Path) -> None:
    codes = [f"9900{i}" for i in range(4)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        prefixes = pool.map(_reserve, [(str(inventory_copy), c) for c in codes])
    assert len(set(prefixes)) == 4
    inv = load_inventory(inventory_copy)
    assert problems(inv, inventory_copy) == []
    assert sum(1 for s in inv.sites if s.status is SiteStatus.PLANNED) == 4


def test_move_sites_creates_region_and_reparents(inv) -> None:  # type: ignore[no-untyped-def]
    moved = move_sites(inv, ["tb-sonv"], "hung-yen", "Tỉnh Hưng Yên")
    assert moved.site("tb-sonv").region == "hung-yen"
    assert moved.region("hung-yen").name == "Tỉnh Hưng Yên"
    with pytest.raises(InventoryError, match="pass --region-name to create it"):
        move_sites(inv, ["tb-sonv"], "hung-yen")
    with pytest.raises(UnknownNameError, match="no such site"):
        move_sites(inv, ["tb-nowhere"], "vu-thu")


def test_media_enum_round_trip() -> None:
    assert req(uplink="fiber", rate_kbps=None).uplink is Media.FIBER

"""Plan an onboarding: validate against the inventory, allocate, build the records.

Pure: an :class:`Inventory` and a request in, a plan out. The same allocator serves the
file inventory and stands in for NetBox IPAM's ``available-*`` endpoints (lowest free
block first), so both give the same addresses for the same data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from ipaddress import IPv4Network

from tbwan.errors import OnboardError
from tbwan.inventory.build import (
    HUB_TRUNK,
    Pools,
    add_interfaces,
    build_commune,
    next_tag,
    vpn_hub_interface,
)
from tbwan.inventory.lookup import closest
from tbwan.inventory.models import Interface, Inventory, Media, Role, Site, SiteStatus
from tbwan.inventory.names import commune_slug, strip_unit_type
from tbwan.onboard.request import CommuneRequest


@dataclass(frozen=True)
class OnboardPlan:
    """A new commune site, and the change on its far end (hub or none)."""

    request: CommuneRequest
    site: Site
    hub_site: str
    hub_device: str | None
    hub_interface: Interface | None

    @property
    def new_hosts(self) -> list[str]:
        """Devices created by the onboarding."""
        return [d.name for d in self.site.devices]

    @property
    def touched_hosts(self) -> list[str]:
        """Every device whose config the onboarding changes."""
        return self.new_hosts + ([self.hub_device] if self.hub_device else [])

    def apply(self, inv: Inventory) -> Inventory:
        """``inv`` with the new site added and the hub's downlink attached."""
        sites = [self.with_hub(s) for s in inv.sites if s.slug != self.site.slug]
        sites.append(self.site)
        sites.sort(key=lambda s: s.slug)
        return inv.model_copy(update={"sites": tuple(sites)})

    def revert(self, inv: Inventory) -> Inventory:
        """``inv`` without the new site and without the hub's downlink."""
        sites = tuple(self.without_hub(s) for s in inv.sites if s.slug != self.site.slug)
        return inv.model_copy(update={"sites": sites})

    def without_hub(self, site: Site) -> Site:
        """``site`` without the hub's downlink to the new commune, if ``site`` is the hub."""
        if site.slug != self.hub_site or self.hub_device is None or self.hub_interface is None:
            return site
        name = self.hub_interface.name
        devices = tuple(
            d.model_copy(update={"interfaces": tuple(i for i in d.interfaces if i.name != name)})
            if d.name == self.hub_device
            else d
            for d in site.devices
        )
        return site.model_copy(update={"devices": devices})

    def with_hub(self, site: Site) -> Site:
        """``site`` with the hub's new interface, if ``site`` is the hub."""
        if site.slug != self.hub_site or self.hub_device is None or self.hub_interface is None:
            return site
        dev = next(d for d in site.devices if d.name == self.hub_device)
        if any(i.name == self.hub_interface.name for i in dev.interfaces):
            return site
        return add_interfaces(site, self.hub_device, [self.hub_interface])


def used_networks(inv: Inventory) -> list[IPv4Network]:
    """Every prefix and interface network the inventory already holds."""
    used = [p.prefix for s in inv.sites for p in s.prefixes]
    used += [i.ipv4.network for d in inv.devices for i in d.interfaces if i.ipv4 is not None]
    return used


def existing(inv: Inventory, req: CommuneRequest) -> Site | None:
    """The site already onboarded for this GSO code, if any."""
    return next((s for s in inv.sites if s.gso_code == req.code), None)


def hub_of(inv: Inventory, district: str) -> Site:
    """The district's hub site (its People's Committee)."""
    for s in inv.sites:
        if s.region == district and any(d.role is Role.HUB_ROUTER for d in s.devices):
            return s
    raise OnboardError(
        f"district {district!r} has no hub site (a site with a hub-router): "
        "onboard the commune into a district that has one"
    )


def same_name(name: str) -> str:
    """A commune name as compared: NFC, without its unit type, case-folded.

    >>> same_name("Xã Tân Lập") == same_name(unicodedata.normalize("NFD", "XÃ TÂN LẬP"))
    True
    """
    return strip_unit_type(unicodedata.normalize("NFC", name).strip(" ")).casefold()


def check(inv: Inventory, req: CommuneRequest) -> None:
    """Raise :class:`OnboardError` when the request cannot be onboarded as asked."""
    step = "validate"
    regions = {r.slug: r for r in inv.regions}
    if req.district not in regions:
        slugs = sorted(r.slug for r in inv.regions if r.parent)
        near = closest(req.district, slugs)
        hint = f"did you mean {near!r}? " if near else ""
        raise OnboardError(
            f"step {step}: district {req.district!r} does not exist; {hint}use one of "
            f"{', '.join(slugs)}"
        )
    try:
        req.rate()
    except ValueError as exc:
        raise OnboardError(f"step {step}: {exc}") from None
    slug = commune_slug(req.code, req.name)
    folded = same_name(req.name)
    for s in inv.sites:
        if s.gso_code == req.code or s.slug == slug:
            raise OnboardError(
                f"step {step}: code {req.code} is already taken by site {s.slug!r} ({s.name})"
            )
        if s.region == req.district and same_name(s.name) == folded:
            raise OnboardError(
                f"step {step}: name {req.name!r} is already taken in "
                f"{req.district} by site {s.slug!r} ({s.gso_code})"
            )


def next_cid(cids: list[str]) -> str:
    """The next commune circuit id after ``cids``.

    >>> next_cid(["tbcl-001", "tbcl-286", "tbdl-010"])
    'tbcl-287'
    """
    numbers = [
        int(c.rsplit("-", 1)[1])
        for c in cids
        if c.startswith("tbcl-") and c.rsplit("-", 1)[1].isdigit()
    ]
    return f"tbcl-{max(numbers, default=0) + 1:03d}"


def plan_commune(
    inv: Inventory, req: CommuneRequest, *, pools: Pools | None = None, cid: str | None = None
) -> OnboardPlan:
    """Validate ``req`` against ``inv`` and allocate everything the commune needs.

    ``pools`` and ``cid`` default to the pure allocator over ``inv``; the NetBox backend
    passes NetBox IPAM's answers instead.
    """
    check(inv, req)
    hub = hub_of(inv, req.district)
    hub_router = next(d for d in hub.devices if d.role is Role.HUB_ROUTER)
    region = inv.region(req.district)
    if region.gso_code is None or not region.gso_code.isdigit():
        raise OnboardError(
            f"step validate: district {req.district!r} has no numeric GSO code "
            "(its OSPF area): set gso_code in regions.yaml"
        )
    if cid is None:
        cid = next_cid([c.cid for s in inv.sites for c in s.circuits])
    try:
        if pools is None:
            pools = Pools.from_plan(inv.plan, used_networks(inv))
        built = build_commune(
            pools,
            slug=commune_slug(req.code, req.name),
            name=req.name,
            region=req.district,
            gso_code=req.code,
            unit_type=req.unit_type,
            hub_site=hub.slug,
            media=req.uplink,
            rate_kbps=req.rate(),
            cid=cid,
            tag=next_tag(hub_router, f"{HUB_TRUNK}."),
            area=int(region.gso_code),
            vpn_peer=inv.plan.services.vpn_peer,
            vpn_hub_interface=(
                vpn_hub_interface(inv) if req.uplink is Media.IPSEC else "Virtual-Template1"
            ),
        )
    except Exception as exc:  # allocation or model errors, reported as the step that failed
        raise OnboardError(f"step allocate: {exc}") from exc
    site = built.site.model_copy(update={"status": SiteStatus.PLANNED})
    return OnboardPlan(
        request=req,
        site=site,
        hub_site=hub.slug,
        hub_device=built.far_end_device,
        hub_interface=built.far_end_interface,
    )


def resume_plan(inv: Inventory, req: CommuneRequest) -> OnboardPlan | None:
    """The plan of an earlier run of the same request that did not finish, if any.

    A site left ``planned`` or ``failed`` with the same code, name and district is picked
    up with the addresses it already has: a rerun never allocates twice.
    """
    site = existing(inv, req)
    if site is None or site.status is SiteStatus.ACTIVE:
        return None
    if same_name(site.name) != same_name(req.name) or site.region != req.district:
        raise OnboardError(
            f"step validate: code {req.code} is held by unfinished site "
            f"{site.slug!r} ({site.name}, {site.region}): rerun with its name "
            "and district, or delete it first"
        )
    own = {d.name for d in site.devices}
    hub_device: str | None = None
    hub_interface: Interface | None = None
    for d in inv.devices:
        if d.name in own:
            continue
        for i in d.interfaces:
            if i.peer_device in own:
                hub_device, hub_interface = d.name, i
    return OnboardPlan(
        request=req,
        site=site,
        hub_site=site.hub or "",
        hub_device=hub_device,
        hub_interface=hub_interface,
    )

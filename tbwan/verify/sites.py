"""Per site: does its router reach every DIC service, and if not, why (pure)."""

from __future__ import annotations

from collections.abc import Iterator

from tbwan.verify.diagnose import Evidence
from tbwan.verify.intended import SiteIntent
from tbwan.verify.models import Cause, CheckKind, Diagnosis, SiteVerify


def _routes_missing(ev: Evidence, site: str) -> list[str]:
    wanted = {(r.host, r.prefix) for r in ev.state.routes if r.site == site}
    return sorted(
        f"{host} {c.subject}"
        for host, prefix in wanted
        for c in ev.checks.get(host, ())
        if c.kind is CheckKind.ROUTE and c.subject == prefix and not c.ok
    )


def _own(site: SiteIntent, found: tuple[Diagnosis, ...]) -> Diagnosis | None:
    return next((d for d in found if site.site in d.sites), None)


def _site(
    ev: Evidence, site: SiteIntent, found: tuple[Diagnosis, ...], done: dict[str, SiteVerify]
) -> SiteVerify:
    if site.site in done:
        return done[site.site]
    services: dict[str, bool | None] = {}
    for svc in ev.state.services:
        if svc.site == site.site:
            obs = ev.observed.get(svc.host)
            services[svc.service] = obs.pings.get(svc.address) if obs else None
    # The DIC routes no LAN of its own: it is up when its devices and the links among
    # them are (its checks towards other sites are those sites' business).
    inside = set(site.hosts)
    hosts_ok = all(
        h in ev.observed
        and all(
            c.ok
            for c in ev.checks.get(h, ())
            if c.kind is CheckKind.HSRP or (c.peer in inside and c.kind is not CheckKind.ROUTE)
        )
        for h in site.hosts
    )
    missing = _routes_missing(ev, site.site)
    if site.router is None:  # the DIC: its own devices' checks
        ok: bool | None = hosts_ok and not missing
    elif site.router not in ev.observed:
        ok = None
    else:
        ok = all(v is True for v in services.values()) and not missing
    cause: Cause | None = None
    text: str | None = None
    if ok is not True:
        own = _own(site, found)
        hub = ev.state.sites.get(site.hub_site) if site.hub_site else None
        upstream = _site(ev, hub, found, done) if hub is not None else None
        if own is not None:
            cause, text = own.cause, f"{own.subject}: {own.message}"
        elif upstream is not None and upstream.ok is not True:
            cause = Cause.UPSTREAM
            text = f"behind {upstream.site}, itself cut off: {upstream.diagnosis or 'see it'}"
        elif missing:
            cause = Cause.UNKNOWN
            text = (
                f"its prefixes are missing at the DIC ({', '.join(missing[:3])}) though its "
                "uplink and adjacency are up: routing, see the OSPF config (audit)"
            )
        else:
            cause = Cause.UNKNOWN
            unreached = [k for k, v in services.items() if v is not True]
            text = (
                f"does not reach {', '.join(unreached) or 'everything'} though its uplink "
                "and adjacency are up: routing or filtering, see audit"
            )
    done[site.site] = SiteVerify(
        site=site.site,
        region=site.region,
        ok=ok,
        services=services,
        cause=cause,
        diagnosis=text,
    )
    return done[site.site]


def site_results(ev: Evidence, found: tuple[Diagnosis, ...]) -> tuple[SiteVerify, ...]:
    """One :class:`SiteVerify` per site with devices (hubs before their communes)."""
    done: dict[str, SiteVerify] = {}
    return tuple(_site(ev, s, found, done) for s in _sites(ev))


def _sites(ev: Evidence) -> Iterator[SiteIntent]:
    yield from ev.state.sites.values()

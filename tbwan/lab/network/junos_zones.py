"""An SRX's security zones and policies as the network model's zone check reads them. Pure.

A packet crossing two zones passes when the first policy of that zone pair that matches
ICMP permits it, else the default policy; what reaches the SRX itself follows the
``host-inbound-traffic`` of the interface's zone (an interface's own setting of a
category replaces the zone's; ``all``; ``NAME except``; an interface in no zone lets
nothing in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ICMP_APPS = frozenset({"any", "junos-icmp-all", "junos-icmp-ping", "junos-ping"})
PERMIT, DENY = "junos-permit", "junos-deny"  # zone-pair "policies" for the zone check


@dataclass
class Zones:
    """What ``security zones`` and ``security policies`` lines say."""

    member: dict[str, str] = field(default_factory=dict)  # unit -> zone
    zone_in: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    if_in: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    policies: dict[tuple[str, str], list[dict[str, object]]] = field(default_factory=dict)
    default_permit: bool = False

    def zone_line(self, zone: str, rest: list[str]) -> None:
        """``security zones security-zone ZONE ...``."""
        if rest[0] == "interfaces" and len(rest) > 1:
            name = rest[1] if "." in rest[1] else rest[1] + ".0"
            self.member[name] = zone
            if rest[2:3] == ["host-inbound-traffic"] and len(rest) > 4:
                _host_inbound(self.if_in.setdefault(name, {}), rest[3:])
        elif rest[:1] == ["host-inbound-traffic"] and len(rest) > 2:
            _host_inbound(self.zone_in.setdefault(zone, {}), rest[1:])

    def policy_line(self, t: list[str]) -> None:
        """``security policies ...``."""
        if t[:1] == ["default-policy"] and len(t) > 1:
            self.default_permit = t[1] == "permit-all"
            return
        if len(t) < 7 or t[0] != "from-zone" or t[2] != "to-zone" or t[4] != "policy":
            return
        pols = self.policies.setdefault((t[1], t[3]), [])
        pol = next((p for p in pols if p["name"] == t[5]), None)
        if pol is None:
            pol = {"name": t[5], "apps": set()}
            pols.append(pol)
        rest = t[6:]
        if rest[:2] == ["match", "application"] and len(rest) > 2:
            pol["apps"].add(rest[2])  # type: ignore[attr-defined]
        elif rest[:1] == ["then"] and len(rest) > 1:
            pol["action"] = rest[1]

    def allows(self, name: str, category: str, service: str) -> bool:
        """Whether interface ``name`` lets ``service`` (of ``system-services`` or
        ``protocols``) in to the device itself."""
        zone = self.member.get(name)
        if zone is None:
            return False  # an interface in no zone drops everything
        own = self.if_in.get(name, {})
        names = own[category] if category in own else self.zone_in.get(zone, {}).get(category)
        names = names or set()
        return (service in names or "all" in names) and f"-{service}" not in names

    def let_in(self, category: str, service: str) -> frozenset[str]:
        """The interfaces that let ``service`` in."""
        return frozenset(n for n in self.member if self.allows(n, category, service))

    def pairs(self) -> dict[tuple[str, str], str]:
        """Every (from, to) zone pair -> :data:`PERMIT` or :data:`DENY` for ICMP."""
        zones = sorted(set(self.member.values()))
        out: dict[tuple[str, str], str] = {}
        for a in zones:
            for b in zones:
                verdict = PERMIT if self.default_permit else DENY
                for pol in self.policies.get((a, b), []):
                    if pol["apps"] & ICMP_APPS and "action" in pol:  # type: ignore[operator]
                        verdict = PERMIT if pol["action"] == "permit" else DENY
                        break
                out[(a, b)] = verdict
        return out


def _host_inbound(where: dict[str, set[str]], t: list[str]) -> None:
    """``system-services|protocols NAME [except]``."""
    names = where.setdefault(t[0], set())
    names.add(f"-{t[1]}" if t[2:3] == ["except"] else t[1])

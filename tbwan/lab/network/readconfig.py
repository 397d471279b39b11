"""Reading a running config into :class:`~tbwan.lab.network.facts.DeviceFacts`. Pure.

Only the lines the network model uses are read; everything else is skipped.
"""

from __future__ import annotations

from tbwan.lab.config_tree import Node
from tbwan.lab.network.addr import ip_int, mask_len
from tbwan.lab.network.facts import (
    AclEntry,
    Crypto,
    DeviceFacts,
    Hsrp,
    Iface,
    OspfProcess,
    Redistribute,
    Static,
    digest,
)


def _wild(tokens: list[str], i: int) -> tuple[tuple[int, int], int]:
    """An ACL address at ``tokens[i]``: (address, care mask) and the next index."""
    if i >= len(tokens):
        return (0, 0), i
    t = tokens[i]
    if t == "any":
        return (0, 0), i + 1
    if t == "host" and i + 1 < len(tokens):
        return (ip_int(tokens[i + 1]), 0xFFFFFFFF), i + 2
    if i + 1 < len(tokens) and tokens[i + 1].count(".") == 3:
        care = ~ip_int(tokens[i + 1]) & 0xFFFFFFFF
        return (ip_int(t) & care, care), i + 2
    return (ip_int(t), 0xFFFFFFFF), i + 1


def acl_entry(text: str, extended: bool) -> AclEntry | None:
    """Parse one ACL line (sequence number allowed); None for remarks and the rest.

    >>> acl_entry("10 deny icmp any host 10.0.0.1 echo", True).icmp_type
    'echo'
    >>> acl_entry("permit 10.34.16.0 0.0.0.255", False).src
    (170004480, 4294967040)
    """
    t = text.split()
    if t and t[0].isdigit():
        t = t[1:]
    if not t or t[0] not in ("permit", "deny"):
        return None
    permit = t[0] == "permit"
    if not extended:
        src, _ = _wild(t, 1)
        return AclEntry(permit, "ip", src, (0, 0))
    if len(t) < 2:
        return None
    proto = t[1]
    src, i = _wild(t, 2)
    dst, i = _wild(t, i)
    icmp_type = (
        t[i] if proto == "icmp" and i < len(t) and t[i] not in ("log", "log-input") else None
    )
    return AclEntry(permit, proto, src, dst, icmp_type)


_KINDS = (
    ("Loopback", "loopback"),
    ("Tunnel", "tunnel"),
    ("Vlan", "svi"),
    ("Virtual-Template", "template"),
)


def if_kind(name: str) -> str:
    """``loopback``, ``tunnel``, ``svi``, ``template`` or ``ether``.

    >>> if_kind("Vlan30"), if_kind("GigabitEthernet0/0/0.101")
    ('svi', 'ether')
    """
    for prefix, kind in _KINDS:
        if name.startswith(prefix):
            return kind
    return "ether"


_IF_HEADS = frozenset(
    [
        "shutdown",
        "no",
        "ip",
        "encapsulation",
        "switchport",
        "speed",
        "duplex",
        "mtu",
        "bandwidth",
        "standby",
        "zone-member",
        "tunnel",
    ]
)


def _iface(node: Node) -> Iface:
    name = node.text.split()[1]
    kw: dict[str, object] = {"name": name, "parent": name.split(".", 1)[0], "kind": if_kind(name)}
    standby: dict[int, dict[str, object]] = {}
    for child in node.children:
        text = child.text
        if text.split(" ", 1)[0] not in _IF_HEADS:
            continue  # description, spanning-tree, service-policy, ...: nothing for the model
        t = text.split()
        if t == ["shutdown"]:
            kw["admin_up"] = False
        elif t == ["no", "shutdown"]:
            kw["admin_up"] = True
        elif t[:2] == ["ip", "address"] and len(t) >= 4 and "secondary" not in t:
            kw["ip"], kw["plen"] = ip_int(t[2]), mask_len(t[3])
        elif t == ["ip", "address", "dhcp"]:
            kw["dhcp"] = True
        elif t[:2] == ["ip", "unnumbered"] and len(t) > 2:
            kw["unnumbered"] = t[2]
        elif t[0] == "encapsulation" and len(t) > 2 and t[1].lower() == "dot1q":
            kw["dot1q"] = int(t[2])
        elif t[:2] == ["switchport", "mode"] and len(t) > 2:
            kw["switchport"] = t[2]
        elif t[:3] == ["switchport", "access", "vlan"] and len(t) > 3:
            kw["access_vlan"] = int(t[3])
            kw.setdefault("switchport", "access")
        elif t[:4] == ["switchport", "trunk", "allowed", "vlan"] and len(t) > 4:
            kw["trunk_vlans"] = _vlan_set(t[4])
        elif t[0] == "speed" and len(t) > 1 and t[1].isdigit():
            kw["speed"] = int(t[1])
        elif t[0] == "duplex" and len(t) > 1 and t[1] in ("full", "half"):
            kw["duplex"] = t[1]
        elif t[0] in ("mtu",) and len(t) > 1 and t[1].isdigit():
            kw["mtu"] = int(t[1])
        elif t[:2] == ["ip", "mtu"] and len(t) > 2 and t[2].isdigit():
            kw["mtu"] = int(t[2])
        elif t[0] == "bandwidth" and len(t) > 1 and t[1].isdigit():
            kw["bandwidth"] = int(t[1])
        elif t[:2] == ["ip", "ospf"] and len(t) > 2:
            _ospf_line(t[2:], kw)
        elif t[:2] == ["ip", "access-group"] and len(t) > 3:
            kw["acl_in" if t[3] == "in" else "acl_out"] = t[2]
        elif t[0] == "standby" and len(t) > 1:
            _standby_line(t[1:], standby)
        elif t[:2] == ["zone-member", "security"] and len(t) > 2:
            kw["zone"] = t[2]
        elif t[:2] == ["tunnel", "source"] and len(t) > 2:
            kw["tunnel_source"] = t[2]
        elif t[:2] == ["tunnel", "destination"] and len(t) > 2:
            kw["tunnel_dest"] = ip_int(t[2])
        elif t[:2] == ["tunnel", "mode"]:
            kw["tunnel_mode"] = " ".join(t[2:])
        elif t[:4] == ["tunnel", "protection", "ipsec", "profile"] and len(t) > 4:
            kw["tunnel_profile"] = t[4]
    if standby:
        kw["standby"] = tuple(
            Hsrp(g, v.get("vip"), v.get("priority", 100), v.get("preempt", False))  # type: ignore[arg-type]
            for g, v in sorted(standby.items())
        )
    return Iface(**kw)  # type: ignore[arg-type]


def _vlan_set(text: str) -> frozenset[int] | None:
    if text in ("all",):
        return None
    out: set[int] = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        if lo.isdigit():
            out.update(range(int(lo), int(hi or lo) + 1))
    return frozenset(out)


def _ospf_line(t: list[str], kw: dict[str, object]) -> None:
    if len(t) >= 3 and t[0].isdigit() and t[1] == "area":
        kw["ospf_process"], kw["ospf_area"] = int(t[0]), _area(t[2])
    elif t[0] == "network" and len(t) > 1:
        kw["ospf_net"] = t[1]
    elif t[0] == "hello-interval" and len(t) > 1:
        kw["hello"] = int(t[1])
    elif t[0] == "dead-interval" and len(t) > 1 and t[1].isdigit():
        kw["dead"] = int(t[1])
    elif t[0] == "cost" and len(t) > 1:
        kw["cost"] = int(t[1])
    elif t[0] == "mtu-ignore":
        kw["mtu_ignore"] = True
    elif t[0] == "authentication":
        kw["auth"] = {"message-digest": "md5", "null": "null"}.get(
            t[1] if len(t) > 1 else "", "text"
        )
    elif t[0] == "authentication-key" and len(t) > 1:
        kw["auth_key"] = digest(t[-1])
    elif t[0] == "message-digest-key" and len(t) > 3:
        kw["auth_key"] = digest(f"{t[1]}:{t[-1]}")


def _standby_line(t: list[str], groups: dict[int, dict[str, object]]) -> None:
    group = 0
    if t[0].isdigit():
        group, t = int(t[0]), t[1:]
    if t[:1] not in (["ip"], ["priority"], ["preempt"]):
        return
    g = groups.setdefault(group, {})
    if t[:1] == ["ip"] and len(t) > 1:
        g["vip"] = ip_int(t[1])
    elif t[:1] == ["priority"] and len(t) > 1:
        g["priority"] = int(t[1])
    elif t[:1] == ["preempt"]:
        g["preempt"] = True


def _area(text: str) -> int:
    """An area id, decimal or dotted (``0.0.1.88`` is 344)."""
    return ip_int(text) if "." in text else int(text)


def _ospf_process(node: Node) -> OspfProcess:
    t0 = node.text.split()
    kw: dict[str, object] = {"process": int(t0[2]) if len(t0) > 2 and t0[2].isdigit() else 1}
    passive: set[str] = set()
    active: set[str] = set()
    networks: list[tuple[int, int, int]] = []
    area_auth: list[tuple[int, str]] = []
    redist: list[Redistribute] = []
    for child in node.children:
        t = child.text.split()
        if t[:1] == ["router-id"] and len(t) > 1:
            kw["router_id"] = ip_int(t[1])
        elif t == ["passive-interface", "default"]:
            kw["passive_default"] = True
        elif t[:1] == ["passive-interface"] and len(t) > 1:
            passive.add(t[1])
        elif t[:2] == ["no", "passive-interface"] and len(t) > 2:
            active.add(t[2])
        elif t[:1] == ["network"] and len(t) >= 5:
            care = ~ip_int(t[2]) & 0xFFFFFFFF
            networks.append((ip_int(t[1]) & care, care, _area(t[4])))
        elif t[:2] == ["auto-cost", "reference-bandwidth"] and len(t) > 2:
            kw["ref_bw_mbps"] = int(t[2])
        elif t[:1] == ["area"] and len(t) > 2 and t[2] == "authentication":
            area_auth.append((_area(t[1]), "md5" if "message-digest" in t else "text"))
        elif t[:2] == ["default-information", "originate"]:
            redist.append(Redistribute("default", *_metric(t), always="always" in t))
        elif t[:1] == ["redistribute"] and len(t) > 1 and t[1] in ("static", "connected"):
            redist.append(Redistribute(t[1], *_metric(t)))
        elif t == ["shutdown"]:
            kw["shutdown"] = True
    kw.update(
        passive=frozenset(passive),
        active=frozenset(active),
        networks=tuple(networks),
        area_auth=tuple(area_auth),
        redistribute=tuple(redist),
    )
    return OspfProcess(**kw)  # type: ignore[arg-type]


def _metric(t: list[str]) -> tuple[int, int]:
    metric = (
        int(t[t.index("metric") + 1]) if "metric" in t[:-1] else (1 if "originate" in t else 20)
    )
    mtype = int(t[t.index("metric-type") + 1]) if "metric-type" in t[:-1] else 2
    return metric, mtype


def _static(t: list[str]) -> Static | None:
    if len(t) < 5 or t[2].count(".") != 3:
        return None
    rest = t[4:]
    nh: int | None = None
    ifname: str | None = None
    if rest and rest[0].count(".") == 3:
        nh, rest = ip_int(rest[0]), rest[1:]
    elif rest:
        ifname, rest = rest[0], rest[1:]
        if rest and rest[0].count(".") == 3:
            nh, rest = ip_int(rest[0]), rest[1:]
    distance = int(rest[0]) if rest and rest[0].isdigit() else 1
    plen = mask_len(t[3])
    net = ip_int(t[2]) & (0xFFFFFFFF << (32 - plen) & 0xFFFFFFFF)
    return Static(net, plen, nh, ifname, distance)


def parse_facts(root: Node) -> DeviceFacts:
    """Read the facts of one running config."""
    ifaces: dict[str, Iface] = {}
    procs: list[OspfProcess] = []
    statics: list[Static] = []
    acls: dict[str, list[AclEntry]] = {}
    keys: list[tuple[int, int, str]] = []
    policies: list[tuple[str, ...]] = []
    tsets: list[tuple[str, tuple[str, ...]]] = []
    profiles: list[tuple[str, str]] = []
    vlans: set[int] = set()
    zone_pairs: dict[tuple[str, str], str] = {}
    icmp_classes: set[str] = set()
    inspect_policies: dict[str, list[tuple[str, str]]] = {}
    hostname, ip_routing = "Router", True
    for node in root.children:
        t = node.text.split()
        if not t:
            continue
        head = t[0]
        if head == "interface" and len(t) > 1:
            ifaces[t[1]] = _iface(node)
        elif head == "hostname" and len(t) > 1:
            hostname = t[1]
        elif head == "router" and t[1:2] == ["ospf"]:
            procs.append(_ospf_process(node))
        elif t[:2] == ["ip", "route"]:
            s = _static(t)
            if s is not None:
                statics.append(s)
        elif t[:2] == ["ip", "access-list"] and len(t) > 3:
            ext = t[2] == "extended"
            acls[t[3]] = [e for c in node.children if (e := acl_entry(c.text, ext))]
        elif head == "access-list" and len(t) > 2 and t[1].isdigit():
            num = int(t[1])
            entry = acl_entry(" ".join(t[2:]), 100 <= num < 200 or 2000 <= num < 2700)
            if entry is not None:
                acls.setdefault(t[1], []).append(entry)
        elif t[:3] == ["crypto", "isakmp", "key"] and len(t) > 5 and t[4] == "address":
            mask = ip_int(t[6]) if len(t) > 6 and t[6].count(".") == 3 else 0xFFFFFFFF
            keys.append((ip_int(t[5]), mask, digest(t[3])))
        elif t[:3] == ["crypto", "isakmp", "policy"]:
            policies.append(tuple(sorted(c.text for c in node.children)))
        elif t[:3] == ["crypto", "ipsec", "transform-set"] and len(t) > 4:
            tsets.append((t[3], tuple(t[4:])))
        elif t[:3] == ["crypto", "ipsec", "profile"] and len(t) > 3:
            for c in node.children:
                ct = c.text.split()
                if ct[:2] == ["set", "transform-set"] and len(ct) > 2:
                    profiles.append((t[3], ct[2]))
        elif head == "vlan" and len(t) > 1:
            vs = _vlan_set(t[1])
            vlans.update(vs or ())
        elif head == "ip" and t[1:2] == ["routing"]:
            ip_routing = True
        elif t[:2] == ["no", "ip"] and t[2:3] == ["routing"]:
            ip_routing = False
        elif t[:2] == ["zone-pair", "security"] and "source" in t and "destination" in t:
            pol = next(
                (c.text.split()[-1] for c in node.children if "service-policy" in c.text), ""
            )
            zone_pairs[(t[t.index("source") + 1], t[t.index("destination") + 1])] = pol
        elif t[:3] == ["class-map", "type", "inspect"]:
            if any(c.text.split()[-1:] == ["icmp"] for c in node.children):
                icmp_classes.add(t[-1])
        elif t[:3] == ["policy-map", "type", "inspect"] and len(t) > 3:
            inspect_policies[t[3]] = [
                (c.text.split()[-1], c.children[0].text.split()[0] if c.children else "")
                for c in node.children
            ]
    inspect = frozenset(
        name
        for name, classes in inspect_policies.items()
        if any(cls in icmp_classes and act in ("inspect", "pass") for cls, act in classes)
    )
    return DeviceFacts(
        hostname=hostname,
        interfaces=ifaces,
        ospf=tuple(procs),
        statics=tuple(statics),
        acls={k: tuple(v) for k, v in acls.items()},
        crypto=Crypto(tuple(keys), tuple(policies), tuple(tsets), tuple(profiles)),
        vlans=frozenset(vlans),
        zone_pairs=zone_pairs,
        inspect_icmp=inspect,
        ip_routing=ip_routing,
    )

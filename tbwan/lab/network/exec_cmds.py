"""Exec commands answered by the network model (``ping``, ``traceroute``, ``show ip
route`` ...), as handlers the lab's command table merges in.

A handler takes the session (anything with ``state``, whose ``network`` is the lab's
:class:`Network` or None and whose ``device.name`` names the device) and the arguments.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tbwan.lab.network import show_l2, show_routing
from tbwan.lab.network.addr import ip_int, ip_str
from tbwan.lab.network.model import Network
from tbwan.lab.network.reach import forward
from tbwan.lab.network.state import NetState

Handler = Callable[[Any, list[str]], str]
UNKNOWN_HOST = "% Unrecognized host or address, or protocol not running."
INVALID = "% Invalid input detected at '^' marker."


def _net(s: Any) -> tuple[Network, NetState, str] | None:
    net: Network | None = getattr(s.state, "network", None)
    if net is None:
        return None
    return net, net.state(), s.state.device.name


def _is_ip(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


def _options(args: list[str]) -> tuple[str | None, dict[str, str]]:
    """Split ``[ip] DEST [repeat N] [source X] ...`` into the destination and options."""
    words = [a for a in args if a.lower() not in ("ip",)]
    dest = words[0] if words else None
    opts: dict[str, str] = {}
    i = 1
    while i < len(words):
        key = words[i].lower()
        if key in ("df-bit", "validate", "numeric"):
            i += 1
            continue
        if i + 1 < len(words):
            opts[key] = words[i + 1]
        i += 2
    return dest, opts


def ping(s: Any, args: list[str]) -> str:
    """``ping [ip] DEST [repeat N] [size N] [timeout N] [source IF|ADDR]``."""
    dest, opts = _options(args)
    if dest is None or not _is_ip(dest):
        return UNKNOWN_HOST
    count = int(opts.get("repeat", "5")) if opts.get("repeat", "5").isdigit() else 5
    size = opts.get("size", "100")
    head = (
        "Type escape sequence to abort.\n"
        f"Sending {count}, {size}-byte ICMP Echos to {dest}, timeout is "
        f"{opts.get('timeout', '2')} seconds:"
    )
    got = _net(s)
    if got is None:
        marks, rtts, src = "!" * count, (1,) * count, None
    else:
        net, _, dev = got
        echo = net.ping(dev, ip_int(dest), opts.get("source"), count)
        if echo.source is None and "source" in opts:
            return "% Invalid source address- IP address not on any of our up interfaces"
        marks, rtts, src = echo.marks, echo.rtts, echo.source
    lines = [head]
    if src is not None and "source" in opts:
        lines.append(f"Packet sent with a source address of {ip_str(src)} ")
    lines.append(marks)
    ok = marks.count("!")
    rate = f"Success rate is {ok * 100 // count} percent ({ok}/{count})"
    if rtts:
        rate += f", round-trip min/avg/max = {min(rtts)}/{sum(rtts) // len(rtts)}/{max(rtts)} ms"
    lines.append(rate)
    return "\n".join(lines)


def traceroute(s: Any, args: list[str]) -> str:
    """``traceroute [ip] DEST [source X] [ttl MIN MAX] [timeout N] [probe N]``."""
    dest, opts = _options(args)
    if dest is None or not _is_ip(dest):
        return UNKNOWN_HOST
    max_ttl = 30
    if "ttl" in args:
        k = args.index("ttl")
        if k + 2 < len(args) and args[k + 2].isdigit():
            max_ttl = min(int(args[k + 2]), 255)
    probes = int(opts["probe"]) if opts.get("probe", "").isdigit() else 3
    lines = [
        "Type escape sequence to abort.",
        f"Tracing the route to {dest}",
        "VRF info: (vrf in name/id, vrf out name/id)",
    ]
    got = _net(s)
    if got is None:
        return "\n".join([*lines, f"  1 {dest} " + " ".join(["1 msec"] * probes)])
    net, st, dev = got
    dst = ip_int(dest)
    src = net.source_address(st, dev, dst, opts.get("source"))
    if src is None:
        return "\n".join([*lines, *(_stars(n, probes) for n in range(1, min(max_ttl, 30) + 1))])
    req = forward(st, dev, src, dst, "echo")
    hops = list(req.hops[1:])
    n = 0
    for n, hop in enumerate(hops, start=1):
        if n > max_ttl:
            return "\n".join(lines)
        addr = st.address(hop.device, hop.in_if or "") or 0
        back = forward(st, hop.device, addr, src, "time-exceeded")
        if hop.out_if is None and req.ok:
            addr = dst
        if not back.ok:
            lines.append(_stars(n, probes))
            continue
        mark = (
            " !H" * probes if req.outcome in ("unreachable", "filtered") and hop is hops[-1] else ""
        )
        times = " ".join(f"{n} msec" for _ in range(probes))
        lines.append(f"{n:>3} {ip_str(addr)}{mark or ' ' + times}")
    if req.ok and req.at is None:
        n += 1
        _, rep = net.trip(st, dev, dst, src)
        ok = rep is not None and rep.ok
        times = " ".join(f"{n} msec" for _ in range(probes))
        lines.append(f"{n:>3} {dest} {times}" if ok else _stars(n, probes))
    elif not req.ok and req.outcome == "lost":
        for k in range(n + 1, min(max_ttl, 30) + 1):
            lines.append(_stars(k, probes))
    return "\n".join(lines)


def _stars(n: int, probes: int) -> str:
    return f"{n:>3}  " + " ".join(["*"] * probes) + " "


def _age(s: Any) -> float:
    net: Network | None = getattr(s.state, "network", None)
    return time.monotonic() - net.since if net is not None else 0.0


def _routing(fn: Callable[[NetState, str], str]) -> Handler:
    def handler(s: Any, args: list[str]) -> str:
        got = _net(s)
        if got is None:
            return ""
        return fn(got[1], got[2])

    return handler


def show_ip_route(s: Any, args: list[str]) -> str:
    """``show ip route [summary | ADDRESS [MASK]]``."""
    got = _net(s)
    if got is None:
        return show_routing.CODES + "\nGateway of last resort is not set\n"
    _, st, dev = got
    if args and "summary".startswith(args[0].lower()) and not _is_ip(args[0]):
        return show_routing.ip_route_summary(st, dev)
    if args and args[0].lower() == "vrf":
        return "% IP routing table " + (args[1] if len(args) > 1 else "") + " does not exist"
    if args and not _is_ip(args[0]):
        word = args[0].lower()
        hits = [p for p in show_routing.PROTOCOL_CODES if p.startswith(word)]
        if len(hits) == 1 and len(word) >= 2:
            return show_routing.ip_route(st, dev, _age(s), hits[0])
        return INVALID
    if args:
        return show_routing.ip_route_entry(st, dev, " ".join(args[:2]), _age(s))
    return show_routing.ip_route(st, dev, _age(s))


COMMANDS: dict[str, tuple[Handler, bool]] = {
    "ping": (ping, True),
    "traceroute": (traceroute, True),
    "show ip route": (show_ip_route, True),
    "show ip ospf neighbor": (_routing(show_routing.ospf_neighbor), True),
    "show ip ospf interface brief": (_routing(show_routing.ospf_interface_brief), False),
    "show ip protocols": (_routing(show_routing.ip_protocols), False),
    "show lldp neighbors": (show_l2.lldp, True),
    "show cdp neighbors": (show_l2.cdp, True),
    "show arp": (show_l2.arp, False),
    "show ip arp": (show_l2.arp, True),
    "show standby brief": (show_l2.standby_brief, False),
    "show crypto isakmp sa": (show_l2.isakmp_sa, False),
    "show crypto ipsec sa": (show_l2.ipsec_sa, True),
}

"""``ping`` and ``traceroute`` of a lab SRX as Junos XML, from the network model. Pure but
for the model's random packet loss on degraded circuits."""

from __future__ import annotations

import ipaddress
import shlex
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml.builder import E  # type: ignore[import-untyped, unused-ignore]

from tbwan.lab.network.addr import ip_int, ip_str
from tbwan.lab.network.reach import forward


def _address(host: str) -> int | None:
    try:
        return int(ipaddress.IPv4Address(host))
    except ValueError:
        return None


def _unknown(tag: str, command: str, host: str) -> etree._Element:
    """What Junos answers for a name it cannot resolve (the lab has no DNS)."""
    message = f"{command}: cannot resolve {host}: Unknown host"
    failure = [E(f"{command}-failure", message)] if command == "traceroute" else []
    return E(tag, *failure, E("rpc-error", E("error-message", message)))


def ping_results(
    state: Any, host: str, count: int = 5, source: str | None = None
) -> etree._Element:
    """``<ping-results>`` as the ``ping`` RPC returns them (round trips in microseconds)."""
    dst = _address(host)
    if dst is None:
        return _unknown("ping-results", "ping", host)
    net = getattr(state, "network", None)
    root = E("ping-results", E("target-host", host), E("target-ip", host))
    rtts: tuple[int, ...] = ()
    if net is None:
        marks = "." * count
    else:
        echo = net.ping(state.device.name, dst, source, count)
        marks, rtts = echo.marks, echo.rtts
    it = iter(rtts)
    for seq, mark in enumerate(marks):
        if mark == "!":
            root.append(
                E(
                    "probe-result",
                    E("probe-index", str(seq + 1)),
                    E("probe-success"),
                    E("sequence-number", str(seq)),
                    E("ip-address", host),
                    E("time-to-live", "62"),
                    E("response-size", "64"),
                    E("rtt", str(next(it) * 1000)),
                )
            )
    got = len(rtts)
    summary = E(
        "probe-results-summary",
        E("probes-sent", str(count)),
        E("responses-received", str(got)),
        E("packet-loss", str(100 * (count - got) // max(count, 1))),
    )
    if got:
        us = [r * 1000 for r in rtts]
        avg = sum(us) // got
        dev = int((sum((u - avg) ** 2 for u in us) / got) ** 0.5)
        for tag, value in (
            ("rtt-minimum", min(us)),
            ("rtt-maximum", max(us)),
            ("rtt-average", avg),
            ("rtt-stddev", dev),
        ):
            summary.append(E(tag, str(value)))
    root.append(summary)
    root.append(E("ping-success") if got else E("ping-failure"))
    return root


def traceroute_results(
    state: Any, host: str, source: str | None = None, max_ttl: int = 30
) -> etree._Element:
    """``<traceroute-results>``: the routers a probe crosses, each answering from the
    interface it came in on (round trips in microseconds, three probes a hop)."""
    if _address(host) is None:
        return _unknown("traceroute-results", "traceroute", host)
    root = E("traceroute-results", E("target-host", host), E("target-ip", host))
    net = getattr(state, "network", None)
    if net is None:
        root.append(_hop(1, host))
        return root
    st = net.state()
    dev, dst = state.device.name, ip_int(host)
    src = net.source_address(st, dev, dst, source)
    if src is None:
        root.append(_hop(1, None))
        return root
    req = forward(st, dev, src, dst, "echo")
    n = 0
    for n, hop in enumerate(req.hops[1:max_ttl], start=1):
        addr = st.address(hop.device, hop.in_if or "") or 0
        back = forward(st, hop.device, addr, src, "time-exceeded")
        if hop.out_if is None and req.ok:
            addr = dst  # the destination answers from the address probed
        root.append(_hop(n, ip_str(addr) if back.ok else None))
    if req.ok and req.at is None and n < max_ttl:  # an end host answers the last probe
        _, rep = net.trip(st, dev, dst, src)
        root.append(_hop(n + 1, host if rep is not None and rep.ok else None))
    return root


def _hop(ttl: int, addr: str | None) -> etree._Element:
    hop = E("hop", E("ttl-value", str(ttl)))
    for k in range(1, 4):
        probe = E("probe-result", E("probe-index", str(k)))
        if addr is not None:
            probe.extend([E("ip-address", addr), E("host-name", addr), E("rtt", str(ttl * 1000))])
        else:
            probe.append(E("probe-failure"))
        hop.append(probe)
    return hop


def probe_command(state: Any, text: str) -> etree._Element:
    t = shlex.split(text)[1:]
    host = t[0] if t else ""
    if text.startswith("traceroute"):
        ttl = int(t[t.index("ttl") + 1]) if "ttl" in t[:-1] else 30
        source = t[t.index("source") + 1] if "source" in t[:-1] else None
        return traceroute_results(state, host, source, ttl)
    count = int(t[t.index("count") + 1]) if "count" in t[:-1] else 5
    source = t[t.index("source") + 1] if "source" in t[:-1] else None
    return ping_results(state, host, count, source)

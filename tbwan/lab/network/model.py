"""The live network model of a lab: recomputed when a config or a fault changes.

:class:`Network` watches the devices' running configs (any object with ``running`` and
``last_change``; a Junos source, ``platform == "junos"``, gives ``running_set()``
instead), re-reads only the configs that changed, and rebuilds the state; area graphs
whose link-state database did not change are reused with their SPF results.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, cast

from tbwan.errors import LabError
from tbwan.lab.config_tree import Node
from tbwan.lab.network.addr import ip_int
from tbwan.lab.network.cabling import Cabling
from tbwan.lab.network.facts import DeviceFacts
from tbwan.lab.network.links import Faults
from tbwan.lab.network.reach import Trip, forward, host_gateway
from tbwan.lab.network.readconfig import parse_facts
from tbwan.lab.network.readjunos import parse_junos_facts
from tbwan.lab.network.state import NetState


class ConfigSource(Protocol):
    """What the model reads from a device: its running config and when it changed."""

    running: Node

    @property
    def last_change(self) -> object: ...


class JunosSource(Protocol):
    """A Junos device (``platform`` ``"junos"``): its committed config in ``set`` form."""

    platform: str

    @property
    def last_change(self) -> object: ...

    def running_set(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Degraded:
    """A circuit that still works, badly."""

    loss: float = 0.0
    latency_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Echo:
    """The result of one ping: a mark per packet (``!``, ``.``, ``U``) and round trips."""

    marks: str
    rtts: tuple[int, ...]
    source: int | None


class Network:
    """The network of a lab: cabling + the devices' configs + faults."""

    def __init__(self, cabling: Cabling, devices: Mapping[str, ConfigSource | JunosSource]) -> None:
        self.cabling, self.devices = cabling, devices
        self.circuits_down: set[str] = set()
        self.powered_off: set[str] = set()
        self.degraded: dict[str, Degraded] = {}
        self._facts: dict[str, DeviceFacts] = {}
        self._versions: dict[str, tuple[int, object]] = {}
        self._state: NetState | None = None
        self._faults_key: object = None
        self._lock = threading.Lock()
        self.rebuilds = 0
        self.since = time.monotonic()
        self.rng = random.Random(34)

    # -- faults ---------------------------------------------------------------------------
    def _known_circuit(self, cid: str) -> None:
        if not self.cabling.has_circuit(cid):
            raise LabError(f"no circuit {cid!r} in this lab: use a cid from the inventory")

    def circuit_down(self, cid: str) -> None:
        """Cut a carrier circuit."""
        self._known_circuit(cid)
        self.circuits_down.add(cid)

    def circuit_up(self, cid: str) -> None:
        """Restore a carrier circuit (and clear its degradation)."""
        self._known_circuit(cid)
        self.circuits_down.discard(cid)
        self.degraded.pop(cid, None)

    def degrade(self, cid: str, loss: float = 0.0, latency_ms: float = 0.0) -> None:
        """Make a circuit lose ``loss`` (0..1) of packets and add ``latency_ms`` each way."""
        self._known_circuit(cid)
        if not 0 <= loss <= 1 or latency_ms < 0:
            raise LabError("a degraded circuit needs loss between 0 and 1 and latency >= 0")
        self.degraded[cid] = Degraded(loss, latency_ms)

    def power(self, host: str, on: bool) -> None:
        """Power a device off or on."""
        if host not in self.devices:
            raise LabError(f"no device {host!r} in this lab")
        (self.powered_off.discard if on else self.powered_off.add)(host)

    # -- state ----------------------------------------------------------------------------
    def state(self) -> NetState:
        """The current state, rebuilt if any config or fault changed since the last call."""
        with self._lock:
            changed = False
            for name, dev in list(self.devices.items()):  # devices may be racked meanwhile
                try:
                    version = (id(dev.running), dev.last_change)  # type: ignore[union-attr]
                except AttributeError:  # a Junos source need not keep an IOS tree
                    version = (0, dev.last_change)
                if self._versions.get(name) != version:
                    self._facts[name] = _read(dev)
                    self._versions[name] = version
                    changed = True
            for gone in set(self._facts) - set(self.devices):
                del self._facts[gone]
                changed = True
            fkey = (frozenset(self.circuits_down), frozenset(self.powered_off))
            if changed or fkey != self._faults_key or self._state is None:
                old = self._state.graphs if self._state is not None else None
                faults = Faults(fkey[0], fkey[1])
                self._state = NetState(dict(self._facts), self.cabling, faults, old)
                self._faults_key = fkey
                self.rebuilds += 1
                self.since = time.monotonic()
            return self._state

    # -- reachability -----------------------------------------------------------------------
    def source_address(self, st: NetState, host: str, dst: int, source: str | None) -> int | None:
        """The source address of a ping: ``source`` (interface or address), else the
        outgoing interface's address; None when unusable."""
        f = st.facts[host]
        if source is not None:
            if source.count(".") == 3 and source.replace(".", "").isdigit():
                addr = ip_int(source)
                return addr if st.owns(host, addr) else None
            name = _full_name(source, f)
            port = st.ports.get((host, name)) if name is not None else None
            if name is None or port is None or not port.up:
                return None
            return st.address(host, name)
        hop = st.lookup(host, dst)
        if hop is None or hop[0] is None:
            return None
        return st.address(host, hop[0])

    def trip(self, st: NetState, host: str, dst: int, src: int) -> tuple[Trip, Trip | None]:
        """An echo request and, if it arrived, the reply."""
        req = forward(st, host, src, dst, "echo")
        if not req.ok:
            return req, None
        if req.at is not None:
            return req, forward(st, req.at, dst, src, "echo-reply")
        last = req.hops[-1]
        lan = [p for p in st.ports if p[0] == last.device and p[1] == last.out_if]
        seg = st.seg_of.get((last.device, last.out_if or ""))
        if seg is not None:
            lan = list(st.segments[seg])
        gw = host_gateway(st.facts, st.active_vip, lan, dst)
        if gw is None:
            return req, Trip("lost", ())
        return req, forward(st, gw[0], dst, src, "echo-reply", in_if=gw[1])

    def ping(self, host: str, dst: int, source: str | None = None, count: int = 5) -> Echo:
        """Ping ``dst`` from ``host`` the way IOS reports it."""
        st = self.state()
        src = self.source_address(st, host, dst, source)
        if src is None:
            return Echo("." * count, (), None)
        req, rep = self.trip(st, host, dst, src)
        if req.outcome in ("unreachable", "filtered") and req.at not in (None, host):
            back = forward(st, req.at or host, 0, src, "unreachable")
            return Echo(("U." * count)[:count] if back.ok else "." * count, (), src)
        if rep is None or not rep.ok:
            return Echo("." * count, (), src)
        loss, delay = self._quality(st, req, rep)
        marks, rtts = [], []
        for _ in range(count):
            if self.rng.random() < loss:
                marks.append(".")
            else:
                marks.append("!")
                rtts.append(max(1, int(delay + self.rng.random() * 2)))
        return Echo("".join(marks), tuple(rtts), src)

    def _quality(self, st: NetState, *trips: Trip) -> tuple[float, float]:
        keep, delay = 1.0, 0.0
        for trip in trips:
            for hop in trip.hops:
                delay += 0.5
                link = st.port_links.get((hop.device, hop.out_if or ""))
                cid = link.spec.circuit if link else None
                if cid in self.degraded:
                    d = self.degraded[cid]
                    keep *= 1 - d.loss
                    delay += d.latency_ms
        return 1 - keep, delay


def _read(dev: ConfigSource | JunosSource) -> DeviceFacts:
    """A source's facts: Junos ``set`` text for ``platform == "junos"``, else the IOS tree."""
    if getattr(dev, "platform", "ios") == "junos":
        return parse_junos_facts(cast("JunosSource", dev).running_set())
    return parse_facts(cast("ConfigSource", dev).running)


def _full_name(text: str, f: DeviceFacts) -> str | None:
    """An interface name as typed (``Lo0``, ``loopback0``) to the config's name."""
    if text in f.interfaces:
        return text
    low = text.lower()
    head = low.rstrip("0123456789/.:")
    tail = low[len(head) :]
    for name in f.interfaces:
        n = name.lower()
        nhead = n.rstrip("0123456789/.:")
        if n[len(nhead) :] == tail and nhead.startswith(head) and head:
            return name
    return None

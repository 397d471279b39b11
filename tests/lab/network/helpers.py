"""Small networks from config text, for the model's pure tests."""

from __future__ import annotations

from dataclasses import dataclass

from tbwan.lab.config_tree import Node, parse_config
from tbwan.lab.editor import apply_text
from tbwan.lab.network.cabling import Cabling, CircuitInfo, End, LinkSpec
from tbwan.lab.network.model import Network


@dataclass
class Box:
    """A device as the model reads it: a config tree and a change counter."""

    running: Node
    last_change: int = 0

    def configure(self, *lines: str) -> None:
        """Apply config lines (indented children under their section)."""
        apply_text(self.running, list(lines))
        self.last_change += 1


def network(
    configs: dict[str, str],
    cables: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
    circuits: list[tuple[str, str, str, int | None, str, str, int | None]] = (),  # type: ignore[assignment]
    hosts: tuple[int, ...] = (),
) -> tuple[Network, dict[str, Box]]:
    """A network of ``configs`` joined by cables ``(dev, if, dev, if)`` and circuits
    ``(cid, dev, if, tag, dev, if, tag)``."""
    boxes = {name: Box(parse_config(text)) for name, text in configs.items()}
    links = [LinkSpec(End(a, ai), End(b, bi)) for a, ai, b, bi in cables]
    infos = {}
    for cid, a, ai, at, b, bi, bt in circuits:
        links.append(LinkSpec(End(a, ai, at), End(b, bi, bt), cid))
        infos[cid] = CircuitInfo(cid, "vnpt", "copper", 4000)
    cab = Cabling(tuple(links), infos, hosts=frozenset(hosts), inside=((0x0A000000, 8),))
    return Network(cab, boxes), boxes


def router(name: str, loop: str, *interfaces: str, area: int = 0, extra: str = "") -> str:
    """A router config: hostname, Loopback0 in ``area``, interfaces, ``router ospf`` extra."""
    body = [
        f"hostname {name}",
        "interface Loopback0",
        f" ip address {loop} 255.255.255.255",
        f" ip ospf 1 area {area}",
    ]
    for block in interfaces:
        body.extend(block.strip("\n").splitlines())
    body.append("router ospf 1")
    body.append(" auto-cost reference-bandwidth 10000")
    body.extend(extra.strip("\n").splitlines())
    return "\n".join(body) + "\n"


def p2p(name: str, ip: str, area: int = 0, more: str = "") -> str:
    """A /31 point-to-point OSPF interface."""
    lines = [
        f"interface {name}",
        f" ip address {ip} 255.255.255.254",
        " ip ospf network point-to-point",
        f" ip ospf 1 area {area}",
    ]
    lines += [f" {x}" for x in more.split(";") if x]
    return "\n".join(lines)

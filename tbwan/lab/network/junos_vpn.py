"""The IPsec state of a lab SRX as Junos shows it (``show security ike|ipsec
security-associations``, as XML and text), from the network model's tunnels. Pure.

Only established tunnels have security associations, as on an SRX: a tunnel the model
keeps down (keys or proposals differ, no route to the peer) is simply not listed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml.builder import E  # type: ignore[import-untyped, unused-ignore]

from tbwan.lab.network.addr import ip_str
from tbwan.lab.network.tunnels import Tunnel

_ESP_NAMES = {
    "esp-aes": "aes-cbc",
    "esp-gcm": "aes-gcm",
    "esp-3des": "3des-cbc",
    "esp-des": "des-cbc",
}
_HMAC_NAMES = {
    "esp-sha256-hmac": "sha256",
    "esp-sha-hmac": "sha1",
    "esp-md5-hmac": "md5",
    "esp-sha384-hmac": "sha384",
    "esp-sha512-hmac": "sha512",
}


def _up_tunnels(state: Any) -> list[Tunnel]:
    net = getattr(state, "network", None)
    if net is None:
        return []
    name = state.device.name
    return [t for t in net.state().tunnels if t.device == name and t.up and t.remote]


def _hex(*parts: object, n: int = 16) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:n]


def _protocol(state: Any, t: Tunnel) -> tuple[str, str, str]:
    """(``ESP:aes-cbc-256/sha256``, encryption, hmac) of the tunnel's IPsec proposal."""
    f = state.network.state().facts[t.device]
    i = f.interfaces.get(t.name)
    words = f.crypto.transforms(i.tunnel_profile if i is not None else None) or ()
    enc = next((w for w in words if w in _ESP_NAMES), "esp-aes")
    bits = next((w for w in words if w.isdigit()), "128")
    hmac = next((_HMAC_NAMES[w] for w in words if w in _HMAC_NAMES), "none")
    cipher = f"{_ESP_NAMES[enc]}-{bits}" if enc in ("esp-aes", "esp-gcm") else _ESP_NAMES[enc]
    return f"ESP:{cipher}/{hmac}", cipher, hmac


def ike_security_associations(state: Any) -> etree._Element:
    """``<ike-security-associations-information>``: one phase-1 SA per established peer."""
    root = E("ike-security-associations-information")
    seen: set[int] = set()
    for t in _up_tunnels(state):
        if t.remote is None or t.remote in seen:
            continue
        seen.add(t.remote)
        root.append(
            E(
                "ike-security-associations",
                E("ike-sa-remote-address", ip_str(t.remote)),
                E("ike-sa-index", str(int(_hex(t.remote, n=6), 16))),
                E("ike-sa-state", "UP"),
                E("ike-sa-initiator-cookie", _hex("i", t.local, t.remote)),
                E("ike-sa-responder-cookie", _hex("r", t.local, t.remote)),
                E("ike-sa-exchange-type", "Main"),
            )
        )
    return root


def ipsec_security_associations(state: Any) -> etree._Element:
    """``<ipsec-security-associations-information>``: an inbound and an outbound SA per
    established ``st0`` tunnel."""
    tunnels = _up_tunnels(state)
    root = E(
        "ipsec-security-associations-information",
        E("total-active-tunnels", str(len(tunnels))),
        E("total-ipsec-sas", str(len(tunnels))),
    )
    for n, t in enumerate(tunnels):
        proto, cipher, hmac = _protocol(state, t)
        block = E("ipsec-security-associations-block", E("sa-block-state", "up"))
        for direction in ("<", ">"):
            block.append(
                E(
                    "ipsec-security-associations",
                    E("sa-direction", direction),
                    E("sa-tunnel-index", str(131073 + n)),
                    E("sa-spi", _hex(direction, t.local, t.remote, n=8)),
                    E("sa-aux-spi", "0"),
                    E("sa-remote-gateway", ip_str(t.remote or 0)),
                    E("sa-port", "500"),
                    E("sa-vpn-monitoring-state", "-"),
                    E("sa-protocol", proto),
                    E("sa-esp-encryption-algorithm", cipher),
                    E("sa-hmac-algorithm", hmac),
                    E("sa-hard-lifetime", "3600"),
                    E("sa-lifesize-remaining", "unlim"),
                    E("sa-virtual-system", "root"),
                )
            )
        root.append(block)
    return root


def ike_text(state: Any) -> str:
    """``show security ike security-associations``."""
    lines = ["Index   State  Initiator cookie  Responder cookie  Mode           Remote Address"]
    for sa in ike_security_associations(state):
        lines.append(
            f"{sa.findtext('ike-sa-index'):<8}{sa.findtext('ike-sa-state'):<7}"
            f"{sa.findtext('ike-sa-initiator-cookie'):<18}"
            f"{sa.findtext('ike-sa-responder-cookie'):<18}"
            f"{sa.findtext('ike-sa-exchange-type'):<15}{sa.findtext('ike-sa-remote-address')}"
        )
    return "\n".join(lines) + "\n"


def ipsec_text(state: Any) -> str:
    """``show security ipsec security-associations``."""
    root = ipsec_security_associations(state)
    lines = [
        f"  Total active tunnels: {root.findtext('total-active-tunnels')}     "
        f"Total Ipsec sas: {root.findtext('total-ipsec-sas')}",
        "  ID    Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway",
    ]
    for sa in root.iter("ipsec-security-associations"):
        lines.append(
            f"  {sa.findtext('sa-direction')}{sa.findtext('sa-tunnel-index')} "
            f"{sa.findtext('sa-protocol')} {sa.findtext('sa-spi')} "
            f"{sa.findtext('sa-hard-lifetime')}/ {sa.findtext('sa-lifesize-remaining')} "
            f"{sa.findtext('sa-vpn-monitoring-state')} root {sa.findtext('sa-port')} "
            f"{sa.findtext('sa-remote-gateway')}"
        )
    return "\n".join(lines) + "\n"

"""Junos IKE and IPsec proposals as the IOS settings that negotiate the same thing. Pure.

The network model decides whether an SRX-IOS tunnel comes up with the IOS rule (a common
``crypto isakmp policy``, equal transform sets), so a Junos proposal is written as the
lines of the IOS policy or transform set that would match it.
"""

from __future__ import annotations

_IKE_ENC = {
    "aes-128-cbc": "aes",
    "aes-192-cbc": "aes 192",
    "aes-256-cbc": "aes 256",
    "3des-cbc": "3des",
    "des-cbc": "des",
}
_IKE_HASH = {"sha1": "sha", "sha-256": "sha256", "sha-384": "sha384", "md5": "md5"}
_IKE_AUTH = {"pre-shared-keys": "pre-share", "rsa-signatures": "rsa-sig"}
_ESP_ENC = {
    "aes-128-cbc": ("esp-aes",),
    "aes-192-cbc": ("esp-aes", "192"),
    "aes-256-cbc": ("esp-aes", "256"),
    "aes-128-gcm": ("esp-gcm",),
    "aes-256-gcm": ("esp-gcm", "256"),
    "3des-cbc": ("esp-3des",),
    "des-cbc": ("esp-des",),
}
_ESP_AUTH = {
    "hmac-sha-256-128": "esp-sha256-hmac",
    "hmac-sha1-96": "esp-sha-hmac",
    "hmac-md5-96": "esp-md5-hmac",
    "hmac-sha-384": "esp-sha384-hmac",
    "hmac-sha-512": "esp-sha512-hmac",
}


def ike_policy_lines(p: dict[str, str]) -> tuple[str, ...]:
    """An IKE proposal as the lines of the IOS ``crypto isakmp policy`` that matches it."""
    lines = [
        f"authentication {_IKE_AUTH.get(p.get('authentication-method', ''), '?')}",
        f"encryption {_IKE_ENC.get(p.get('encryption-algorithm', ''), '?')}",
        f"hash {_IKE_HASH.get(p.get('authentication-algorithm', ''), '?')}",
        f"group {p.get('dh-group', 'group?').removeprefix('group')}",
    ]
    if "lifetime-seconds" in p and p["lifetime-seconds"] != "86400":
        lines.append(f"lifetime {p['lifetime-seconds']}")
    return tuple(sorted(lines))


def esp_transforms(p: dict[str, str]) -> tuple[str, ...]:
    """An IPsec proposal as the transforms of the IOS transform set that matches it.

    >>> esp_transforms({"encryption-algorithm": "aes-256-cbc",
    ...                 "authentication-algorithm": "hmac-sha-256-128"})
    ('esp-aes', '256', 'esp-sha256-hmac')
    """
    enc = _ESP_ENC.get(p.get("encryption-algorithm", ""), ("?",))
    auth = p.get("authentication-algorithm")
    return enc + ((_ESP_AUTH.get(auth, "?"),) if auth else ())

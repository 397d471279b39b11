"""Secrets as an SRX keeps them: a clear value typed or loaded is stored ``$9$``-encoded.

Junos encodes a shared secret (a TACACS+/RADIUS ``secret``, an IKE ``pre-shared-key
ascii-text``, a ``simple-password``, an OSPF/BGP ``authentication-key``) the moment it
enters the candidate, with a random salt: the configuration never shows the clear value,
and the same clear value typed again is a new encoding (so ``show | compare`` lists it as
changed). ``encrypted-password`` is a crypt(3) hash already and is kept; SNMPv3 passwords
are left as typed (a real SRX turns them into localised keys, which tbwan reads apart).
"""

from __future__ import annotations

from netutils.password import encrypt_juniper_type9

from tbwan.lab.junos.tree import Node

ENCODED = frozenset({"secret", "ascii-text", "simple-password", "authentication-key"})
"""Keywords whose value Junos stores ``$9$``-encoded."""


def encode_secrets(root: Node) -> None:
    """Encode every clear secret under ``root`` in place (the order of entries kept).

    >>> from tbwan.lab.junos.tree import set_path, to_set
    >>> root = Node()
    >>> _ = set_path(root, "system tacplus-server 10.0.0.1 secret tac-key-1".split())
    >>> encode_secrets(root)
    >>> line = to_set(root)[0]
    >>> line.startswith('set system tacplus-server 10.0.0.1 secret "$9$'), "tac-key-1" in line
    (True, False)
    >>> encode_secrets(root); to_set(root)[0] == line  # an encoded value stays as it is
    True
    """
    for keyword, child in root.children.items():
        if keyword in ENCODED and len(child.children) == 1:
            ((value, leaf),) = child.children.items()
            if not leaf.children and not value.startswith("$9$") and not value.isdigit():
                child.children = {encrypt_juniper_type9(value): leaf}
                continue
        encode_secrets(child)

"""SNMPv3 users of a lab device: ``snmp-server user`` kept apart from the running config.

Pure. Like IOS, the device accepts ``snmp-server user NAME GROUP v3 [auth md5|sha KEY
[priv des|3des|aes 128|192|256 KEY]]`` in config mode and from files, never prints it in
``show running-config``, and lists the users in ``show snmp user``. ``no snmp-server user
NAME ...`` removes one. The keys stay in memory (the lab's SNMP agent authenticates with
them) and are never shown.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_LINE = re.compile(
    r"^(?P<no>no\s+)?snmp-server\s+user\s+(?P<name>\S+)(?:\s+(?P<group>\S+))?"
    r"(?:\s+v3)?"
    r"(?:\s+auth\s+(?P<auth>md5|sha)\s+(?P<auth_key>\S+))?"
    r"(?:\s+priv\s+(?P<priv>3des|des|aes\s+(?:128|192|256))\s+(?P<priv_key>\S+))?"
)


@dataclass(frozen=True, slots=True)
class LabSnmpUser:
    """One SNMPv3 user with its keys (clear text, memory only)."""

    name: str
    group: str
    auth: str  # "SHA", "MD5" or "None", as IOS shows it
    priv: str  # "AES128", "DES", "None", ...
    auth_key: str = ""
    priv_key: str = ""

    def __repr__(self) -> str:
        return f"LabSnmpUser({self.name!r}, {self.group!r}, {self.auth}, {self.priv})"


def is_user_line(text: str) -> bool:
    """Whether ``text`` is an ``snmp-server user`` line (or its ``no`` form).

    >>> is_user_line("no snmp-server user mon RO v3")
    True
    >>> is_user_line("snmp-server group RO v3 priv")
    False
    """
    return _LINE.match(text.strip()) is not None


def apply_user_line(users: dict[str, LabSnmpUser], text: str) -> bool:
    """Apply one ``[no] snmp-server user`` line to ``users``; return whether it changed.

    >>> users: dict[str, LabSnmpUser] = {}
    >>> apply_user_line(users, "snmp-server user mon RO v3 auth sha A1234567 priv aes 128 P")
    True
    >>> users["mon"]
    LabSnmpUser('mon', 'RO', SHA, AES128)
    >>> apply_user_line(users, "no snmp-server user mon RO v3"), users
    (True, {})
    """
    match = _LINE.match(text.strip())
    if match is None:
        return False
    name = match.group("name")
    if match.group("no"):
        return users.pop(name, None) is not None
    user = LabSnmpUser(
        name=name,
        group=match.group("group") or "",
        auth=(match.group("auth") or "None").upper(),
        priv=(match.group("priv") or "None").replace(" ", "").upper(),
        auth_key=match.group("auth_key") or "",
        priv_key=match.group("priv_key") or "",
    )
    changed = users.get(name) != user
    users[name] = user
    return changed


def engine_id(device: str) -> str:
    """The device's SNMP engine ID (IOS: enterprise 9, format MAC), stable per name.

    >>> engine_id("r1") == engine_id("r1"), len(engine_id("r1"))
    (True, 24)
    """
    mac = hashlib.md5(f"{device}/engine".encode(), usedforsecurity=False).hexdigest()[:12]
    return f"800000090300{mac}".upper()


def show_snmp_user(users: dict[str, LabSnmpUser], device: str) -> str:
    """``show snmp user``, as IOS prints it (nothing when no user is configured)."""
    blocks: list[str] = []
    for user in users.values():
        blocks.append(
            "\n".join(
                [
                    f"User name: {user.name}",
                    f"Engine ID: {engine_id(device)}",
                    "storage-type: nonvolatile\t active",
                    f"Authentication Protocol: {user.auth}",
                    f"Privacy Protocol: {user.priv}",
                    f"Group-name: {user.group}",
                ]
            )
        )
    return "\n\n".join(blocks)

"""An SNMPv3 agent per lab device (pysnmp), so monitoring can poll the lab.

Each device answers on its own UDP port on 127.0.0.1 with its own engine ID, for the
SNMPv3 users it was configured with (``snmp-server user``, :mod:`tbwan.lab.snmp_users`):
a request with another user, key or algorithm is refused by pysnmp's USM (the client
sees an authentication or decryption error, or no answer). The users are synchronised
from the device every half second, so a deploy that creates one is seen at once.

What it serves (read only; GET, GETNEXT, GETBULK): the system group (sysDescr,
sysObjectID, sysUpTime, sysContact, sysName, sysLocation from the running config), ifNumber,
the IF-MIB ifTable (ifIndex, ifDescr, ifType, ifMtu, ifSpeed, ifPhysAddress,
ifAdminStatus, ifOperStatus, ifInOctets, ifOutOctets) and ifXTable (ifName, ifHCInOctets,
ifHCOutOctets, ifHighSpeed, ifAlias). Interfaces come from the running config as for
``show interfaces``; octet counters grow with the uptime at a steady per-interface rate
(none on a shut interface). Not served: VACM views and the group's access list (any
configured user reads everything), SET, traps.

The OID table is pure (:func:`oid_table`); only :class:`SnmpAgents` does I/O.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import socket
import time
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

from pyasn1.type.univ import Null
from pysnmp.carrier.asyncio.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context
from pysnmp.proto import rfc1902, rfc1905
from pysnmp.smi import builder
from pysnmp.smi.instrum import AbstractMibInstrumController

from tbwan.lab import show
from tbwan.lab.snmp_users import LabSnmpUser, engine_id
from tbwan.lab.state import DeviceState

log = logging.getLogger("tbwan.lab.snmp")


class _CompileOnce:
    """pysnmp's MIB loading, with each MIB file compiled once per process.

    Every pysnmp engine loads its MIB modules from source: ``MibSource.read`` compiles the
    file (pysnmp looks for a ``.pyc`` beside it, not in ``__pycache__``), and with
    ``__debug__`` on (no ``python -O``) ``MibBuilder.load_module`` runs it again through
    ``runpy.run_path``, compiling it a second time, so that breakpoints work in MIB files.
    That was 0.2 s of the 0.25 s each device's engine took: 80 s for the province. The
    code objects never change, so both steps reuse them.
    """

    _code: dict[str, CodeType] = {}  # noqa: RUF012 - a process-wide cache on purpose
    _found: dict[tuple[str, str], tuple[Any, str]] = {}  # noqa: RUF012 - the same
    _source = getattr(builder, "__AbstractMibSource")
    _read = _source.read

    @classmethod
    def compiled(cls, path: str) -> CodeType:
        """The code object of the Python file ``path``."""
        code = cls._code.get(path)
        if code is None:
            code = cls._code[path] = compile(Path(path).read_bytes(), path, "exec")
        return code

    @classmethod
    def run_path(cls, path: str, init_globals: dict[str, Any] | None = None) -> dict[str, Any]:
        """``runpy.run_path`` from the cached code object."""
        namespace = {**(init_globals or {}), "__name__": "<run_path>", "__file__": path}
        exec(cls.compiled(path), namespace)  # pysnmp's own MIB module, as runpy runs it
        return namespace

    @staticmethod
    def read(source: Any, name: str) -> tuple[Any, str]:
        """``MibSource.read``, once per source folder and module (a miss is not kept)."""
        key = (str(getattr(source, "_srcName", id(source))), name)
        found = _CompileOnce._found.get(key)
        if found is None:
            found = _CompileOnce._found[key] = _CompileOnce._read(source, name)
        return found


builder.runpy = _CompileOnce
_CompileOnce._source.read = _CompileOnce.read

Oid = tuple[int, ...]
SYSTEM: Oid = (1, 3, 6, 1, 2, 1, 1)
IF_NUMBER: Oid = (1, 3, 6, 1, 2, 1, 2, 1, 0)
IF_ENTRY: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX_ENTRY: Oid = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
CISCO_ISR: Oid = (1, 3, 6, 1, 4, 1, 9, 1, 1)
_COUNTER32 = 2**32

_AUTH = {
    "SHA": config.USM_AUTH_HMAC96_SHA,
    "MD5": config.USM_AUTH_HMAC96_MD5,
    "None": config.USM_AUTH_NONE,
}
_PRIV = {
    "AES128": config.USM_PRIV_CFB128_AES,
    "AES192": config.USM_PRIV_CFB192_AES,
    "AES256": config.USM_PRIV_CFB256_AES,
    "DES": config.USM_PRIV_CBC56_DES,
    "3DES": config.USM_PRIV_CBC168_3DES,
    "None": config.USM_PRIV_NONE,
}


@functools.cache
def _master_keys(auth: Any, auth_key: str, priv: Any, priv_key: str) -> tuple[Any, Any]:
    """RFC 3414 master keys (Ku) of a user's passphrases.

    Turning a passphrase into a key hashes a megabyte (RFC 3414, A.2), 50 ms per user in
    pysnmp; every lab device has the same user, so hash once and let pysnmp only localise
    the key to each engine.
    """
    auth_ku = config.AUTH_SERVICES[auth].hash_passphrase(auth_key) if auth_key else None
    priv_ku = config.PRIV_SERVICES[priv].hash_passphrase(auth, priv_key) if priv_key else None
    return auth_ku, priv_ku


def octets_per_second(device: str, interface: str) -> int:
    """A steady traffic rate per interface (stable per name), 2-60 kB/s.

    >>> octets_per_second("r1", "Gi0/0") == octets_per_second("r1", "Gi0/0")
    True
    """
    digest = hashlib.md5(f"{device}/{interface}".encode(), usedforsecurity=False).digest()
    return 2_000 + int.from_bytes(digest[:4]) % 58_000


def _if_type(name: str) -> int:
    if name.startswith("Loopback"):
        return 24  # softwareLoopback
    if name.startswith("Tunnel"):
        return 131  # tunnel
    if name.startswith("Vlan"):
        return 53  # propVirtual
    return 6  # ethernetCsmacd


def _config_value(state: DeviceState, prefix: str) -> str:
    for node in state.running.children:
        if node.text.startswith(prefix + " "):
            return node.text[len(prefix) + 1 :]
    return ""


def oid_table(state: DeviceState, uptime_s: float) -> list[tuple[Oid, Any]]:
    """Every object the device serves, sorted by OID."""
    d = state.device
    descr = (
        f"Cisco IOS Software [Cupertino], {d.model} Software, Version {d.os_version}, "
        "RELEASE SOFTWARE (fc3)"
    )
    ticks = int(uptime_s * 100) % _COUNTER32
    rows: list[tuple[Oid, Any]] = [
        ((*SYSTEM, 1, 0), rfc1902.OctetString(descr)),
        ((*SYSTEM, 2, 0), rfc1902.ObjectIdentifier(CISCO_ISR)),
        ((*SYSTEM, 3, 0), rfc1902.TimeTicks(ticks)),
        ((*SYSTEM, 4, 0), rfc1902.OctetString(_config_value(state, "snmp-server contact"))),
        ((*SYSTEM, 5, 0), rfc1902.OctetString(state.hostname)),
        ((*SYSTEM, 6, 0), rfc1902.OctetString(_config_value(state, "snmp-server location"))),
    ]
    ifaces = show.interfaces(state.running)
    rows.append((IF_NUMBER, rfc1902.Integer32(len(ifaces))))
    for index, i in enumerate(ifaces, start=1):
        rate = octets_per_second(d.name, i.name) if i.enabled else 0
        in_octets = int(rate * uptime_s)
        out_octets = int(rate * 0.6 * uptime_s)
        status = 1 if i.enabled else 2
        mac = bytes.fromhex(show.mac_for(d.name, i.name).replace(".", ""))
        bps = i.bandwidth_kbit * 1000
        rows += [
            ((*IF_ENTRY, 1, index), rfc1902.Integer32(index)),
            ((*IF_ENTRY, 2, index), rfc1902.OctetString(i.name)),
            ((*IF_ENTRY, 3, index), rfc1902.Integer32(_if_type(i.name))),
            ((*IF_ENTRY, 4, index), rfc1902.Integer32(i.mtu)),
            ((*IF_ENTRY, 5, index), rfc1902.Gauge32(min(bps, _COUNTER32 - 1))),
            ((*IF_ENTRY, 6, index), rfc1902.OctetString(mac)),
            ((*IF_ENTRY, 7, index), rfc1902.Integer32(status)),
            ((*IF_ENTRY, 8, index), rfc1902.Integer32(status)),
            ((*IF_ENTRY, 10, index), rfc1902.Counter32(in_octets % _COUNTER32)),
            ((*IF_ENTRY, 16, index), rfc1902.Counter32(out_octets % _COUNTER32)),
            ((*IFX_ENTRY, 1, index), rfc1902.OctetString(i.name)),
            ((*IFX_ENTRY, 6, index), rfc1902.Counter64(in_octets)),
            ((*IFX_ENTRY, 10, index), rfc1902.Counter64(out_octets)),
            ((*IFX_ENTRY, 15, index), rfc1902.Gauge32(bps // 1_000_000)),
            ((*IFX_ENTRY, 18, index), rfc1902.OctetString(i.description)),
        ]
    return sorted(rows, key=lambda row: row[0])


class DeviceInstrum(AbstractMibInstrumController):  # type: ignore[misc]
    """pysnmp's MIB instrumentation, answered from :func:`oid_table` of one device."""

    # A GETBULK asks for the next object once per repetition: build the table once per
    # half second, as a device refreshes its counters every few seconds anyway.
    TABLE_TTL = 0.5

    def __init__(self, state: DeviceState) -> None:
        self.state = state
        self._cached: tuple[float, list[Oid], list[Any]] | None = None

    def _table(self) -> tuple[list[Oid], list[Any]]:
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > self.TABLE_TTL:
            rows = oid_table(self.state, self.state.uptime())
            self._cached = (now, [oid for oid, _ in rows], [value for _, value in rows])
        return self._cached[1], self._cached[2]

    def read_variables(self, *var_binds: Any, **_: Any) -> list[tuple[Any, Any]]:
        """GET: the value of each OID, or noSuchObject."""
        oids, values = self._table()
        index = dict(zip(oids, values, strict=True))
        return [
            (rfc1902.ObjectName(name), index.get(tuple(name), rfc1905.noSuchObject))
            for name, _ in var_binds
        ]

    def read_next_variables(self, *var_binds: Any, **_: Any) -> list[tuple[Any, Any]]:
        """GETNEXT / GETBULK: the next OID and its value, or endOfMibView."""
        oids, values = self._table()
        out: list[tuple[Any, Any]] = []
        for name, _ in var_binds:
            at = bisect_right(oids, tuple(name))
            if at < len(oids):
                out.append((rfc1902.ObjectName(oids[at]), values[at]))
            else:
                out.append((rfc1902.ObjectName(name), rfc1905.endOfMibView))
        return out

    def write_variables(self, *var_binds: Any, **_: Any) -> list[tuple[Any, Any]]:
        """SET is not served: every object is read-only."""
        return [(name, Null("")) for name, _ in var_binds]


class DeviceAgent:
    """The SNMP engine of one device on its UDP port."""

    def __init__(self, state: DeviceState, host: str, port: int) -> None:
        self.state = state
        self.engine = engine.SnmpEngine(
            snmpEngineID=rfc1902.OctetString(hexValue=engine_id(state.device.name))
        )
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))  # bound here, so the port is known and free at once
        self.sock.setblocking(False)
        self.port = int(self.sock.getsockname()[1])
        self.transport = udp.UdpAsyncioTransport().open_server_mode(sock=self.sock)
        config.add_transport(self.engine, udp.DOMAIN_NAME, self.transport)
        snmp_context = context.SnmpContext(self.engine)
        snmp_context.unregister_context_name(b"")  # the default context: this device's table
        snmp_context.register_context_name(b"", DeviceInstrum(state))
        for responder in (
            cmdrsp.GetCommandResponder,
            cmdrsp.NextCommandResponder,
            cmdrsp.BulkCommandResponder,
        ):
            responder(self.engine, snmp_context)
        self.users: dict[str, LabSnmpUser] = {}
        self.sync_users()

    def sync_users(self) -> None:
        """Make the engine's USM users those the device is configured with now."""
        wanted = dict(self.state.snmp_users)
        if wanted == self.users:
            return
        for name in self.users:
            config.delete_v3_user(self.engine, name)
        for user in wanted.values():
            if user.auth not in _AUTH or user.priv not in _PRIV:
                continue
            auth, priv = _AUTH[user.auth], _PRIV[user.priv]
            auth_ku, priv_ku = _master_keys(auth, user.auth_key, priv, user.priv_key)
            config.add_v3_user(
                self.engine,
                user.name,
                auth,
                auth_ku,
                priv,
                priv_ku,
                authKeyType=config.USM_KEY_TYPE_MASTER,
                privKeyType=config.USM_KEY_TYPE_MASTER,
            )
        self.users = wanted

    def close(self) -> None:
        """Stop answering."""
        self.engine.close_dispatcher()


class SnmpAgents:
    """The agents of a lab's devices; run on the lab's event loop."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.agents: dict[str, DeviceAgent] = {}
        self._sync: asyncio.Task[None] | None = None

    async def start(
        self, states: dict[str, DeviceState], ports: dict[str, int] | None = None
    ) -> dict[str, int]:
        """Start an agent for each of ``states`` (port 0: any free port); host -> UDP port."""
        for name, state in states.items():
            self.agents[name] = DeviceAgent(state, self.host, (ports or {}).get(name, 0))
        await asyncio.sleep(0)  # let the datagram endpoints attach to the loop
        if self._sync is None:
            self._sync = asyncio.create_task(self._keep_in_sync())
        log.info("snmp agents: %d", len(self.agents))
        return {name: self.agents[name].port for name in states}

    @property
    def ports(self) -> dict[str, int]:
        """Host -> UDP port of every agent."""
        return {name: agent.port for name, agent in self.agents.items()}

    async def _keep_in_sync(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            for agent in self.agents.values():
                agent.sync_users()

    def close(self, names: Iterable[str] | None = None) -> None:
        """Stop every agent."""
        if self._sync is not None:
            self._sync.cancel()
        for name in list(names or self.agents):
            self.agents.pop(name).close()

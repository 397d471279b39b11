"""Start and stop the lab: one asyncio loop, one SSH listener per device."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import asyncssh

from tbwan.lab.config_tree import Node
from tbwan.lab.editor import apply_text
from tbwan.lab.models import NO_FAULT, Credentials, Fault, LabDevice, LabError
from tbwan.lab.network import Cabling, StartFaults, attach_network
from tbwan.lab.server import DeviceSSHServer
from tbwan.lab.state import DeviceState

if TYPE_CHECKING:
    from tbwan.lab.junos.state import JunosState
    from tbwan.lab.snmp_agent import SnmpAgents

    AnyState = DeviceState | JunosState

log = logging.getLogger("tbwan.lab")


def boot_state(device: LabDevice, tree: Node | None = None) -> AnyState:
    """A device's state as it boots: IOS, or Junos for ``platform="junos"``."""
    if device.platform == "junos":
        from tbwan.lab.junos.state import JunosState  # lxml: only for a lab with an SRX

        return JunosState.boot(device)
    return DeviceState.boot(device, tree)


class LabServer:
    """The devices and their listeners; all methods run on the lab's event loop."""

    def __init__(
        self,
        devices: Iterable[LabDevice],
        creds: Credentials,
        host: str = "127.0.0.1",
        faults: dict[str, Fault] | None = None,
        trees: dict[str, Node] | None = None,
        cabling: Cabling | None = None,
        network_faults: StartFaults | None = None,
        snmp: bool = False,
    ) -> None:
        self.creds, self.host = creds, host
        self.snmp: SnmpAgents | None = None
        if snmp:  # pysnmp is imported only when asked: a plain lab starts as fast as before
            from tbwan.lab.snmp_agent import SnmpAgents

            self.snmp = SnmpAgents(host)
        booted = trees or {}
        self.states: dict[str, AnyState] = {
            d.name: boot_state(d, booted.get(d.name)) for d in devices
        }
        self.network = attach_network(self.states, cabling, network_faults)
        for name, fault in (faults or {}).items():
            self.state(name).fault = fault
        self.ports: dict[str, int] = {}
        self._servers: list[Any] = []
        self.live: set[asyncssh.SSHServerConnection] = set()
        self._ticker: asyncio.Task[None] | None = None
        self._key: asyncssh.SSHKey | None = None

    @property
    def snmp_ports(self) -> dict[str, int]:
        """Host -> UDP port of its SNMP agent (empty without ``snmp``)."""
        return self.snmp.ports if self.snmp is not None else {}

    def any_state(self, host: str) -> AnyState:
        """The state of ``host``, IOS or Junos (LabError if unknown)."""
        try:
            return self.states[host]
        except KeyError:
            raise LabError(f"no device {host!r} in this lab") from None

    def state(self, host: str) -> DeviceState:
        """The state of IOS device ``host`` (LabError if unknown or not IOS)."""
        state = self.any_state(host)
        if not isinstance(state, DeviceState):
            raise LabError(f"{host} is a {state.platform} device: this works on IOS only")
        return state

    @property
    def managements(self) -> dict[str, str]:
        """Host -> management address, for the devices that have one."""
        return {n: s.device.management for n, s in self.states.items() if s.device.management}

    async def start(self, ports: dict[str, int] | None = None) -> dict[str, int]:
        """Listen for every device (port 0 = any free port); return host -> port."""
        self._key = asyncssh.generate_private_key("ssh-ed25519")
        for name, state in self.states.items():
            await self._listen(name, state, (ports or {}).get(name, 0))
        self._ticker = asyncio.create_task(self._tick())
        if self.snmp is not None:
            await self.snmp.start(self._ios_states(self.states))
        log.info("lab listening: %d devices", len(self.ports))
        return dict(self.ports)

    async def _listen(self, name: str, state: AnyState, port: int) -> None:
        server = await asyncssh.listen(
            self.host,
            port,
            server_host_keys=[self._key],
            server_factory=lambda s=state: DeviceSSHServer(s, self.creds, self.live),
            encoding=None,
            line_editor=False,
            allow_scp=False,
            login_timeout=30,
        )
        self._servers.append(server)
        self.ports[name] = server.sockets[0].getsockname()[1]

    async def add_devices(self, devices: Iterable[LabDevice]) -> dict[str, int]:
        """Rack new devices in the running lab (as for an onboarding); return their ports."""
        added: dict[str, int] = {}
        for device in devices:
            if device.name in self.states:
                raise LabError(f"device {device.name!r} is already in this lab")
            state = boot_state(device)
            state.network = self.network
            self.states[device.name] = state
            await self._listen(device.name, state, 0)
            if self.snmp is not None:
                await self.snmp.start(self._ios_states({device.name: state}))
            added[device.name] = self.ports[device.name]
            log.info("%s: added on port %d", device.name, added[device.name])
        return added

    @staticmethod
    def _ios_states(states: dict[str, AnyState]) -> dict[str, DeviceState]:
        """The IOS devices (the SNMP agent knows only them)."""
        return {n: s for n, s in states.items() if isinstance(s, DeviceState)}

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(1)
            for state in self.states.values():
                state.expire_timer()

    async def close(self) -> None:
        """Stop listening and drop every connection."""
        if self._ticker is not None:
            self._ticker.cancel()
        if self.snmp is not None:
            self.snmp.close()
        for server in self._servers:
            server.close()
        for conn in list(self.live):
            conn.abort()
        await asyncio.gather(*(s.wait_closed() for s in self._servers), return_exceptions=True)
        self._servers.clear()

    def set_fault(self, host: str, fault: Fault) -> None:
        """Replace the faults of ``host``."""
        self.any_state(host).fault = fault
        log.info("%s: fault set to %s", host, fault)

    def clear_faults(self, host: str | None = None) -> None:
        """Remove faults of one host or of all."""
        for name in [host] if host else list(self.states):
            self.any_state(name).fault = NO_FAULT

    def apply_config(self, host: str, lines: list[str]) -> str:
        """Change the running config out of band; return error lines, if any."""
        state = self.any_state(host)
        if not isinstance(state, DeviceState):  # Junos: set/delete lines, committed at once
            return state.apply_config(lines)
        effects = apply_text(state.running, lines, private=state.private_line)
        if any(e.changed for e in effects):
            state.changed("out-of-band")
        return "\n".join(f"{e.text}: {e.error}" for e in effects if e.error)

    def running_config(self, host: str) -> str:
        """The running config text of ``host`` (a Junos device: in set form)."""
        state = self.any_state(host)
        if not isinstance(state, DeviceState):
            return state.running_config()
        return state.config_text(header=False)

    def write_flash(self, host: str, name: str, data: bytes) -> None:
        """Put a file on the flash of ``host`` out of band (as an operator's copy would)."""
        state = self.any_state(host)
        if not isinstance(state, DeviceState):
            raise LabError(f"{host} is a Junos device: it has no IOS flash")
        state.write_flash(name, data)

    def expire_timers(self, host: str) -> bool:
        """Fire ``host``'s pending rollback timer now (a test's shortcut for waiting)."""
        state = self.any_state(host)
        if isinstance(state, DeviceState):
            if state.pending is not None:
                state.pending.deadline = 0.0
            return state.expire_timer()
        return state.expire_timer(force=True)


class Lab:
    """A :class:`LabServer` on a background thread, for tests and scripts.

    Example:
        with Lab(devices, creds) as lab:
            port = lab.ports["r1"]
    """

    def __init__(
        self,
        devices: Iterable[LabDevice],
        creds: Credentials,
        faults: dict[str, Fault] | None = None,
        cabling: Cabling | None = None,
        snmp: bool = False,
    ) -> None:
        self.server = LabServer(devices, creds, faults=faults, cabling=cabling, snmp=snmp)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="lab")
        self.ports: dict[str, int] = {}

    def _call(self, fn: Any, *args: Any) -> Any:
        fut: Future[Any] = Future()

        def run() -> None:
            try:
                fut.set_result(fn(*args))
            except Exception as exc:  # handed back to the caller's thread
                fut.set_exception(exc)

        self.loop.call_soon_threadsafe(run)
        return fut.result(timeout=30)

    def start(self) -> dict[str, int]:
        """Start the loop thread and the listeners."""
        self._thread.start()
        self.ports = asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(60)
        return dict(self.ports)

    def stop(self) -> None:
        """Stop the listeners and the loop thread."""
        asyncio.run_coroutine_threadsafe(self.server.close(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def __enter__(self) -> Lab:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_fault(self, host: str, fault: Fault) -> None:
        """Thread-safe :meth:`LabServer.set_fault`."""
        self._call(self.server.set_fault, host, fault)

    def clear_faults(self, host: str | None = None) -> None:
        """Thread-safe :meth:`LabServer.clear_faults`."""
        self._call(self.server.clear_faults, host)

    def apply_config(self, host: str, lines: list[str]) -> str:
        """Thread-safe :meth:`LabServer.apply_config`."""
        return str(self._call(self.server.apply_config, host, lines))

    def running_config(self, host: str) -> str:
        """Thread-safe :meth:`LabServer.running_config`."""
        return str(self._call(self.server.running_config, host))

    def write_flash(self, host: str, name: str, data: bytes) -> None:
        """Thread-safe :meth:`LabServer.write_flash`."""
        self._call(self.server.write_flash, host, name, data)

    def expire_timers(self, host: str) -> bool:
        """Thread-safe :meth:`LabServer.expire_timers`: whether a rollback fired."""
        return bool(self._call(self.server.expire_timers, host))

    def add_devices(self, devices: Iterable[LabDevice]) -> dict[str, int]:
        """Thread-safe :meth:`LabServer.add_devices`."""
        coro = self.server.add_devices(list(devices))
        added: dict[str, int] = asyncio.run_coroutine_threadsafe(coro, self.loop).result(60)
        self.ports.update(added)
        return added

    @property
    def snmp_ports(self) -> dict[str, int]:
        """Host -> UDP port of its SNMP agent (empty without ``snmp``)."""
        return dict(self._call(lambda: self.server.snmp_ports))

    def startup_config(self, host: str) -> str:
        """The startup config of ``host`` (a Junos device: its committed config)."""
        return str(self._call(lambda: self.server.running_config(host)
                              if self.server.state(host).platform == "junos"
                              else self.server.state(host).startup))  # fmt: skip

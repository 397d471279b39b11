"""The SSH side: asyncssh server objects that carry bytes to and from a :class:`Session`."""

from __future__ import annotations

import asyncio
import hmac
import logging
import shlex
from typing import TYPE_CHECKING, Any

import asyncssh

from tbwan.lab.commands import Session
from tbwan.lab.fileops import flash_name
from tbwan.lab.lineedit import LineEditor
from tbwan.lab.models import Credentials
from tbwan.lab.state import DeviceState

if TYPE_CHECKING:
    from tbwan.lab.junos.state import JunosState

log = logging.getLogger("tbwan.lab")


class DeviceSSHServer(asyncssh.SSHServer):
    """Password authentication for one device, honouring the ``refuse_auth`` fault."""

    def __init__(
        self,
        state: DeviceState | JunosState,
        creds: Credentials,
        live: set[asyncssh.SSHServerConnection],
    ) -> None:
        self.state, self.creds, self.live = state, creds, live
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.live.add(conn)
        net = self.state.network
        if net is not None and self.state.device.name in net.powered_off:
            conn.abort()  # powered off (tbwan lab device off): nothing answers

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.live.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        if self.state.fault.refuse_auth:
            log.info("%s: login refused (fault)", self.state.device.name)
            return False
        ok = hmac.compare_digest(username, self.creds.username) and hmac.compare_digest(
            password, self.creds.password
        )
        if not ok:
            log.info("%s: bad credentials for %r", self.state.device.name, username)
        return ok

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        if not isinstance(self.state, DeviceState):  # Junos: NETCONF subsystem or its CLI
            from tbwan.lab.junos.channel import JunosChannel

            return JunosChannel(self.state, self.creds, self.conn)
        return DeviceChannelSession(self.state, self.creds, self.conn)


class DeviceChannelSession(asyncssh.SSHServerSession[bytes]):
    """A shell (interactive CLI), an ``scp -t`` sink, or a one-shot exec command."""

    def __init__(
        self, state: DeviceState, creds: Credentials, conn: asyncssh.SSHServerConnection | None
    ) -> None:
        self.state, self.conn = state, conn
        self.session = Session(state, creds, creds.username)
        self.chan: Any = None
        self.editor = LineEditor(ctrl_z=b"end")  # Ctrl-Z types `end`, as on IOS
        self.commands = 0
        self.exec_cmd: str | None = None
        self.scp: ScpSink | None = None

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str | bytes) -> bool:
        self.exec_cmd = command.decode() if isinstance(command, bytes) else command
        return True

    def session_started(self) -> None:
        if self.exec_cmd is not None:
            self._start_exec(self.exec_cmd)
        elif not self.state.fault.hang:
            self.chan.write(b"\r\n" + self.session.prompt.encode())

    def _start_exec(self, cmd: str) -> None:
        words = shlex.split(cmd)
        if words[:1] == ["scp"] and "-t" in words:
            if not self.state.has_line("ip scp server enable"):
                self.chan.write(b"\x01scp: permission denied\n")
                self.chan.exit(1)
                return
            self.scp = ScpSink(self.state, words[-1])
            self.chan.write(b"\x00")
            return
        self.session.privileged = True
        out = self.session.feed(cmd)
        self.chan.write(out.replace("\n", "\r\n").encode() + b"\r\n")
        self.chan.exit(0)

    def data_received(self, data: bytes, datatype: Any) -> None:
        if self.scp is not None:
            reply = self.scp.feed(data)
            if reply:
                self.chan.write(reply)
            return
        fault = self.state.fault
        if fault.hang:
            return
        if fault.latency > 0:
            asyncio.get_running_loop().call_later(fault.latency, self._handle, data)
        else:
            self._handle(data)

    def eof_received(self) -> bool:
        if self.scp is not None:
            self.chan.exit(0 if self.scp.ok else 1)
        return False

    def _handle(self, data: bytes) -> None:
        out = bytearray()
        if self.editor.feed(data, out, self._line_done, lambda: self.session.echo) and out:
            self.chan.write(bytes(out))

    def _line_done(self, out: bytearray) -> bool:
        """Run the finished line; False if the session is gone."""
        text = self.editor.take_line()
        if text.strip():
            self.commands += 1
            limit = self.state.fault.drop_after
            if limit is not None and self.commands > limit:
                log.info("%s: dropping session (fault)", self.state.device.name)
                if out:
                    self.chan.write(bytes(out))
                if self.conn is not None:
                    self.conn.abort()
                return False
        reply = self.session.feed(text)
        out += b"\r\n"
        if reply:
            out += reply.replace("\n", "\r\n").encode() + b"\r\n"
        if self.session.closed:
            self.chan.write(bytes(out))
            self.chan.exit(0)
            return False
        out += self.session.prompt.encode()
        return True


class ScpSink:
    """The receiving side of ``scp -t TARGET`` writing into the device's flash."""

    def __init__(self, state: DeviceState, target: str) -> None:
        self.state = state
        self.target = flash_name(target)
        self.buf = bytearray()
        self.want: int | None = None
        self.name = ""
        self.ok = False

    def feed(self, data: bytes) -> bytes:
        """Consume protocol bytes; return the acknowledgements to send."""
        self.buf += data
        reply = bytearray()
        while True:
            if self.want is None:
                nl = self.buf.find(b"\n")
                if nl < 0:
                    return bytes(reply)
                header = self.buf[:nl].decode(errors="replace")
                del self.buf[: nl + 1]
                if header.startswith("C"):
                    _mode, size, name = header[1:].split(" ", 2)
                    self.want, self.name = int(size), name
                reply += b"\x00"
            else:
                if len(self.buf) < self.want + 1:
                    return bytes(reply)
                content = bytes(self.buf[: self.want])
                del self.buf[: self.want + 1]
                target = self.target if self.target else self.name
                self.state.write_flash(target, content)
                log.info(
                    "%s: scp wrote flash:/%s (%d bytes)",
                    self.state.device.name,
                    target,
                    len(content),
                )
                self.want, self.ok = None, True
                reply += b"\x00"

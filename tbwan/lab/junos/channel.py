"""The SSH side of a lab Junos device: the ``netconf`` subsystem, or the CLI on a shell.

``ssh -s host netconf`` (ncclient, PyEZ, NAPALM) gets NETCONF; an exec of ``xml-mode
netconf need-trailer`` (ncclient's fallback) too; a shell gets the CLI (Netmiko).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
from typing import Any

import asyncssh

from tbwan.lab.junos.cli import JunosCli
from tbwan.lab.junos.cli_text import OperFallback
from tbwan.lab.junos.netconf import NetconfSession
from tbwan.lab.junos.rpcbase import Fallback
from tbwan.lab.junos.state import JunosState
from tbwan.lab.lineedit import LineEditor
from tbwan.lab.models import Credentials

log = logging.getLogger("tbwan.lab")


@functools.cache
def _fallbacks() -> tuple[Fallback | None, OperFallback | None]:
    """The network model's Junos answers (interfaces, OSPF, routes, ping), if present."""
    try:
        oper = importlib.import_module("tbwan.lab.network.junos_oper")
    except ImportError:
        return None, None
    return oper.rpc_reply, oper.cli_text


class JunosChannel(asyncssh.SSHServerSession[bytes]):
    """One SSH channel of a Junos device."""

    def __init__(
        self, state: JunosState, creds: Credentials, conn: asyncssh.SSHServerConnection | None
    ) -> None:
        self.state, self.creds, self.conn = state, creds, conn
        self.chan: Any = None
        self.netconf: NetconfSession | None = None
        self.cli: JunosCli | None = None
        self.exec_cmd: str | None = None
        self.editor = LineEditor(printable_only=True)  # Junos drops control bytes
        self.commands = 0

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        if subsystem != "netconf":
            return False
        self._start_netconf()
        return True

    def shell_requested(self) -> bool:
        self.cli = JunosCli(self.state, self.creds.username, _fallbacks()[1])
        return True

    def exec_requested(self, command: str | bytes) -> bool:
        cmd = command.decode() if isinstance(command, bytes) else command
        if cmd.strip().startswith("xml-mode netconf"):
            self._start_netconf()
        else:
            self.exec_cmd = cmd
        return True

    def _start_netconf(self) -> None:
        self.netconf = NetconfSession(self.state, self.creds.username, *_fallbacks())

    def session_started(self) -> None:
        if self.state.fault.hang:
            return
        if self.netconf is not None:
            self.chan.write(self.netconf.hello())
        elif self.exec_cmd is not None:
            cli = JunosCli(self.state, self.creds.username, _fallbacks()[1])
            out = cli.feed(self.exec_cmd)
            self.chan.write(out.replace("\n", "\r\n").encode() + b"\r\n")
            self.chan.exit(0)
        elif self.cli is not None:
            self.chan.write(f"{self.cli.banner}\r\n{self.cli.prompt[1:]}".encode())

    def data_received(self, data: bytes, datatype: Any) -> None:
        if self.state.fault.hang:
            return
        if self.state.fault.latency > 0:
            asyncio.get_running_loop().call_later(self.state.fault.latency, self._handle, data)
        else:
            self._handle(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.netconf is not None:
            self.netconf.close()
        if self.cli is not None:
            self.cli.close()

    def _handle(self, data: bytes) -> None:
        if self.netconf is not None:
            out = self.netconf.feed(data)
            if out:
                self.chan.write(out)
            if self.netconf.dropped and self.conn is not None:
                self.conn.abort()
            elif self.netconf.closed:
                self.chan.exit(0)
            return
        if self.cli is not None:
            self._cli_bytes(data)

    def _cli_bytes(self, data: bytes) -> None:
        out = bytearray()
        if self.editor.feed(data, out, self._line_done) and out:
            self.chan.write(bytes(out))

    def _line_done(self, out: bytearray) -> bool:
        assert self.cli is not None
        text = self.editor.take_line()
        if text.strip():
            self.commands += 1
            limit = self.state.fault.drop_after
            if limit is not None and self.commands > limit and self.conn is not None:
                self.chan.write(bytes(out))
                self.conn.abort()
                return False
        reply = self.cli.feed(text)
        out += b"\r\n"
        if reply:
            out += reply.replace("\n", "\r\n").encode()
            if not reply.endswith("(yes) "):
                out += b"\r\n"
        if self.cli.closed:
            self.chan.write(bytes(out))
            self.chan.exit(0)
            return False
        if not self.cli.confirm_exit:
            out += self.cli.prompt.replace("\n", "\r\n").encode()
        return True

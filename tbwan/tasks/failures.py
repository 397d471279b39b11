"""Why a Nornir task failed, in one line, and whether the device was unreachable."""

from __future__ import annotations

import socket

from napalm.base.exceptions import ConnectionException
from netmiko import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout
from nornir.core.exceptions import NornirSubTaskError
from paramiko.ssh_exception import SSHException

from tbwan.diff.secrets import mask_diff
from tbwan.platforms import PLATFORMS

UNREACHABLE: tuple[type[BaseException], ...] = (
    ConnectionException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
    SSHException,
    socket.timeout,
    ConnectionError,
    EOFError,
    OSError,
)


def root_cause(exc: BaseException) -> BaseException:
    """The innermost exception of a (nested) subtask failure."""
    while isinstance(exc, NornirSubTaskError):
        inner = next((r.exception for r in exc.result if r.exception is not None), None)
        if inner is None:
            return exc
        exc = inner
    return exc


def mask_any(text: str) -> str:
    """``text`` masked with every platform's secret kinds: an error does not say which
    platform's syntax it quotes (so an IOS key type may go too: more hidden, never less).

    >>> mask_any('load failed: pre-shared-key ascii-text "psk-1"; + key 7 0822')
    'load failed: pre-shared-key ascii-text "<removed>"; + key 7 0822'
    """
    for platform in PLATFORMS.values():
        text = mask_diff(text, platform=platform)
    return text


def reason(exc: BaseException | None) -> str:
    """One line saying why a step failed (class and message, at most 400 characters).

    >>> reason(ValueError("bad\\n  value"))
    'ValueError: bad value'
    >>> reason(ValueError("% Invalid input\\n+username u secret 0 Hunter2"))
    'ValueError: % Invalid input +username u secret <removed> <removed>'
    >>> reason(ValueError('error: statement: tacplus-server 10.0.0.1 secret "k1"'))
    'ValueError: error: statement: tacplus-server 10.0.0.1 secret "<removed>"'
    """
    if exc is None:
        return "failed"
    cause = root_cause(exc)
    if isinstance(cause, NornirSubTaskError):
        for res in cause.result:
            if res.failed and res.result:
                return f"{res.name}: {mask_any(str(res.result))}"
        return f"{cause.task} failed"
    # a device's error may quote the command it refused, secret included
    text = " ".join(mask_any(str(cause)).split()) or "no message"
    return f"{type(cause).__name__}: {text}"[:400]


def is_unreachable(exc: BaseException | None) -> bool:
    """Whether the failure is a login, timeout or lost session (not a config problem)."""
    return exc is not None and isinstance(root_cause(exc), UNREACHABLE)

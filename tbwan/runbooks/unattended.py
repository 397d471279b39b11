"""Make a runbook safe to run from a timer or cron: one run at a time, bounded, logged.

* :func:`run_lock`: an ``fcntl`` lock on a file; a second run fails at once with
  :class:`LockedError` instead of waiting or overlapping. The kernel drops the lock when the
  process ends, however it ends, so a crash never leaves a stale lock behind.
* :func:`deadline`: a watchdog that ends the process with :data:`TIMED_OUT` when the run
  exceeds its time; device sessions have their own timeouts (:func:`set_session_timeouts`).
* :func:`log_to_file`: ``logging`` records of ``tbwan`` to a file, one line each.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nornir.core import Nornir

from tbwan.errors import Exit, LockedError, OutputPathError
from tbwan.platforms import NAPALM_CONNECTIONS

LOCKED = Exit.LOCKED
TIMED_OUT = Exit.TIMEOUT

log = logging.getLogger("tbwan")


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block; :class:`LockedError` if taken,
    :class:`OutputPathError` if its folder cannot be used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputPathError(
            f"{path.parent}: cannot be used for the run's lock file {path.name} "
            f"({exc.strerror}): pass a folder tbwan can create and write (--reports, "
            "--lock-file)"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise LockedError(
                f"another run holds {path} (pid {holder}); this run exits without doing "
                "anything. If no tbwan process is running, the lock is free again: retry"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


@contextmanager
def deadline(
    seconds: float | None, what: str = "run", on_expire: Callable[[], object] | None = None
) -> Iterator[None]:
    """End the process with status :data:`TIMED_OUT` if the block lasts over ``seconds``.

    ``on_expire`` runs first (e.g. to record the failed run); its errors are logged only.
    """
    if not seconds:
        yield
        return

    def expire() -> None:
        message = f"{what} exceeded --timeout {seconds:g} s: stopped (exit {TIMED_OUT})"
        log.error(message)
        if on_expire is not None:
            try:
                on_expire()
            except Exception as exc:  # the exit must happen whatever the hook does
                log.error("%s: %s", what, exc)
        for handler in logging.getLogger("tbwan").handlers:
            handler.flush()
        print(f"error: {message}", file=sys.stderr, flush=True)
        os._exit(TIMED_OUT)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def quiet_libraries() -> None:
    """Keep Nornir's per-host tracebacks and paramiko's chatter off the terminal.

    Failures reach people through the runbooks' reports; without a handler of their own
    these loggers would print through Python's last-resort handler.
    """
    for name in ("nornir", "paramiko", "netmiko", "napalm", "scp"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def log_to_file(path: Path | None) -> None:
    """Send ``tbwan`` log records (INFO and up) to ``path`` (appending)."""
    quiet_libraries()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise OutputPathError(
            f"{path}: cannot be used as the log file ({exc.strerror}): pass a file tbwan "
            "can create and append to (--log-file)"
        ) from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s pid=%(process)d %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def set_session_timeouts(nr: Nornir, seconds: float) -> None:
    """Bound every device session: connect, login, and each command's wait."""
    opts = {
        "conn_timeout": seconds,
        "auth_timeout": seconds,
        "banner_timeout": seconds,
        "read_timeout_override": seconds,
    }
    for host in nr.inventory.hosts.values():
        for name in NAPALM_CONNECTIONS:
            napalm = host.connection_options.get(name)
            if napalm is not None:
                extras = dict(napalm.extras or {})
                extras["timeout"] = int(seconds)
                extras["optional_args"] = {**extras.get("optional_args", {}), **opts}
                napalm.extras = extras
        netmiko = host.connection_options.get("netmiko")
        if netmiko is not None:
            netmiko.extras = {**(netmiko.extras or {}), **opts, "timeout": int(seconds)}

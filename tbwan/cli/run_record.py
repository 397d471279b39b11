"""What the unattended commands (``tbwan audit``, ``tbwan verify``) share around a run.

A run that ends without a report (bad input 3, locked 4, timed out 5, crashed) replaces
its Prometheus textfile with the failed run's series, so monitoring alerting on
``tbwan_<run>_success == 0`` sees it instead of the last good run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.markup import escape

from tbwan.cli.options import err_console, errors_to_exit
from tbwan.errors import Exit, LockedError
from tbwan.report.prometheus import failed_run, write_textfile
from tbwan.runbooks.unattended import deadline, log_to_file, run_lock

log = logging.getLogger("tbwan")


class RunRecord:
    """The failure record of one run of ``run`` (``audit`` or ``verify``) in ``textfile``."""

    def __init__(self, run: str, textfile: Path) -> None:
        self.run = run
        self.textfile = textfile
        self.started = datetime.now(UTC)

    def failed(self, status: int, reason: str) -> None:
        """Replace the textfile with this failed run's series.

        Never raises: the run's own error is what the operator must read.
        """
        text = failed_run(status, reason, self.started, datetime.now(UTC), run=self.run)
        try:
            write_textfile(text, self.textfile)
        except OSError as exc:
            log.error("cannot write %s: %s", self.textfile, exc)
            err_console.print(
                f"[yellow]warning[/] cannot write {escape(str(self.textfile))}: {escape(str(exc))}",
                markup=True,
                highlight=False,
            )

    def _timed_out(self) -> None:
        self.failed(Exit.TIMEOUT, "timeout")

    @contextmanager
    def guarded(
        self, lock_file: Path, timeout: float | None, log_file: Path | None
    ) -> Iterator[None]:
        """The run's block: log file, lock and deadline, each failure recorded.

        An unusable log file or lock folder exits 3, a lock another run holds exits 4
        (nothing done), ``timeout`` exceeded ends the process with 5, and an exception
        (a bug) is recorded as ``crashed`` and raised.
        """
        try:
            with errors_to_exit():  # an unusable --reports or --log-file is bad input
                log_to_file(log_file)
                _lock_dir_usable(lock_file)
            with run_lock(lock_file), deadline(timeout, self.run, on_expire=self._timed_out):
                yield
        except LockedError as exc:
            log.warning("%s", exc)
            err_console.print(f"[bold yellow]skipped[/] {escape(str(exc))}", highlight=False)
            self.failed(Exit.LOCKED, "locked")
            raise typer.Exit(Exit.LOCKED) from None
        except typer.Exit as exc:
            if exc.exit_code == Exit.BAD_INPUT:
                self.failed(Exit.BAD_INPUT, "error")
            raise
        except Exception:
            self.failed(Exit.FAILED, "crashed")
            raise


def _lock_dir_usable(path: Path) -> None:
    """Take and free the lock once, so that a folder that cannot hold it is named before
    anything runs (the run takes it again, and reports one held by another run)."""
    try:
        with run_lock(path):
            pass
    except LockedError:
        pass

"""Runbook: running configs into a git repository (one commit per run), secrets masked.

Layout: ``<dir>/<host>.cfg``, masked with :func:`tbwan.diff.mask_secrets`. A host whose
config could not be read keeps its last good file. Each run makes at most one commit,
whose message names the hosts that changed (like Oxidized). A host running a commit that
waits for confirmation is backed up as it runs and reported (it will revert by itself).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from nornir.core import Nornir
from nornir.core.task import Result, Task

from tbwan.diff import mask_secrets
from tbwan.errors import BackupError
from tbwan.platforms import IOS, Platform, platform_of
from tbwan.runbooks.common import require_login, run_with_progress
from tbwan.tasks.backup import clean_running, fetch_running
from tbwan.tasks.failures import reason
from tbwan.tasks.pending import pending_commit

_GIT_ID = ("-c", "user.name=tbwan", "-c", "user.email=tbwan@localhost")


@dataclass
class BackupStore:
    """A folder of masked running configs under git."""

    root: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _git(self, *args: str) -> str:
        # --git-dir/--work-tree: git never looks for a repository in the folders above,
        # so a damaged backups/.git cannot send the configs into an enclosing repository
        try:
            done = subprocess.run(
                ["git", *_GIT_ID, "-C", str(self.root), "--git-dir=.git", "--work-tree=.", *args],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            )
        except FileNotFoundError:
            raise BackupError("git is not installed: install it to keep backup history") from None
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"{self.root}: git {args[0]} failed: {exc.stderr.strip()}") from None
        return done.stdout

    def init(self) -> BackupStore:
        """Create the folder and its git repository if needed, and check it.

        Refuses a folder that is not a git repository of its own (a damaged ``.git``) or
        holds configs without any history; commits files an interrupted run left
        uncommitted, so no backup is ever overwritten before it is in the history.
        """
        with self._lock:  # onboardings in parallel share one store
            try:
                self.root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BackupError(f"{self.root}: cannot create the backup folder ({exc})") from None
            if not (self.root / ".git").exists():
                orphans = sorted(p.name for p in self.root.glob("*.cfg"))
                if orphans:
                    raise BackupError(
                        f"{self.root} holds {len(orphans)} backups (e.g. {orphans[0]}) but no git "
                        f"history: restore its .git, or commit them (`git -C {self.root} init && "
                        f"git -C {self.root} add -A && git -C {self.root} commit -m adopt`), "
                        "or move them away; nothing was written"
                    )
                self._git("init", "-q")
            self._check_repository()
            if self._git("status", "--porcelain", "--", "*.cfg").strip():
                self._commit_locked("backup: left uncommitted by an interrupted run")
        return self

    def _check_repository(self) -> None:
        try:
            top = self._git("rev-parse", "--show-toplevel").strip()
            self._git("rev-parse", "--git-dir")
        except BackupError as exc:
            raise BackupError(
                f"{self.root} is not a valid git repository of its own ({exc.message}): repair "
                f"its .git (`git -C {self.root} status` says what is wrong) or move the folder "
                "away and run again; nothing was written"
            ) from None
        if Path(top).resolve() != self.root.resolve():
            raise BackupError(
                f"{self.root}: its git repository is {top}, not the folder itself: "
                "move the folder away and run again; nothing was written"
            )

    def path(self, host: str) -> Path:
        """Where ``host``'s backup lives."""
        return self.root / f"{host}.cfg"

    def save(self, host: str, running: str, platform: Platform = IOS) -> bool:
        """Store ``running`` (masked, volatile lines removed) atomically; True if it changed.

        ``platform`` (the host's profile) says which lines are volatile and which secrets.

        Raises:
            BackupError: The file cannot be written (it is named; no temporary file is left).
        """
        text = mask_secrets(clean_running(running, platform), platform=platform)
        target = self.path(host)
        tmp: str | None = None
        try:
            if target.exists() and target.read_text(encoding="utf-8") == text:
                return False
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{host}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            Path(tmp).replace(target)
        except (OSError, UnicodeDecodeError) as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BackupError(
                f"{target}: cannot write the backup of {host} ({why}): make the file writable "
                "(an immutable or read-only file, a folder in its place) and run again"
            ) from None
        return True

    def read(self, host: str) -> str | None:
        """The last stored config of ``host`` (masked), if any."""
        path = self.path(host)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def commit(self, message: str) -> list[str]:
        """Commit every changed ``*.cfg``; return the hosts changed (empty: no commit)."""
        with self._lock:
            return self._commit_locked(message)

    def _commit_locked(self, message: str) -> list[str]:
        self._git("add", "--", *[p.name for p in self.root.glob("*.cfg")] or ["."])
        names = self._git("diff", "--cached", "--name-only").split()
        hosts = sorted(n.removesuffix(".cfg") for n in names)
        if not hosts:
            return []
        self._git("commit", "-q", "-m", commit_message(message, hosts))
        return hosts

    def log(self, limit: int = 20) -> list[str]:
        """The latest commit subjects, newest first."""
        if not (self.root / ".git").exists():
            return []
        out = self._git("log", f"-{limit}", "--format=%s")
        return out.splitlines()


def commit_message(title: str, hosts: list[str]) -> str:
    """``title: N hosts changed`` then one host per line.

    >>> print(commit_message("backup", ["r1", "r2"]))
    backup: 2 hosts changed
    <BLANKLINE>
    r1
    r2
    """
    noun = "host" if len(hosts) == 1 else "hosts"
    return f"{title}: {len(hosts)} {noun} changed\n\n" + "\n".join(hosts)


@dataclass(frozen=True)
class BackupReport:
    """What a backup run did."""

    saved: tuple[str, ...]
    changed: tuple[str, ...]
    failed: dict[str, str]
    seconds: float
    root: Path
    pending: dict[str, str] = field(default_factory=dict)  # host -> its pending commit


def _read(task: Task) -> Result:
    """Running config and pending commit of one host."""
    running = task.run(task=fetch_running, name="running config").result
    pending = task.run(task=pending_commit, name="pending commit").result
    return Result(host=task.host, result=(str(running), pending))


def backup_configs(nr: Nornir, store: BackupStore, *, message: str = "backup") -> BackupReport:
    """Back up every host of ``nr`` into ``store`` and commit once."""
    require_login(nr)
    start = time.perf_counter()
    store.init()
    result = run_with_progress(nr, "backup", _read)
    saved: list[str] = []
    failed: dict[str, str] = {}
    unwritable: list[str] = []
    pending: dict[str, str] = {}
    for host, multi in sorted(result.items()):
        if multi.failed:
            failed[host] = reason(multi[0].exception)
            continue
        running, waiting = multi[0].result
        if waiting is not None:
            pending[host] = waiting.describe()
        try:
            store.save(host, running, platform_of(nr.inventory.hosts[host]))
        except BackupError as exc:
            unwritable.append(exc.message)
            continue
        saved.append(host)
    changed = store.commit(message)
    if unwritable:
        raise BackupError(
            f"{len(unwritable)} backup(s) not written ({len(changed)} others committed): "
            + "; ".join(unwritable[:3])
        )
    return BackupReport(
        saved=tuple(saved),
        changed=tuple(changed),
        failed=failed,
        seconds=time.perf_counter() - start,
        root=store.root,
        pending=pending,
    )

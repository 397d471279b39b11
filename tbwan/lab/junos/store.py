"""The configuration databases of a Junos device: candidate, committed, 50 rollbacks.

``commit confirmed N`` arms a timer: unless a later commit confirms it, the device goes
back to the previous configuration when it expires (checked on every access and by the
lab's one-second tick, like the IOS archive's rollback timer).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tbwan.lab.junos.atrest import encode_secrets
from tbwan.lab.junos.forms import Edit
from tbwan.lab.junos.tree import Node, check_path, delete_path, set_path

MAX_ROLLBACK = 49


class ConfigError(ValueError):
    """A request the configuration database refuses (lock held, no such rollback...)."""


@dataclass
class Commit:
    """One entry of ``show system commit``: the config as it was committed."""

    tree: Node
    when: datetime
    user: str
    client: str  # cli, netconf, other
    comment: str = ""
    confirm_minutes: int = 0
    seq: int = 0

    @property
    def revision(self) -> str:
        """The commit revision id (``re0-SECONDS-N``)."""
        return f"re0-{int(self.when.timestamp())}-{self.seq}"


@dataclass
class Pending:
    """A ``commit confirmed`` waiting for its confirmation."""

    deadline: float
    minutes: int


@dataclass
class ConfigStore:
    """Candidate and committed configurations with their history and lock."""

    history: list[Commit]
    candidate: Node
    lock_owner: str | None = None  # session id holding the exclusive lock
    pending: Pending | None = None
    _seq: int = field(default=0)

    @classmethod
    def boot(cls, tree: Node) -> ConfigStore:
        """A device whose only commit is ``tree``."""
        first = Commit(tree, datetime.now(UTC), "root", "other")
        return cls([first], tree.copy())

    @property
    def committed(self) -> Node:
        """The active configuration."""
        return self.history[0].tree

    @property
    def modified(self) -> bool:
        """The candidate differs from the committed configuration."""
        return self.candidate != self.committed

    def check_lock(self, session: str | None) -> None:
        """Refuse a change to the candidate by anyone but the lock's holder."""
        if self.lock_owner is not None and self.lock_owner != session:
            raise ConfigError("configuration database locked by another session")

    def lock(self, session: str, user: str) -> None:
        """Take the exclusive lock (``configure exclusive``, NETCONF ``<lock>``)."""
        if self.lock_owner is not None and self.lock_owner != session:
            raise ConfigError(
                f"configuration database locked by:\n  {user} terminal p0 (pid 2112) "
                "on since 2026-01-01 00:00:00 UTC\n      exclusive [edit]"
            )
        if self.lock_owner is None and self.modified:
            raise ConfigError("configuration database modified")
        self.lock_owner = session

    def unlock(self, session: str) -> None:
        """Release the lock; an exclusive session's uncommitted changes go with it."""
        if self.lock_owner == session:
            self.lock_owner = None
            self.candidate = self.committed.copy()

    def apply(self, edits: list[Edit], session: str | None = None) -> list[str]:
        """Apply edits to the candidate; return warnings (``statement not found``).

        Raises:
            JunosSyntaxError: a statement no SRX accepts (nothing is applied).
            ConfigError: the candidate is locked by another session.
        """
        self.check_lock(session)
        for op, path in edits:
            if op == "set":
                check_path(path)
        work = self.candidate.copy()
        warnings: list[str] = []
        for op, path in edits:
            if op == "set":
                set_path(work, path)
            elif op == "replace":
                delete_path(work, path)
            elif op == "delete" and not delete_path(work, path) and path:
                warnings.append("statement not found")
        encode_secrets(work)
        self.candidate = work
        return warnings

    def replace_candidate(self, tree: Node, session: str | None = None) -> None:
        """``load override``: the candidate becomes ``tree``."""
        self.check_lock(session)
        encode_secrets(tree)
        self.candidate = tree

    def rollback_tree(self, n: int) -> Node:
        """The configuration of ``rollback n``."""
        if not 0 <= n < len(self.history):
            raise ConfigError(
                f"Cannot load rollback {n}: no such file (0..{len(self.history) - 1})"
            )
        return self.history[n].tree.copy()

    def commit(self, user: str, client: str, comment: str = "", confirm_minutes: int = 0) -> Commit:
        """Commit the candidate (also the confirmation of a pending ``commit confirmed``)."""
        self._seq += 1
        entry = Commit(
            self.candidate.copy(), datetime.now(UTC), user, client, comment, confirm_minutes,
            self._seq,
        )  # fmt: skip
        self.history.insert(0, entry)
        del self.history[MAX_ROLLBACK + 1 :]
        self.pending = (
            Pending(time.monotonic() + confirm_minutes * 60, confirm_minutes)
            if confirm_minutes
            else None
        )
        return entry

    def confirm(self) -> None:
        """``commit check`` confirms a pending ``commit confirmed`` too."""
        self.pending = None

    def expire(self, force: bool = False) -> bool:
        """Roll back an unconfirmed ``commit confirmed`` whose time is up."""
        if self.pending is None or (not force and time.monotonic() < self.pending.deadline):
            return False
        self.pending = None
        previous = self.history[1].tree.copy() if len(self.history) > 1 else Node()
        self.candidate = previous
        self.commit("root", "other", "commit confirmed rollback")
        self.pending = None
        return True

    def pending_comment(self) -> str:
        """The comment ``show system commit`` prints on a pending entry."""
        if self.pending is None:
            return ""
        return f"commit confirmed, rollback in {self.pending.minutes}mins"

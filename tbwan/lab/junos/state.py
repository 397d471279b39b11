"""Per-device state of a lab Junos device (SRX): its config databases, uptime, faults."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tbwan.lab.junos.compare import compare
from tbwan.lab.junos.forms import Edit, parse_set, parse_text
from tbwan.lab.junos.store import Commit, ConfigStore
from tbwan.lab.junos.tree import JunosSyntaxError, Node, quote, to_set
from tbwan.lab.models import NO_FAULT, Fault, LabDevice, LabError

DEFAULT_MODEL = "SRX1500"
DEFAULT_VERSION = "21.4R3-S5.4"


def parse_any(text: str) -> list[Edit]:
    """A config in set form (lines start with ``set``/``delete``) or curly text."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if first.split(" ", 1)[0] in ("set", "delete"):
        return parse_set(text)
    return parse_text(text)


@dataclass
class JunosState:
    """Everything a Junos device keeps across sessions (the attributes the lab expects)."""

    device: LabDevice
    store: ConfigStore
    booted: float = field(default_factory=time.monotonic)
    fault: Fault = NO_FAULT
    network: Any = field(default=None, repr=False)
    sessions: int = 0  # session ids handed out
    platform: str = "junos"
    _set_form: tuple[Commit, str] | None = field(default=None, repr=False)

    @classmethod
    def boot(cls, device: LabDevice) -> JunosState:
        """A device as it boots with its seed config (set or curly form) committed.

        Raises:
            LabError: the seed holds a statement no SRX accepts.
        """
        tree = Node()
        try:
            edits = parse_any(device.seed_config)
        except JunosSyntaxError as exc:
            raise LabError(f"{device.name}: the seed config is not Junos: {exc.message}") from exc
        store = ConfigStore.boot(tree)
        try:
            store.apply(edits)
        except JunosSyntaxError as exc:
            raise LabError(
                f"{device.name}: the seed config has a statement no SRX accepts "
                f"({exc.message} at {exc.word!r}): fix the template or the seed"
            ) from exc
        store.history[0].tree = store.candidate.copy()
        return cls(device, store, booted=time.monotonic() - device.uptime_at_start)

    @property
    def model(self) -> str:
        """The hardware model (an SRX1500 unless the inventory says another SRX)."""
        return self.device.model if self.device.model.upper().startswith("SRX") else DEFAULT_MODEL

    @property
    def version(self) -> str:
        """The Junos release."""
        return self.device.os_version or DEFAULT_VERSION

    @property
    def hostname(self) -> str:
        """``system host-name`` of the committed config (the device name without one)."""
        node = self.store.committed.find(["system", "host-name"])
        if node is not None and node.children:
            return next(iter(node.children))
        return self.device.name

    @property
    def domain(self) -> str | None:
        """``system domain-name``, if configured."""
        node = self.store.committed.find(["system", "domain-name"])
        return next(iter(node.children)) if node is not None and node.children else None

    @property
    def last_change(self) -> datetime:
        """When the active configuration was last committed."""
        return self.store.history[0].when

    def next_session(self) -> str:
        """A new session id (for locks)."""
        self.sessions += 1
        return str(self.sessions + 20000)

    def uptime(self) -> float:
        """Seconds since boot."""
        return time.monotonic() - self.booted

    def running_set(self) -> str:
        """The committed config in set form, one ``set ...`` statement per line.

        Kept per commit (committed trees are never changed in place): the network model
        reads it on every recomputation.
        """
        head = self.store.history[0]
        if self._set_form is None or self._set_form[0] is not head:
            self._set_form = (head, "\n".join(to_set(head.tree)) + "\n")
        return self._set_form[1]

    def refuse_faulty(self, edits: list[Edit]) -> None:
        """The ``reject`` fault: a statement matching it is a syntax error (set form text).

        Raises:
            JunosSyntaxError: the first statement the fault rejects.
        """
        pattern = self.fault.reject_re
        if pattern is None:
            return
        for op, path in edits:
            if op in ("set", "delete") and pattern.search(" ".join([op, *map(quote, path)])):
                raise JunosSyntaxError(path[-1] if path else op)

    def expire_timer(self, force: bool = False) -> bool:
        """Roll back a ``commit confirmed`` whose time is up (``force``: now)."""
        return self.store.expire(force)

    def apply_config(self, lines: list[str]) -> str:
        """An out-of-band change (set/delete lines), committed at once; error lines."""
        try:
            edits = parse_set("\n".join(lines))
            self.refuse_faulty(edits)
            work = ConfigStore.boot(self.store.committed.copy())
            warnings = work.apply(edits)
        except JunosSyntaxError as exc:
            return f"{exc.word}: {exc.message}"
        if work.candidate != self.store.committed:
            pending = self.store.candidate if self.store.modified else None
            self.store.candidate = work.candidate
            self.store.commit("root", "other", "out-of-band change")
            self.store.candidate = work.candidate.copy()
            if pending is not None:  # an open edit keeps its own changes on top
                ConfigStore([], pending).apply(edits)
                self.store.candidate = pending
        return "\n".join(warnings)

    def running_config(self) -> str:
        """The committed config in set form (what ``show configuration | display set`` shows)."""
        return self.running_set()

    def diff(self, rollback: int = 0) -> str:
        """``show | compare rollback N``: candidate against rollback N."""
        return compare(self.store.rollback_tree(rollback), self.store.candidate)

"""Per-device state that outlives sessions: configs, flash, uptime, archive, faults."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from tbwan.lab.config_tree import Node, render_lines
from tbwan.lab.editor import apply_text
from tbwan.lab.models import NO_FAULT, Fault, LabDevice, LabError
from tbwan.lab.snmp_users import LabSnmpUser, apply_user_line, is_user_line


def now_utc() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)


@dataclass
class PendingRevert:
    """A ``configure replace ... timer N`` or ``configure terminal revert timer N``."""

    snapshot: Node
    user: str
    configured: datetime
    minutes: int
    deadline: float


@dataclass
class DeviceState:
    """Everything a device keeps across sessions."""

    device: LabDevice
    running: Node
    saved: str | None = None  # the startup config; None: the seed as it booted
    flash: dict[str, tuple[bytes, datetime]] = field(default_factory=dict)
    booted: float = field(default_factory=time.monotonic)
    last_change: datetime = field(default_factory=now_utc)
    last_change_user: str = "console"
    pending: PendingRevert | None = None
    fault: Fault = NO_FAULT
    archive_count: int = 0
    # the lab's network model (tbwan.lab.network.Network), None for a lab without cabling
    network: Any = field(default=None, repr=False)
    snmp_users: dict[str, LabSnmpUser] = field(default_factory=dict)
    platform: ClassVar[str] = "ios"  # the lab's SSH server picks the dialect by it

    @classmethod
    def boot(cls, device: LabDevice, tree: Node | None = None) -> DeviceState:
        """A device as it boots: running = startup = the seed config.

        ``tree`` is the seed already applied (from the start-up cache), if known.
        """
        if tree is not None:
            cached = cls(device, tree, booted=time.monotonic() - device.uptime_at_start)
            for line in device.seed_config.splitlines():  # kept out of the cached tree
                if is_user_line(line):
                    apply_user_line(cached.snmp_users, line)
            return cached
        running = Node()
        booted = time.monotonic() - device.uptime_at_start
        state = cls(device=device, running=running, booted=booted)
        refused = [
            f"line {e.line}: {e.text!r} ({e.error})"
            for e in apply_text(
                running, device.seed_config.splitlines(), private=state.private_line
            )
            if e.error
        ]
        if refused:
            from tbwan.diff import mask_secrets  # only on this error path: a slow import

            refused = [mask_secrets(r) for r in refused]
            more = f"; and {len(refused) - 5} more" if len(refused) > 5 else ""
            raise LabError(
                f"{device.name}: the seed config has {len(refused)} line(s) the lab cannot "
                f"place: {'; '.join(refused[:5])}{more}. Fix or remove them, or teach the lab "
                "the command (tbwan/lab/rules.py, tbwan/lab/ios_keywords.txt)"
            )
        return state

    @property
    def startup(self) -> str:
        """The startup config (rendered from the seed on first use: most never ask)."""
        if self.saved is None:
            tree = Node()
            apply_text(tree, self.device.seed_config.splitlines(), private=is_user_line)
            self.saved = _startup_text(tree)
        return self.saved

    @startup.setter
    def startup(self, text: str) -> None:
        self.saved = text

    @property
    def hostname(self) -> str:
        """The prompt name, from ``hostname`` in the running config."""
        for node in self.running.children:
            if node.text.startswith("hostname "):
                return node.text.split()[1]
        return "Router"

    def private_line(self, text: str) -> bool:
        """Take a global line IOS keeps out of the running config (``snmp-server user``).

        Returns whether the line was taken (then it must not enter the running config).
        """
        if not is_user_line(text):
            return False
        apply_user_line(self.snmp_users, text)
        return True

    def has_line(self, text: str) -> bool:
        """Whether a top-level line is in the running config."""
        return self.running.find(text) is not None

    @property
    def archive_enabled(self) -> bool:
        """``archive`` with a ``path`` is configured."""
        node = self.running.find("archive")
        return node is not None and any(c.text.startswith("path ") for c in node.children)

    def config_text(self, header: bool = True) -> str:
        """The running config as ``show running-config`` prints it."""
        if not header:
            return _startup_text(self.running)
        body = render_lines(self.running)
        text = "\n".join(body)
        stamp = self.last_change.strftime("%H:%M:%S UTC %a %b %d %Y")
        return "\n".join(
            [
                "Building configuration...",
                "",
                f"Current configuration : {len(text) + 4} bytes",
                "!",
                f"! Last configuration change at {stamp} by {self.last_change_user}",
                "!",
                *body,
                "end",
            ]
        )

    def changed(self, user: str) -> None:
        """Record a configuration change."""
        self.last_change = now_utc()
        self.last_change_user = user

    def save(self) -> None:
        """``write memory``."""
        self.saved = _startup_text(self.running)

    def uptime(self) -> float:
        """Seconds since boot."""
        return time.monotonic() - self.booted

    def start_revert_timer(self, user: str, minutes: int, snapshot: Node) -> None:
        """Arm a rollback timer that restores ``snapshot`` unless confirmed."""
        self.pending = PendingRevert(
            snapshot, user, now_utc(), minutes, time.monotonic() + minutes * 60
        )

    def expire_timer(self) -> bool:
        """Revert if a rollback timer has expired; return whether it did."""
        if self.pending is not None and time.monotonic() >= self.pending.deadline:
            self.running = self.pending.snapshot
            self.pending = None
            self.changed("rollback timer")
            return True
        return False

    def write_flash(self, name: str, data: bytes) -> None:
        """Store a flash file."""
        self.flash[name] = (data, now_utc())


def _startup_text(tree: Node) -> str:
    """A config as ``write memory`` stores it."""
    return "\n".join(["!", *render_lines(tree), "end"]) + "\n"

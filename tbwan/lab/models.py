"""Data of the lab: devices, faults, credentials."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from tbwan.credentials import env_login
from tbwan.errors import LabError

__all__ = ["LabError"]  # one error class for every lab problem, defined with the others


@dataclass(frozen=True)
class LabDevice:
    """One simulated device: its identity and the config it boots with.

    ``os_version`` empty means the usual release of ``model``; ``uptime`` is how long the
    device has been up when the lab starts (None: a stable 1 to 120 days from its name).
    ``management`` is the address the device has in the network (empty: none); ``hosts.json``
    lists it so that a tool given that address (discovery) finds the device's lab port.
    ``platform`` is the inventory's platform: ``ios`` or ``junos`` (an SRX speaking NETCONF
    and the Junos CLI, seeded with a set-form or curly-brace config).
    """

    name: str
    model: str = "C1111-8P"
    serial: str = "FGL0000LAB0"
    os_version: str = ""
    seed_config: str = ""
    uptime: float | None = None
    management: str = ""
    platform: str = "ios"  # "junos": a Junos device (tbwan.lab.junos) on the same port scheme

    @property
    def uptime_at_start(self) -> float:
        """Seconds the device has been up when the lab starts.

        >>> LabDevice("r1", uptime=60).uptime_at_start
        60.0
        >>> 86400 <= LabDevice("r1").uptime_at_start <= 120 * 86400
        True
        """
        if self.uptime is not None:
            return float(self.uptime)
        digest = hashlib.sha256(self.name.encode()).digest()
        return float(86400 + int.from_bytes(digest[:4]) % (119 * 86400))


@dataclass(frozen=True)
class Fault:
    """Faults of one device; several may be combined.

    Attributes:
        refuse_auth: reject every login.
        hang: accept the login, then never answer anything.
        drop_after: close the session when command number ``drop_after + 1`` arrives.
        reject: regex; configuration lines matching it get ``% Invalid input detected``.
        latency: seconds added before each reply.
    """

    refuse_auth: bool = False
    hang: bool = False
    drop_after: int | None = None
    reject: str | None = None
    latency: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain dict for the control protocol."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        """Inverse of :meth:`to_json`."""
        return cls(**data)

    @property
    def reject_re(self) -> re.Pattern[str] | None:
        """The compiled ``reject`` pattern."""
        return re.compile(self.reject) if self.reject else None


NO_FAULT = Fault()
FAULT_KINDS = ("auth", "hang", "drop", "reject", "latency")


def parse_fault_spec(spec: str, base: Fault | None = None) -> tuple[str, Fault]:
    """Parse ``HOST:KIND[:ARG]`` (kinds: auth, hang, drop:N, reject:REGEX, latency:SECONDS).

    >>> parse_fault_spec("r1:drop:3")
    ('r1', Fault(refuse_auth=False, hang=False, drop_after=3, reject=None, latency=0.0))
    >>> parse_fault_spec("r1:reject:^ntp server").__getitem__(1).reject
    '^ntp server'
    """
    parts = spec.split(":", 2)
    if len(parts) < 2 or parts[1] not in FAULT_KINDS:
        raise LabError(f"bad fault {spec!r}: use HOST:KIND[:ARG], KIND one of {FAULT_KINDS}")
    host, kind = parts[0], parts[1]
    arg = parts[2] if len(parts) == 3 else None
    f = base or NO_FAULT
    try:
        if kind == "auth":
            return host, Fault(**{**asdict(f), "refuse_auth": True})
        if kind == "hang":
            return host, Fault(**{**asdict(f), "hang": True})
        if kind == "drop":
            return host, Fault(**{**asdict(f), "drop_after": int(arg or "0")})
        if kind == "reject":
            re.compile(arg or "")
            return host, Fault(**{**asdict(f), "reject": arg})
        return host, Fault(**{**asdict(f), "latency": float(arg or "1")})
    except (ValueError, re.error) as exc:
        raise LabError(f"bad fault {spec!r}: {exc}") from exc


@dataclass(frozen=True)
class Credentials:
    """What the lab accepts: kept in memory only, never written anywhere."""

    username: str
    password: str
    enable_secret: str

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=***, enable_secret=***)"

    @classmethod
    def from_env(cls) -> Credentials:
        """Read ``TBWAN_USERNAME``, ``TBWAN_PASSWORD``, ``TBWAN_ENABLE_SECRET``."""
        user, password, enable = env_login()
        if not user or not password:
            raise LabError(
                "set TBWAN_USERNAME and TBWAN_PASSWORD (and optionally TBWAN_ENABLE_SECRET): "
                "the lab accepts exactly the credentials tbwan uses"
            )
        return cls(user, password, enable or password)

"""The NetBox state directory: where ``up`` keeps the venv, secrets and what it started.

Everything here lives outside git (default ``.netbox/`` in the repository root, or
``$TBWAN_NETBOX_HOME``). Secrets and the token are written with mode 0600.
"""

from __future__ import annotations

import json
import os
import secrets
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tbwan.errors import NetBoxError
from tbwan.settings import env_settings

HOME_ENV = "TBWAN_NETBOX_HOME"
NETBOX_VERSION = "4.7.3"


def repo_root() -> Path:
    """The repository root (the folder holding ``pyproject.toml`` above this package)."""
    return Path(__file__).resolve().parents[2]


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$TBWAN_NETBOX_HOME`` if set, else ``.netbox/`` in the repository root.

    >>> str(default_home({"TBWAN_NETBOX_HOME": "/srv/nb"}))
    '/srv/nb'
    """
    override = env_settings(environ).netbox_home
    return Path(override).expanduser().resolve() if override else repo_root() / ".netbox"


@dataclass(frozen=True)
class Home:
    """Paths inside the state directory."""

    root: Path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def netbox_root(self) -> Path:
        """NetBox's instance root (``NETBOX_ROOT``: conf/, media/, scripts/, reports/)."""
        return self.root / "instance"

    @property
    def conf_dir(self) -> Path:
        return self.netbox_root / "conf"

    @property
    def secrets_file(self) -> Path:
        return self.root / "secrets.json"

    @property
    def record_file(self) -> Path:
        return self.root / "started.json"

    @property
    def pid_file(self) -> Path:
        return self.root / "netbox.pid"

    @property
    def log_file(self) -> Path:
        return self.root / "netbox.log"

    @property
    def redis_dir(self) -> Path:
        return self.root / "redis"

    @property
    def url_file(self) -> Path:
        return self.root / "url"

    @property
    def token_file(self) -> Path:
        return self.root / "token"

    @property
    def admin_password_file(self) -> Path:
        return self.root / "admin-password"


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    tmp.chmod(0o600)
    tmp.replace(path)


def random_secret(length: int) -> str:
    """A random string of letters and digits (safe inside SQL and Python quotes).

    >>> len(random_secret(60)), random_secret(8).isalnum()
    (60, True)
    """
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass(frozen=True)
class Secrets:
    """Generated once per state directory and reused by every later ``up``."""

    db_password: str
    secret_key: str
    pepper: str
    admin_password: str

    @classmethod
    def generate(cls) -> Secrets:
        return cls(
            db_password=random_secret(32),
            secret_key=random_secret(60),
            pepper=random_secret(64),
            admin_password=random_secret(20),
        )


def load_or_create_secrets(home: Home) -> Secrets:
    """Read ``secrets.json``, creating it (0600) on the first run."""
    path = home.secrets_file
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Secrets(**data)
        except (ValueError, TypeError) as exc:
            raise NetBoxError(
                f"{path} is unreadable ({exc}); delete it and the database "
                f"(scripts/netbox down --purge) to start over"
            ) from exc
    created = Secrets.generate()
    write_private(path, json.dumps(asdict(created), indent=2) + "\n")
    return created


@dataclass
class StartRecord:
    """What ``up`` started, so that ``down`` stops exactly that and nothing else."""

    postgres_cluster: str | None = None  # "15/main" when up started the cluster
    redis_port: int | None = None  # port of the redis-server that up started
    netbox_port: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def load_record(home: Home) -> StartRecord:
    """The record of what ``up`` started (empty when nothing was)."""
    path = home.record_file
    if not path.exists():
        return StartRecord()
    try:
        return StartRecord(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return StartRecord()


def save_record(home: Home, record: StartRecord) -> None:
    home.root.mkdir(parents=True, exist_ok=True)
    home.record_file.write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")


def read_pid(path: Path) -> int | None:
    """The pid in ``path`` if that process is alive, else None."""
    try:
        pid = int(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid

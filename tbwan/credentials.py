"""Device credentials and config secrets, from the environment or a secrets file.

Never from the repository or the inventory. Variables:

- ``TBWAN_USERNAME``, ``TBWAN_PASSWORD``: the login on every device (required).
- ``TBWAN_ENABLE_SECRET``: the enable secret (default: the password).
- ``TBWAN_TACACS_KEY``, ``TBWAN_IPSEC_PSK``, ``TBWAN_SNMP_AUTH``, ``TBWAN_SNMP_PRIV``:
  secrets rendered into configs at push time (rendered as ``<removed>`` when unset, so
  intended configs on disk hold no secret). The SNMP pair are the SNMPv3 user's
  authentication (SHA) and privacy (AES-128) passphrases, 8 characters at least.
- ``TBWAN_PASSWORD_CRYPT``: the crypt(3) hash of the password (``openssl passwd -6``), for
  platforms whose configs hold only a hash of a local password (Junos
  ``encrypted-password``).
- ``TBWAN_SECRETS_FILE``: a YAML file with the same keys in lower case without the prefix
  (``username``, ``password``, ...), kept outside the repository; environment wins.

The file must be readable by its owner only and lie outside the repository; its values
are read as strings exactly as written (``0123``, ``yes``, ``12:30`` are not turned into
numbers or booleans) and an empty value is refused, as is any value that is not
printable ASCII without spaces (a line separator would inject a command).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from tbwan.diff.secrets import MASK
from tbwan.errors import CredentialsError, SecretsFileError
from tbwan.inventory.fields import check_secret
from tbwan.settings import env_settings
from tbwan.textfile import load_yaml

_KEYS = (
    "username",
    "password",
    "enable_secret",
    "tacacs_key",
    "ipsec_psk",
    "snmp_auth",
    "snmp_priv",
    "password_crypt",
)
# IOS refuses SNMPv3 passphrases shorter than this (RFC 3414 asks for 8 octets).
SNMP_MIN_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Secrets:
    """Everything secret tbwan may need; ``repr`` never shows a value."""

    username: str | None = None
    password: str | None = None
    enable_secret: str | None = None
    tacacs_key: str | None = None
    ipsec_psk: str | None = None
    snmp_auth: str | None = None
    snmp_priv: str | None = None
    password_crypt: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={'set' if getattr(self, k) else 'unset'}" for k in _KEYS)
        return f"Secrets({shown})"

    def login(self) -> tuple[str, str, str]:
        """Username, password and enable secret, or a clear error saying what to set."""
        if not self.username or not self.password:
            raise CredentialsError(
                "device credentials missing: set TBWAN_USERNAME and TBWAN_PASSWORD "
                "(or TBWAN_SECRETS_FILE pointing at a YAML file outside the repository)"
            )
        return self.username, self.password, self.enable_secret or self.password

    def config_value(self, key: str) -> str:
        """A secret rendered into configs, or the mask when it is not set (the enable
        secret defaults to the password, as for logins)."""
        value = getattr(self, key, None)
        if not value and key == "enable_secret":
            value = self.password
        return value if value else MASK


def repository_roots(cwd: Path | None = None) -> list[Path]:
    """The repository tbwan runs in (the nearest folder up from ``cwd`` holding
    ``nornir.yaml``) and the checkout tbwan is installed from, if any. (Not any enclosing
    ``.git``: a home folder kept in git would refuse ``~/.config``.)"""
    roots: list[Path] = []
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nornir.yaml").exists():
            roots.append(folder)
            break
    source = Path(__file__).resolve().parents[1]
    if (source / "pyproject.toml").exists():
        roots.append(source)
    return roots


def _check_file(path: Path) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise CredentialsError(f"{path}: cannot read secrets file ({exc.strerror})") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretsFileError(
            f"{path}: the secrets file is readable or writable by group or others (mode "
            f"{stat.S_IMODE(st.st_mode):04o}): run `chmod 600 {path}`"
        )
    real = path.resolve()
    for root in repository_roots():
        if real.is_relative_to(root):
            raise SecretsFileError(
                f"{path}: the secrets file is inside the repository ({root}), where it could "
                "be committed or copied: move it outside (e.g. /etc/tbwan/secrets.yaml)"
            )


def _from_file(path: Path) -> dict[str, str]:
    _check_file(path)
    try:
        data = load_yaml(path, strings=True, error=CredentialsError, max_bytes=64 * 1024) or {}
    except OSError as exc:
        raise CredentialsError(f"{path}: cannot read secrets file ({exc.strerror})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CredentialsError(f"{path}: secrets file must be a mapping of key: value")
    unknown = set(data) - set(_KEYS)
    if unknown:
        raise CredentialsError(f"{path}: unknown keys {sorted(unknown)}; use {list(_KEYS)}")
    empty = sorted(k for k, v in data.items() if not v)
    if empty:
        raise CredentialsError(f"{path}: {', '.join(empty)} empty: give a value or remove the key")
    return dict(data)


def load_secrets(env: dict[str, str] | None = None) -> Secrets:
    """Secrets from ``TBWAN_SECRETS_FILE`` overridden by ``TBWAN_*`` variables."""
    env = dict(os.environ) if env is None else env
    values: dict[str, str] = {}
    if secrets_file := env_settings(env).secrets_file:
        values.update(_from_file(Path(secrets_file)))
    for key in _KEYS:
        if env.get(f"TBWAN_{key.upper()}"):
            values[key] = env[f"TBWAN_{key.upper()}"]
    for key, value in values.items():
        try:
            check_secret(value)
        except ValueError as exc:
            raise CredentialsError(f"secret {key}: {exc}") from None
        if key.startswith("snmp_") and len(value) < SNMP_MIN_LENGTH:
            raise CredentialsError(
                f"secret {key} (TBWAN_{key.upper()}): at least {SNMP_MIN_LENGTH} characters"
            )
    return Secrets(**values)


def env_login() -> tuple[str | None, str | None, str | None]:
    """``TBWAN_USERNAME``, ``TBWAN_PASSWORD``, ``TBWAN_ENABLE_SECRET`` as set (no file).

    The device lab accepts exactly this login; an empty value reads as unset.
    """
    env = os.environ
    return (
        env.get("TBWAN_USERNAME") or None,
        env.get("TBWAN_PASSWORD") or None,
        env.get("TBWAN_ENABLE_SECRET") or None,
    )

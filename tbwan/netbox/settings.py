"""Where tbwan finds NetBox: environment first, then the files that ``up`` exports."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tbwan.errors import NetBoxError
from tbwan.netbox.state import Home, default_home
from tbwan.settings import env_settings

URL_ENV = "TBWAN_NETBOX_URL"
TOKEN_ENV = "TBWAN_NETBOX_TOKEN"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def netbox_settings(
    environ: Mapping[str, str] | None = None, home: Path | None = None
) -> tuple[str, str]:
    """The NetBox URL and API token tbwan should use.

    ``$TBWAN_NETBOX_URL`` / ``$TBWAN_NETBOX_TOKEN`` win; otherwise the ``url`` and
    ``token`` files that ``scripts/netbox up`` writes in its state directory.

    >>> netbox_settings({"TBWAN_NETBOX_URL": "http://127.0.0.1:8001/", "TBWAN_NETBOX_TOKEN": "t"})
    ('http://127.0.0.1:8001', 't')

    Raises:
        NetBoxError: when either value is found nowhere.
    """
    env = env_settings(environ)
    state = Home(home if home is not None else default_home(environ))
    url = env.netbox_url or _read(state.url_file)
    token = env.netbox_token or _read(state.token_file)
    if not url or not token:
        missing = " and ".join(
            name for name, value in ((URL_ENV, url), (TOKEN_ENV, token)) if not value
        )
        raise NetBoxError(
            f"no NetBox configured ({missing} unset and {state.root} has no "
            f"{'url' if not url else 'token'} file): run `scripts/netbox up` (root installs "
            f"PostgreSQL and Redis) or set {URL_ENV} and {TOKEN_ENV}"
        )
    return url.rstrip("/"), token

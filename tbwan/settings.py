"""Every ``TBWAN_*`` setting, read from the environment in this one place.

:func:`env_settings` returns a frozen :class:`EnvSettings`; modules read it instead of
``os.environ``. Values are kept as written (``None`` when unset); each reader applies its
own default and parsing, so an error still names the variable. Secrets (login, keys,
passphrases) are not here: :mod:`tbwan.credentials` reads them, and only the secrets file's
path (``TBWAN_SECRETS_FILE``) comes from this object.

Variables:

- ``TBWAN_INVENTORY``: the source of truth, ``files`` (default) or ``netbox``.
- ``TBWAN_LAB_DIR``: the device lab's folder (default ``.lab``, or ``nornir.yaml``'s
  ``transform_function_options.lab_dir``); a command line's ``--lab-dir`` wins.
- ``TBWAN_SECRETS_FILE``: a YAML file of secrets (see :mod:`tbwan.credentials`).
- ``TBWAN_MONITORING_DIR``: where onboarding re-exports the monitoring configuration
  (unset: no export); ``TBWAN_MONITORING_FORMATS``: which formats, comma-separated
  (default ``prometheus``).
- ``TBWAN_NETBOX_URL``, ``TBWAN_NETBOX_TOKEN``: the NetBox to use (default: the files
  ``scripts/netbox up`` writes in ``TBWAN_NETBOX_HOME``, default ``.netbox/``).
- ``TBWAN_NETBOX_CACHE`` (``0``/``off`` or ``refresh``), ``TBWAN_NETBOX_CACHE_DIR``,
  ``TBWAN_NETBOX_CACHE_MAX_AGE`` (seconds, default 86400): the NetBox inventory's snapshot.
- ``TBWAN_NETBOX_PORT``, ``TBWAN_NETBOX_REDIS_PORT``, ``TBWAN_NETBOX_DB``,
  ``TBWAN_NETBOX_TIMEOUT`` (seconds), ``TBWAN_NETBOX_PYTHON``: the local NetBox that
  ``scripts/netbox up`` installs and starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class EnvSettings:
    """The ``TBWAN_*`` variables (field ``x`` is ``TBWAN_X``); ``None`` when unset."""

    inventory: str | None = None
    lab_dir: str | None = None
    secrets_file: str | None = None
    monitoring_dir: str | None = None
    monitoring_formats: str | None = None
    netbox_url: str | None = None
    netbox_token: str | None = field(default=None, repr=False)  # never in a log or traceback
    netbox_home: str | None = None
    netbox_cache: str | None = None
    netbox_cache_dir: str | None = None
    netbox_cache_max_age: str | None = None
    netbox_port: str | None = None
    netbox_redis_port: str | None = None
    netbox_db: str | None = None
    netbox_timeout: str | None = None
    netbox_python: str | None = None


def variable(name: str) -> str:
    """The environment variable behind field ``name``.

    >>> variable("netbox_cache_dir")
    'TBWAN_NETBOX_CACHE_DIR'
    """
    return f"TBWAN_{name.upper()}"


def env_settings(environ: Mapping[str, str] | None = None) -> EnvSettings:
    """The settings from ``environ`` (default: this process's environment), read now.

    >>> env_settings({"TBWAN_INVENTORY": "netbox", "HOME": "/root"}).inventory
    'netbox'
    >>> env_settings({}).lab_dir is None
    True
    """
    env = os.environ if environ is None else environ
    return EnvSettings(**{f.name: env.get(variable(f.name)) for f in fields(EnvSettings)})

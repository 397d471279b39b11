"""Nornir transform functions: the device login and the running lab's ports for each host.

The inventory plugins build hosts from the source of truth alone (addresses, platform,
data); ``nornir.yaml`` names a transform function that Nornir applies to every host
after loading, so plain ``InitNornir(config_file="nornir.yaml")`` and tbwan's commands
reach the same devices with the same login::

    inventory:
      plugin: TbwanInventory
      transform_function: tbwan_hosts
      transform_function_options:
        lab_dir: .lab

Registered under ``nornir.plugins.transform_function``: ``tbwan_hosts`` (both),
``tbwan_lab_hosts`` and ``tbwan_credentials`` (one each, for a transform of one's own).
"""

from __future__ import annotations

import os
from pathlib import Path

from nornir.core.inventory import ConnectionOptions, Host

from tbwan.credentials import Secrets, load_secrets
from tbwan.errors import InventoryError
from tbwan.lab import hostsfile
from tbwan.platforms import NAPALM_CONNECTIONS, platform_of
from tbwan.settings import env_settings

LAB_MISSING = "lab_missing"
"""Host data flag: a lab runs, but not for this host (tbwan refuses to connect to it)."""
TRANSFORM = "tbwan_hosts"
"""The name ``nornir.yaml`` gives tbwan's transform function."""


def lab_hosts(host: Host, *, lab_dir: str = ".lab", lab: str | None = None) -> None:
    """Point ``host`` at its port on the running device lab, if a lab runs.

    The lab's folder is ``lab`` (a run that starts its own lab), else ``$TBWAN_LAB_DIR``,
    else ``lab_dir``. Its ``hosts.json`` is trusted only when this user owns it, nobody
    else may write it, and every address is loopback
    (:func:`tbwan.lab.hostsfile.read_hosts`). A host the lab does not serve keeps its
    address but is flagged ``lab_missing``: tbwan never falls through from a lab to a
    real device.
    """
    running = _lab_ports(hostsfile.lab_dir(lab, default=lab_dir))
    if not running:
        return
    if host.name in running:
        host.hostname, host.port = running[host.name]
    else:
        host.data[LAB_MISSING] = True


def credentials(host: Host) -> None:
    """Give ``host`` tbwan's device login: username, password and enable secret.

    From ``TBWAN_USERNAME``/``TBWAN_PASSWORD``/``TBWAN_ENABLE_SECRET`` or the secrets file
    (:func:`tbwan.credentials.load_secrets`), never from the inventory. Unset values are
    left unset (the commands that connect refuse hosts without a login).
    """
    _apply_login(host, _secrets())


def tbwan_hosts(host: Host, *, lab_dir: str = ".lab", lab: str | None = None) -> None:
    """:func:`lab_hosts` and :func:`credentials`: what every tbwan host needs."""
    lab_hosts(host, lab_dir=lab_dir, lab=lab)
    credentials(host)


def _takes_enable(host: Host) -> bool:
    """Whether the host's platform has an enable mode (an unknown platform: as IOS)."""
    try:
        return platform_of(host).enable_secret
    except InventoryError:
        return True


def _apply_login(host: Host, secrets: Secrets) -> None:
    if secrets.username:
        host.username = secrets.username
    if secrets.password:
        host.password = secrets.password
    enable = secrets.enable_secret or secrets.password
    # an enable secret goes only to drivers that use one (Junos has no enable mode)
    if not enable or not _takes_enable(host):
        return
    for name in (*NAPALM_CONNECTIONS, "netmiko"):
        # the extras the host would use (its own, else its groups' or the defaults'), plus
        # the secret: a host-level entry replaces the inherited extras, it does not merge
        options = host.connection_options.get(name)
        if options is None:
            options = host.connection_options[name] = ConnectionOptions()
        inherited = options.extras
        if inherited is None:
            inherited = host.get_connection_parameters(name).extras
        extras = dict(inherited or {})
        if name == "netmiko":
            extras["secret"] = enable
        else:
            extras["optional_args"] = {**extras.get("optional_args", {}), "secret": enable}
        options.extras = extras


# the same for the secrets: read again when a TBWAN_ variable, the file or the folder the
# file is checked against (the repository around the current directory) changes
_secrets_read: dict[tuple[object, ...], Secrets] = {}


def _secrets() -> Secrets:
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("TBWAN_")))
    stamp: tuple[int, ...] = ()
    if path := env_settings().secrets_file:
        try:
            st = Path(path).stat()
        except OSError:
            return load_secrets()  # raises its own clear error
        stamp = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    key = (env, stamp, str(Path.cwd()))
    if (seen := _secrets_read.get(key)) is None:
        _secrets_read.clear()  # one entry: never a pile of old secrets in memory
        seen = _secrets_read[key] = load_secrets()
    return seen


# hosts.json is read for each host: keep the last read of each folder while the file (its
# inode, content and mode, which read_hosts checks) stays the same, so a load reads it once
_read: dict[str, tuple[tuple[int, ...], dict[str, tuple[str, int]]]] = {}


def _lab_ports(folder: Path) -> dict[str, tuple[str, int]]:
    try:
        st = (folder / hostsfile.HOSTS_FILE).stat()
    except FileNotFoundError:
        return {}
    except OSError:
        return hostsfile.read_hosts(folder, missing_ok=True)  # raises its own clear error
    where = str(folder.resolve())
    stamp = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    if (seen := _read.get(where)) is not None and seen[0] == stamp:
        return seen[1]
    found = hostsfile.read_hosts(folder, missing_ok=True)
    _read[where] = (stamp, found)
    return found

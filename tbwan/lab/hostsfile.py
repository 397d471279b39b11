"""The lab directory: ``hosts.json`` (connection details), pid file, log, control socket."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from tbwan.lab.models import LabError
from tbwan.settings import env_settings

HOSTS_FILE = "hosts.json"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "::1", "localhost"})
"""The only addresses tbwan accepts from ``hosts.json``: where the lab listens."""
PID_FILE = "lab.pid"
LOG_FILE = "lab.log"
CONTROL_SOCKET = "control.sock"
_RESTART = "run `tbwan lab down` then `tbwan lab up`"


def lab_dir(path: Path | str | None = None, *, default: Path | str = ".lab") -> Path:
    """The one place the lab directory is decided, for the lab and the inventory alike.

    ``path`` (given on a command line) wins, then ``$TBWAN_LAB_DIR``, then ``default``
    (``nornir.yaml``'s ``transform_function_options.lab_dir``, ``.lab`` under the current
    directory).
    """
    if path is not None:
        return Path(path)
    return Path(env_settings().lab_dir or default)


def write_hosts(
    directory: Path,
    ports: dict[str, int],
    host: str = "127.0.0.1",
    snmp_ports: dict[str, int] | None = None,
    managements: dict[str, str] | None = None,
) -> Path:
    """Write ``hosts.json`` atomically and return its path.

    ``snmp_ports``: the UDP port of each host's SNMP agent (``snmp_port``), when the lab runs
    them; ``managements``: a host's address in the network (``management``).
    """
    directory.mkdir(parents=True, exist_ok=True)
    hosts: dict[str, dict[str, object]] = {
        name: {"hostname": host, "port": port} for name, port in sorted(ports.items())
    }
    for name, port in (snmp_ports or {}).items():
        hosts[name]["snmp_port"] = port
    for name, address in (managements or {}).items():
        if name in hosts:
            hosts[name]["management"] = address
    data = {
        "pid": os.getpid(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "hosts": hosts,
    }
    target = directory / HOSTS_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.chmod(0o644)  # whatever the umask: readers refuse a file others may write
    tmp.replace(target)
    return target


def read_hosts_file(directory: Path | str | None = None) -> dict[str, object]:
    """The raw ``hosts.json`` content (LabError if there is no lab)."""
    path = lab_dir(directory) / HOSTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabError(
            f"no lab running: {path} not found (start one with `tbwan lab up`)"
        ) from None
    except json.JSONDecodeError as exc:
        raise LabError(f"{path} is not valid JSON ({exc}); {_RESTART}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("hosts"), dict):
        raise LabError(f"{path} has no 'hosts' mapping; {_RESTART}")
    return data


def read_hosts(
    directory: Path | str | None = None, *, missing_ok: bool = False
) -> dict[str, tuple[str, int]]:
    """Host name -> (address, port) of the running lab, from ``hosts.json``.

    Raises:
        LabError: No lab runs (unless ``missing_ok``: then empty), or the file is damaged.
    """
    path = lab_dir(directory) / HOSTS_FILE
    if missing_ok and not path.exists():
        return {}
    _check_owner(path)
    hosts = read_hosts_file(directory)["hosts"]
    assert isinstance(hosts, dict)
    try:
        found = {name: (str(h["hostname"]), int(h["port"])) for name, h in hosts.items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise LabError(f"{path}: unreadable host entry ({exc}); {_RESTART}") from None
    for name, (address, port) in found.items():
        # the lab only ever listens on loopback: anything else would send credentials away
        if address not in LOOPBACK_NAMES or not 0 < port < 65536:
            raise LabError(
                f"{path}: host {name} points at {address}:{port}, but the lab only listens "
                f"on 127.0.0.1; this file was not written by the lab: delete it, or {_RESTART}"
            )
    return found


def _check_owner(path: Path) -> None:
    """Refuse a ``hosts.json`` another user wrote or could have written."""
    try:
        st = path.stat()
    except OSError as exc:
        raise LabError(f"{path}: cannot read ({exc.strerror})") from None
    if st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise LabError(
            f"{path}: owned by uid {st.st_uid} with mode {st.st_mode & 0o777:o}; only a file "
            "this user's lab wrote (not writable by others) is trusted: delete it, or " + _RESTART
        )


def read_snmp_ports(directory: Path | str | None = None) -> dict[str, int]:
    """Host name -> UDP port of its SNMP agent (``tbwan lab up --snmp``); empty without."""
    hosts = read_hosts_file(directory)["hosts"]
    assert isinstance(hosts, dict)
    return {name: int(h["snmp_port"]) for name, h in hosts.items() if "snmp_port" in h}


def read_managements(directory: Path | str | None = None) -> dict[str, tuple[str, int]]:
    """Management address -> (address, port) of the running lab's devices that have one.

    Empty when no lab runs. Raises LabError if ``hosts.json`` is damaged.
    """
    path = lab_dir(directory) / HOSTS_FILE
    if not path.exists():
        return {}
    hosts = read_hosts_file(directory)["hosts"]
    assert isinstance(hosts, dict)
    try:
        return {
            str(h["management"]): (str(h["hostname"]), int(h["port"]))
            for h in hosts.values()
            if h.get("management")
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LabError(f"{path}: unreadable host entry ({exc}); {_RESTART}") from None


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_lab_process(pid: int) -> bool:
    """Whether ``pid`` runs the lab (its command line names ``tbwan.lab`` or ``lab up``)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return "tbwan.lab" in cmdline or " lab up" in cmdline

"""Collection: connect to each target and read it (NAPALM getters, TextFSM for CDP).

The only module of discovery that talks to devices. Targets become Nornir hosts with the
usual credentials; while the device lab runs, a management address it serves is reached
at its lab port and any other address (but 127.0.0.1:PORT) is refused, as for every
tbwan command: tbwan never falls through from the lab to a real network.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.configuration import Config, LoggingConfig
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.state import GlobalState
from nornir.core.task import Result, Task
from nornir.plugins.runners import ThreadedRunner

from tbwan.credentials import load_secrets
from tbwan.discover.records import Collected
from tbwan.discover.targets import RowError, Target
from tbwan.lab.hostsfile import read_hosts, read_managements
from tbwan.platforms import NAPALM_CONNECTIONS, TBWAN_NAPALM, get_platform
from tbwan.tasks.failures import reason
from tbwan.transform import credentials

log = logging.getLogger(__name__)


def resolve(targets: list[Target], lab: Path | None) -> tuple[list[Target], list[RowError]]:
    """Targets with the address to connect to; a lab's management addresses map to ports."""
    managements = read_managements(lab) if lab is not None else {}
    lab_runs = bool(read_hosts(lab, missing_ok=True)) if lab is not None else False
    out: list[Target] = []
    errors: list[RowError] = []
    for t in targets:
        if t.port == 22 and t.host in managements:
            host, port = managements[t.host]
            out.append(Target(t.row, t.address, host, port, t.site, t.role, t.platform))
        elif lab_runs and not t.host.startswith("127."):
            errors.append(
                RowError(
                    t.row,
                    t.address,
                    "the running device lab serves no device at this address (tbwan never "
                    "reaches real addresses while a lab runs): stop the lab or fix the address",
                )
            )
        else:
            out.append(t)
    return out, errors


def _optional(fn: Any) -> Any:
    try:
        return fn()
    except NotImplementedError:
        return None
    except Exception as exc:  # a getter the platform or device lacks is not a failed row
        log.debug("optional getter failed: %s", reason(exc))
        return None


def _cdp(conn: Any) -> dict[str, list[dict[str, Any]]] | None:
    """CDP neighbours through Netmiko + ntc-templates, in NAPALM's LLDP detail shape.

    The brief table (``show cdp neighbors``) is enough: name, local and remote port.
    """
    rows = conn.device.send_command("show cdp neighbors", use_textfsm=True)
    if not isinstance(rows, list) or not rows:
        return None
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        local = str(r.get("local_interface") or r.get("local_port") or "")
        system = str(r.get("neighbor_name") or r.get("neighbor") or "")
        port = str(r.get("neighbor_interface") or r.get("remote_port") or "")
        if local and system and port:
            out.setdefault(local, []).append({"remote_system_name": system, "remote_port": port})
    return out or None


def collect_device(task: Task) -> Result:
    """Facts, interfaces, addresses, VLANs, neighbours and the running config of a host."""
    conn = task.host.get_connection(TBWAN_NAPALM, task.nornir.config)
    data = {
        "facts": conn.get_facts(),
        "interfaces": conn.get_interfaces(),
        "interfaces_ip": conn.get_interfaces_ip(),
        "vlans": _optional(conn.get_vlans) or {},
        "lldp": _optional(conn.get_lldp_neighbors_detail) or _optional(lambda: _cdp(conn)),
        "config": conn.get_config(retrieve="running")["running"],
    }
    return Result(host=task.host, result=data)


def nornir_for_targets(targets: list[Target], workers: int) -> Nornir:
    """A Nornir over the targets (host ``row<N>``), with tbwan's credentials.

    The login comes from the transform every tbwan inventory uses
    (:func:`tbwan.transform.credentials`); the lab's ports are already in the targets
    (:func:`resolve` maps management addresses, not host names).
    """
    load_secrets().login()  # no login set: a clear error before anything connects
    defaults = Defaults()
    hosts = Hosts()
    for t in targets:
        platform = get_platform(t.platform)
        host = hosts[f"row{t.row}"] = Host(
            name=f"row{t.row}",
            hostname=t.host,
            port=t.port,
            platform=platform.napalm_driver,
            defaults=defaults,
            data={"row": t.row},
            connection_options={
                name: ConnectionOptions(
                    platform=platform.napalm_driver,
                    extras={"optional_args": {}, "timeout": 30},
                )
                for name in NAPALM_CONNECTIONS
            },
        )
        credentials(host)
    ConnectionPluginRegister.auto_register()
    return Nornir(
        inventory=Inventory(hosts=hosts, groups=Groups(), defaults=defaults),
        runner=ThreadedRunner(num_workers=workers),
        config=Config(logging=LoggingConfig(enabled=False)),
        data=GlobalState(),
    )


def collect(targets: list[Target], *, workers: int = 50) -> tuple[list[Collected], list[RowError]]:
    """Read every target; a target that cannot be read is a row error naming why."""
    if not targets:
        return [], []
    nr = nornir_for_targets(targets, workers)
    by_row = {t.row: t for t in targets}
    results = nr.run(task=collect_device, name="discover", on_failed=True)
    nr.close_connections(on_failed=True)
    got: list[Collected] = []
    errors: list[RowError] = []
    for name, multi in sorted(results.items(), key=lambda kv: int(kv[0][3:])):
        t = by_row[int(name[3:])]
        if multi.failed:
            errors.append(RowError(t.row, t.address, reason(multi[0].exception)))
            continue
        d = multi[0].result
        got.append(
            Collected(
                target=t,
                facts=d["facts"],
                interfaces=d["interfaces"],
                interfaces_ip=d["interfaces_ip"],
                vlans=d["vlans"],
                lldp=d["lldp"],
                config=d["config"],
            )
        )
    return got, errors

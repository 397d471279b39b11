"""TACACS+ key and login checks on a device's running config."""

from __future__ import annotations

import hmac
import re

from netmiko import ConnectHandler
from netutils.password import decrypt_type7
from nornir.core.task import Result, Task

from tbwan.tasks.backup import fetch_running

_SERVER = re.compile(r"^tacacs server (\S+)")
_KEY = re.compile(r"^\s+key(?:\s+(\d))?\s+(\S+)")
_LOGIN = "aaa authentication login default group TBWAN-AAA local"


def tacacs_key_problems(running: str, key: str) -> list[str]:
    """What is wrong with the TACACS+ servers of ``running`` for ``key`` (never the key).

    A key shown in type 7 (``service password-encryption``) is decoded before comparing.

    >>> cfg = "tacacs server A\\n address ipv4 10.0.0.1\\n key s3cret\\n"
    >>> tacacs_key_problems(cfg + "aaa authentication login default group TBWAN-AAA local\\n",
    ...                     "s3cret")
    []
    >>> tacacs_key_problems(cfg, "other")
    ['tacacs server A: key differs', 'no AAA login via TBWAN-AAA']
    """
    problems: list[str] = []
    server: str | None = None
    servers = 0
    for line in running.splitlines():
        if m := _SERVER.match(line):
            server, servers = m.group(1), servers + 1
        elif not line.startswith(" "):
            server = None
        elif server and (m := _KEY.match(line)):
            found = decrypt_type7(m.group(2)) if m.group(1) == "7" else m.group(2)
            if not hmac.compare_digest(found.encode(), key.encode()):
                problems.append(f"tacacs server {server}: key differs")
    if not servers:
        problems.append("no tacacs server")
    if _LOGIN not in running.splitlines():
        problems.append("no AAA login via TBWAN-AAA")
    return problems


def verify_tacacs(task: Task, *, key: str) -> Result:
    """A fresh SSH login works and every TACACS+ server holds ``key``; fails otherwise."""
    host = task.host
    # a new session, not the pooled one: the login after the change is what must work
    probe = ConnectHandler(
        device_type=host.get_connection_parameters("netmiko").platform or "cisco_ios",
        host=host.hostname,
        port=host.port or 22,
        username=host.username,
        password=host.password,
        conn_timeout=20,
    )
    probe.disconnect()
    running = str(task.run(task=fetch_running, name="running config").result)
    problems = tacacs_key_problems(running, key)
    return Result(host=host, result=problems, failed=bool(problems))


def district_stages(regions: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Host -> district, as stages: smallest district first (a canary), then by name.

    >>> district_stages({"a1": "vu-thu", "a2": "vu-thu", "b1": "kien-xuong"})
    [('kien-xuong', ['b1']), ('vu-thu', ['a1', 'a2'])]
    """
    per: dict[str, list[str]] = {}
    for host, region in sorted(regions.items()):
        per.setdefault(region, []).append(host)
    return sorted(per.items(), key=lambda kv: (len(kv[1]), kv[0]))

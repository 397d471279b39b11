"""A real SNMP client polls the lab with what tbwan exported: deploy, export, poll IF-MIB.

The lab runs with ``snmp=True`` (an SNMPv3 agent per device); deploy creates the user
with the run's secrets; ``tbwan monitoring export`` writes the targets and the
snmp_exporter auth; pysnmp's client polls as snmp_exporter would, with the passphrases
expanded from the environment, and is refused with wrong ones.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import string
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pysnmp.hlapi.v3arch.asyncio import (
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    bulk_walk_cmd,
    get_cmd,
    usmAesCfb128Protocol,
    usmHMACSHAAuthProtocol,
)

from tbwan.credentials import load_secrets
from tbwan.lab import Credentials
from tbwan.lab.hostsfile import read_snmp_ports
from tbwan.monitoring import Format
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process
from tbwan.runbooks.monitoring import export_monitoring
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.tasks.deploy_host import DeployStatus

from .conftest import REPO

pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("e2e-snmp-poll")]

HOSTS = ("tb-sonv-sw01", "tb-bvdk-sw01")
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
IF_OPER = "1.3.6.1.2.1.2.2.1.8"
IF_HC_IN = "1.3.6.1.2.1.31.1.1.1.6"
SYS_NAME = "1.3.6.1.2.1.1.5.0"


@pytest.fixture(scope="module")
def polled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A deployed lab with SNMP agents and the exported Prometheus files."""
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("snmp")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        mp.setenv("TBWAN_LAB_DIR", str(tmp / "lab"))
        nr = HostFilter(hosts=HOSTS).apply(init_nornir(Settings()))
        creds = Credentials(*load_secrets().login())
        with lab_process(inventory_devices(nr), creds, tmp / "lab", snmp=True):
            done = deploy(
                HostFilter(hosts=HOSTS).apply(init_nornir(Settings())),
                Renderer(REPO / "templates", load_secrets()),
                store=BackupStore(tmp / "backups"),
                commit=True,
                replace=True,
            )
            assert {h.status for h in done.hosts} == {DeployStatus.CHANGED}, done.hosts
            export_monitoring(nr, Format.PROMETHEUS, tmp / "prometheus")
            yield {
                "out": tmp / "prometheus",
                "ports": read_snmp_ports(tmp / "lab"),
                "env": dict(os.environ),
            }


def _expand(value: str, env: dict[str, str]) -> str:
    """``${VAR}`` as snmp_exporter's --config.expand-environment-variables does."""
    return string.Template(value).substitute(env)


def _user(out: Path, env: dict[str, str], **override: str) -> UsmUserData:
    auth = yaml.safe_load((out / "snmp-auth.yml").read_text())["auths"]["tbwan_v3"]
    assert (auth["auth_protocol"], auth["priv_protocol"]) == ("SHA", "AES")
    return UsmUserData(
        override.get("username", auth["username"]),
        override.get("password", _expand(auth["password"], env)),
        override.get("priv_password", _expand(auth["priv_password"], env)),
        authProtocol=usmHMACSHAAuthProtocol,
        privProtocol=usmAesCfb128Protocol,
    )


async def _walk(user: UsmUserData, port: int, oid: str) -> dict[str, str]:
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=5, retries=2)
    rows: dict[str, str] = {}
    async for error, status, _, binds in bulk_walk_cmd(
        engine,
        user,
        target,
        ContextData(),
        0,
        25,
        ObjectType(ObjectIdentity(oid)),
        lexicographicMode=False,
    ):
        if error or status:
            raise RuntimeError(str(error or status))
        for name, value in binds:
            rows[str(name).rsplit(".", 1)[-1]] = value.prettyPrint()
    engine.close_dispatcher()
    return rows


async def _get(user: UsmUserData, port: int, oid: str) -> str:
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=5, retries=2)
    error, status, _, binds = await get_cmd(
        engine, user, target, ContextData(), ObjectType(ObjectIdentity(oid))
    )
    engine.close_dispatcher()
    if error or status:
        raise RuntimeError(str(error or status))
    return str(binds[0][1])


def test_exported_targets_and_credentials_poll_if_mib(polled: dict[str, Any]) -> None:
    out, ports, env = polled["out"], polled["ports"], polled["env"]
    targets = json.loads((out / "targets/tbwan-snmp.json").read_text())
    by_host = {e["labels"]["host"]: e for e in targets}
    assert sorted(by_host) == sorted(HOSTS) and sorted(ports) == sorted(HOSTS)
    user = _user(out, env)
    for host in HOSTS:
        port = ports[by_host[host]["labels"]["host"]]  # the lab stands in for the address
        assert asyncio.run(_get(user, port, SYS_NAME)) == host
        descr = asyncio.run(_walk(user, port, IF_DESCR))
        assert "Vlan99" in descr.values() and "FastEthernet0/1" in descr.values()
        oper = asyncio.run(_walk(user, port, IF_OPER))
        assert set(oper) == set(descr) and set(oper.values()) <= {"1", "2"}
    first = asyncio.run(_walk(user, ports[HOSTS[0]], IF_HC_IN))
    time.sleep(1.2)
    second = asyncio.run(_walk(user, ports[HOSTS[0]], IF_HC_IN))
    assert any(int(second[i]) > int(first[i]) for i in first)  # counters move


@pytest.mark.parametrize(
    "override",
    [{"password": "wrong-auth-1"}, {"priv_password": "wrong-priv-1"}, {"username": "intruder"}],
)
def test_wrong_credentials_are_refused(polled: dict[str, Any], override: dict[str, str]) -> None:
    user = _user(polled["out"], polled["env"], **override)
    with pytest.raises(RuntimeError, match=r"(?i)digest|ciphertext|unknown usm user"):
        asyncio.run(_get(user, polled["ports"][HOSTS[0]], SYS_NAME))


def test_new_passphrases_need_renew_snmp_users(
    polled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TBWAN_SNMP_AUTH", secrets.token_hex(10))
    env, port = dict(os.environ), polled["ports"][HOSTS[0]]

    def run(renew: bool) -> set[DeployStatus]:
        done = deploy(
            HostFilter(hosts=HOSTS).apply(init_nornir(Settings())),
            Renderer(REPO / "templates", load_secrets()),
            store=BackupStore(polled["out"].parent / "backups"),
            commit=True,
            renew_snmp_users=renew,
        )
        return {h.status for h in done.hosts}

    with pytest.raises(RuntimeError, match=r"(?i)digest"):
        asyncio.run(_get(_user(polled["out"], env), port, SYS_NAME))
    assert run(renew=False) == {DeployStatus.UNCHANGED}  # the user looks right
    with pytest.raises(RuntimeError, match=r"(?i)digest"):
        asyncio.run(_get(_user(polled["out"], env), port, SYS_NAME))
    assert run(renew=True) == {DeployStatus.CHANGED}
    time.sleep(0.7)  # the agent picks the new keys up within 0.5 s
    assert asyncio.run(_get(_user(polled["out"], env), port, SYS_NAME)) == HOSTS[0]

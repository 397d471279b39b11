"""tbwan's NAPALM connection plugin against the lab: same answers, no prompt probes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from napalm.base.mock import MockDriver
from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.task import Result, Task
from nornir.plugins.runners import SerialRunner

from tbwan.lab import Credentials, Lab
from tbwan.tasks.napalm_connection import CONNECTION_NAME, KnownPromptIOS, TbwanNapalm

from .conftest import napalm_driver

pytestmark = pytest.mark.lab


def _nornir(lab: Lab, creds: Credentials, host: str) -> Nornir:
    ConnectionPluginRegister.auto_register()
    defaults = Defaults(username=creds.username, password=creds.password)
    options = ConnectionOptions(
        platform="ios", extras={"optional_args": {"secret": creds.enable_secret}}
    )
    hosts = Hosts(
        {
            host: Host(
                name=host,
                hostname="127.0.0.1",
                port=lab.ports[host],
                defaults=defaults,
                connection_options={CONNECTION_NAME: options},
            )
        }
    )
    return Nornir(
        inventory=Inventory(hosts=hosts, groups=Groups(), defaults=defaults), runner=SerialRunner()
    )


def _device(task: Task) -> Any:
    return task.host.get_connection(CONNECTION_NAME, task.nornir.config)


def test_registered_under_its_own_name() -> None:
    ConnectionPluginRegister.auto_register()
    assert ConnectionPluginRegister.available[CONNECTION_NAME] is TbwanNapalm


def test_same_answers_without_prompt_probes(lab: Lab, creds: Credentials) -> None:
    nr = _nornir(lab, creds, "r03")
    probes: list[str] = []

    def read(task: Task) -> Result:
        device = _device(task)
        assert isinstance(device.device, KnownPromptIOS)
        original = device.device.find_prompt

        def counted(*args: Any, **kwargs: Any) -> str:
            probes.append("find_prompt")
            return str(original(*args, **kwargs))

        device.device.find_prompt = counted
        running = device.get_config(retrieve="running")["running"]
        facts = device.get_facts()
        return Result(host=task.host, result=(running, facts))

    result = nr.run(task=read)
    nr.close_connections()
    assert not result.failed, result["r03"].exception
    running, facts = result["r03"][0].result
    stock = napalm_driver(lab, creds, "r03")
    try:
        assert running == stock.get_config(retrieve="running")["running"]
        assert facts == stock.get_facts()
    finally:
        stock.close()
    assert "line vty 0 4" in running
    assert probes == []  # Netmiko's IOS class would probe before each of those commands


def test_prompt_follows_a_hostname_change(lab: Lab, creds: Credentials) -> None:
    nr = _nornir(lab, creds, "r04")
    new_name = "r04-renamed-to-a-name-longer-than-twenty"

    def rename(task: Task) -> Result:
        device = _device(task)
        device.load_merge_candidate(config=f"hostname {new_name}\n")
        device.commit_config()
        running = device.get_config(retrieve="running")["running"]
        device.load_merge_candidate(config="hostname r04\n")
        device.commit_config()
        return Result(host=task.host, result=(running, device.get_facts()["hostname"]))

    result = nr.run(task=rename)
    nr.close_connections()
    assert not result.failed, result["r04"].exception
    running, hostname_after = result["r04"][0].result
    assert f"hostname {new_name}" in running
    assert "line vty 0 4" in running  # the whole config came back, not a prefix
    assert hostname_after == "r04"


def test_other_platforms_get_napalm_drivers(tmp_path: Path) -> None:
    plugin = TbwanNapalm()
    plugin.open(
        "127.0.0.1", "u", "p", None, "mock", extras={"optional_args": {"path": str(tmp_path)}}
    )
    assert isinstance(plugin.connection, MockDriver)
    plugin.close()

"""Nornir with the napalm and netmiko plugins against the lab (dict inventory)."""

from __future__ import annotations

from typing import Any

import pytest
from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.plugins.runners import ThreadedRunner
from nornir_napalm.plugins.tasks import napalm_configure, napalm_get
from nornir_netmiko.tasks import netmiko_save_config, netmiko_send_command, netmiko_send_config

from tbwan.lab import Credentials, Lab

pytestmark = pytest.mark.lab


def make_nornir(lab: Lab, creds: Credentials, hosts: list[str]) -> Nornir:
    """A Nornir over an in-memory inventory of lab hosts."""
    ConnectionPluginRegister.auto_register()
    defaults = Defaults(username=creds.username, password=creds.password)

    def options() -> dict[str, ConnectionOptions]:
        # a fresh dict per host: nornir_napalm writes the port into optional_args
        extras: dict[str, Any] = {"secret": creds.enable_secret}
        return {
            "napalm": ConnectionOptions(extras={"optional_args": dict(extras)}),
            "netmiko": ConnectionOptions(platform="cisco_ios", extras=dict(extras)),
        }

    inv_hosts = Hosts(
        {
            h: Host(
                name=h,
                hostname="127.0.0.1",
                port=lab.ports[h],
                platform="ios",
                defaults=defaults,
                connection_options=options(),
            )
            for h in hosts
        }
    )
    inventory = Inventory(hosts=inv_hosts, groups=Groups(), defaults=defaults)
    return Nornir(inventory=inventory, runner=ThreadedRunner(num_workers=4))


def test_napalm_tasks(lab: Lab, creds: Credentials) -> None:
    nr = make_nornir(lab, creds, ["r07", "r08"])
    facts = nr.run(task=napalm_get, getters=["facts"])
    assert not facts.failed
    assert facts["r07"][0].result["facts"]["hostname"] == "r07"
    dry = nr.run(task=napalm_configure, configuration="ntp server 10.34.0.9\n", dry_run=True)
    assert dry["r08"][0].diff == "+ntp server 10.34.0.9" and dry["r08"][0].changed
    assert "ntp server" not in lab.running_config("r08")
    real = nr.run(task=napalm_configure, configuration="ntp server 10.34.0.9\n")
    assert not real.failed
    assert "ntp server 10.34.0.9" in lab.running_config("r08")
    again = nr.run(task=napalm_configure, configuration="ntp server 10.34.0.9\n", dry_run=True)
    assert again["r08"][0].changed is False
    nr.close_connections()


def test_netmiko_tasks(lab: Lab, creds: Credentials) -> None:
    nr = make_nornir(lab, creds, ["r09"])
    out = nr.run(task=netmiko_send_command, command_string="show version", enable=True)
    assert "r09 uptime is" in out["r09"][0].result
    cfg = nr.run(
        task=netmiko_send_config, config_commands=["banner motd ^C", "Authorised use only", "^C"]
    )
    assert not cfg.failed
    saved = nr.run(task=netmiko_save_config)
    assert "[OK]" in saved["r09"][0].result
    assert "banner motd ^C\nAuthorised use only\n^C" in lab.startup_config("r09")
    nr.close_connections()

"""Real NAPALM ``ios`` driver against the lab: getters, merge, replace, rollback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from napalm.base.exceptions import MergeConfigException, ReplaceConfigException

from tbwan.lab import Credentials, Fault, Lab

from .conftest import napalm_driver

pytestmark = pytest.mark.lab


@pytest.fixture
def driver(lab: Lab, creds: Credentials, request: pytest.FixtureRequest) -> Iterator[Any]:
    drv = napalm_driver(lab, creds, request.param)
    yield drv
    drv.close()


@pytest.mark.parametrize("driver", ["r01"], indirect=True)
def test_getters(driver: Any) -> None:
    facts = driver.get_facts()
    assert facts["hostname"] == "r01"
    assert facts["fqdn"] == "r01.tb.gov.vn"
    assert facts["model"] == "C1111-8P"
    assert facts["serial_number"] == "FGL00000001"
    assert "17.9.4a" in facts["os_version"]
    assert facts["interface_list"] == ["GigabitEthernet0/0/0", "GigabitEthernet0/1/0", "Loopback0"]
    ifaces = driver.get_interfaces()
    assert ifaces["GigabitEthernet0/0/0"]["description"] == "WAN uplink"
    assert ifaces["GigabitEthernet0/0/0"]["is_up"] is True
    assert ifaces["GigabitEthernet0/0/0"]["speed"] == 1000.0
    assert ifaces["GigabitEthernet0/1/0"]["is_enabled"] is False
    assert ifaces["GigabitEthernet0/1/0"]["is_up"] is False
    cfg = driver.get_config()
    assert cfg["running"].startswith("!")
    assert "hostname r01" in cfg["running"] and "hostname r01" in cfg["startup"]


@pytest.mark.parametrize("driver", ["r05"], indirect=True)
def test_merge_commit_rollback(driver: Any, lab: Lab) -> None:
    driver.load_merge_candidate(
        config="interface Loopback9\n description merged\n"
        "interface GigabitEthernet0/0/0\n description new uplink\nntp server 10.34.0.10\n"
    )
    assert driver.compare_config() == (
        "+interface Loopback9\n+ description merged\n"
        "+interface GigabitEthernet0/0/0\n+ description new uplink\n+ntp server 10.34.0.10"
    )
    driver.commit_config()
    running = lab.running_config("r05")
    assert "interface Loopback9\n description merged\n!" in running
    assert " description new uplink\n" in running and "WAN uplink" not in running
    assert "ntp server 10.34.0.10" in lab.startup_config("r05")
    # committing the same merge again changes nothing
    driver.load_merge_candidate(config="ntp server 10.34.0.10\n")
    assert driver.compare_config() == ""
    driver.discard_config()
    driver.rollback()
    running = lab.running_config("r05")
    assert "Loopback9" not in running and "ntp server" not in running
    assert " description WAN uplink" in running
    assert "ntp server" not in lab.startup_config("r05")


@pytest.mark.parametrize("driver", ["r06"], indirect=True)
def test_replace_commit_and_rollback(driver: Any, lab: Lab) -> None:
    before = driver.get_config(retrieve="running")["running"]
    candidate = before.replace("description LAN", "description LAN users").replace(
        " shutdown\n", ""
    )
    candidate = candidate.replace("\nend", "\nlogging host 10.34.0.50\nend")
    driver.load_replace_candidate(config=candidate)
    diff = driver.compare_config()
    assert "interface GigabitEthernet0/1/0\n +description LAN users\n -description LAN" in diff
    assert " -shutdown" in diff and "+logging host 10.34.0.50" in diff
    driver.commit_config()
    running = lab.running_config("r06")
    assert "description LAN users" in running and "logging host 10.34.0.50" in running
    assert driver.get_interfaces()["GigabitEthernet0/1/0"]["is_enabled"] is True
    driver.rollback()
    after = driver.get_config(retrieve="running")["running"]
    assert "logging host" not in after and " description LAN\n" in after
    assert driver.get_interfaces()["GigabitEthernet0/1/0"]["is_enabled"] is False


@pytest.mark.parametrize("driver", ["r07"], indirect=True)
def test_replace_hostname_and_discard(driver: Any, lab: Lab) -> None:
    running = driver.get_config(retrieve="running")["running"]
    driver.load_replace_candidate(config=running.replace("hostname r07", "hostname r07b"))
    assert driver.compare_config() == "+hostname r07b\n-hostname r07"
    driver.discard_config()
    assert driver.compare_config() == ""
    driver.load_replace_candidate(config=running.replace("hostname r07", "hostname r07b"))
    driver.commit_config()
    assert driver.get_facts()["hostname"] == "r07b"
    driver.rollback()
    assert driver.get_facts()["hostname"] == "r07"


@pytest.mark.parametrize("driver", ["r08"], indirect=True)
def test_commit_confirm_and_revert(driver: Any, lab: Lab) -> None:
    driver.load_merge_candidate(config="snmp-server location Thai Binh\n")
    driver.commit_config(revert_in=60)
    assert driver.has_pending_commit()
    assert "snmp-server location Thai Binh" in lab.running_config("r08")
    driver.rollback()  # configure revert now
    assert not driver.has_pending_commit()
    assert "snmp-server location" not in lab.running_config("r08")
    driver.load_merge_candidate(config="snmp-server location Kien Xuong\n")
    driver.commit_config(revert_in=60)
    assert lab.expire_timers("r08") is True  # the minute, fired now: IOS reverts by itself
    assert not driver.has_pending_commit()
    assert "snmp-server location" not in lab.running_config("r08")
    driver.load_merge_candidate(config="snmp-server location Vu Thu\n")
    driver.commit_config(revert_in=60)
    driver.confirm_commit()
    assert lab.expire_timers("r08") is False
    assert not driver.has_pending_commit()
    assert "snmp-server location Vu Thu" in lab.startup_config("r08")


@pytest.mark.parametrize("driver", ["r09"], indirect=True)
def test_rejected_lines(driver: Any, lab: Lab) -> None:
    lab.set_fault("r09", Fault(reject=r"^ntp server 10\.9\."))
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        assert "ntp server 10.9.9.9" in driver.compare_config()
        with pytest.raises(MergeConfigException, match="Invalid input detected"):
            driver.commit_config()
        assert "ntp server 10.9.9.9" not in lab.running_config("r09")
        running = driver.get_config(retrieve="running")["running"]
        driver.load_replace_candidate(config=running.replace("\nend", "\nntp server 10.9.9.9\nend"))
        with pytest.raises(ReplaceConfigException, match="successfully restored"):
            driver.commit_config()
        assert "ntp server 10.9.9.9" not in lab.running_config("r09")
    finally:
        lab.clear_faults("r09")


@pytest.mark.parametrize("driver", ["r10"], indirect=True)
def test_empty_seed_supports_napalm(driver: Any, lab: Lab) -> None:
    driver.load_merge_candidate(
        config="interface Loopback0\n ip address 10.1.1.1 255.255.255.255\n"
    )
    driver.commit_config()
    assert driver.get_interfaces_ip  # the driver stays usable
    assert driver.get_facts()["interface_list"] == ["Loopback0"]

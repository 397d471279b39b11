"""NAPALM's own ``junos`` driver (PyEZ, NETCONF over SSH) against a lab SRX.

The SRX boots with the rendered ``tb-ttthdl-fw01`` config (set form); nothing of tbwan's
deploy code is used here: this is what any NAPALM user would do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import napalm
import pytest
from jnpr.junos.exception import ConnectAuthError
from napalm.base import models
from napalm.base.exceptions import MergeConfigException, ReplaceConfigException
from napalm.base.test.helpers import test_model as fits

from tbwan.lab import Credentials, Fault, Lab

from .seed import HOST, SEED, UPTIME, clear_secrets

pytestmark = pytest.mark.lab


@pytest.fixture
def driver(lab: Lab, creds: Credentials) -> Iterator[Any]:
    cls = napalm.get_network_driver("junos")
    drv = cls("127.0.0.1", creds.username, creds.password, timeout=20,
              optional_args={"port": lab.ports[HOST]})  # fmt: skip
    drv.open()
    yield drv
    drv.close()


def running(lab: Lab) -> set[str]:
    return set(lab.running_config(HOST).splitlines())


def test_facts_fit_napalm_model(driver: Any) -> None:
    facts = driver.get_facts()
    assert fits(models.FactsDict, facts)
    assert facts["vendor"] == "Juniper"
    assert facts["model"] == "SRX1500"
    assert facts["serial_number"] == "DA4219AF0123"
    assert facts["os_version"].startswith("21.4R3")
    assert facts["hostname"] == HOST
    assert facts["fqdn"] == f"{HOST}.thaibinh.gov.vn"
    assert UPTIME <= facts["uptime"] < UPTIME + 120
    assert {"ge-0/0/0", "ge-0/0/3", "st0", "lo0"} <= set(facts["interface_list"])
    assert driver.device.facts["personality"] == "SRX_MIDRANGE"


def test_get_config_running_and_candidate(driver: Any) -> None:
    text = driver.get_config()
    assert "host-name tb-ttthdl-fw01;" in text["running"]
    assert text["running"] == text["candidate"]
    seeded = {line for line in SEED.splitlines() if line.strip()}
    as_set = driver.get_config(retrieve="running", format="set")["running"]
    assert {line for line in clear_secrets(as_set).splitlines() if line.strip()} == seeded
    # NAPALM's get_config(format="xml") returns the element's text (None): ask PyEZ for it
    xml = driver.device.rpc.get_config(options={"database": "committed"})
    assert xml.findtext("system/host-name") == HOST
    assert xml.findtext("interfaces/interface[name='st0']/unit[name='100']/description") == (
        "IPsec to tb-dcdp-rt01"
    )


def test_merge_compare_commit(driver: Any, lab: Lab) -> None:
    driver.load_merge_candidate(
        config="set system ntp server 10.34.16.99\n"
        'set interfaces ge-0/0/0 unit 0 description "Outside, re-cabled"'
    )
    diff = driver.compare_config()
    assert diff == (
        "[edit system ntp]\n"
        "+   server 10.34.16.99;\n"
        "[edit interfaces ge-0/0/0 unit 0]\n"
        '-   description "Outside to tb-ttthdl-edge01";\n'
        '+   description "Outside, re-cabled";'
    )
    assert "set system ntp server 10.34.16.99" not in running(lab)  # not committed yet
    driver.commit_config(message="ntp and a description")
    assert driver.compare_config() == ""
    now = running(lab)
    assert "set system ntp server 10.34.16.99" in now
    assert 'set interfaces ge-0/0/0 unit 0 description "Outside, re-cabled"' in now
    assert 'set interfaces ge-0/0/0 unit 0 description "Outside to tb-ttthdl-edge01"' not in now
    log = driver.cli(["show system commit"])["show system commit"]
    assert "by netadmin via netconf" in log.splitlines()[1]
    driver.rollback()  # rollback 1 and commit: the previous config again
    assert "set system ntp server 10.34.16.99" not in running(lab)


def test_replace_commit_and_curly_text(driver: Any, lab: Lab) -> None:
    text = driver.get_config(retrieve="running")["running"]
    changed = text.replace("host-name tb-ttthdl-fw01;", "host-name tb-ttthdl-fw99;")
    changed = changed.replace("        server 10.34.16.12;\n", "")
    driver.load_replace_candidate(config=changed)
    diff = driver.compare_config()
    assert "[edit system]\n-   host-name tb-ttthdl-fw01;\n+   host-name tb-ttthdl-fw99;" in diff
    assert "[edit system ntp]\n-   server 10.34.16.12;" in diff
    assert diff.count("\n") == 4  # nothing else changed
    driver.commit_config()
    assert "set system host-name tb-ttthdl-fw99" in running(lab)
    driver.rollback()
    assert "set system host-name tb-ttthdl-fw01" in running(lab)
    assert "set system ntp server 10.34.16.12" in running(lab)


def test_discard(driver: Any, lab: Lab) -> None:
    before = running(lab)
    driver.load_merge_candidate(config='system { location "Rack 2"; }')
    assert driver.compare_config() == '[edit system]\n+   location "Rack 2";'
    driver.discard_config()
    assert driver.compare_config() == ""
    assert running(lab) == before


def test_commit_confirmed_not_confirmed_reverts(driver: Any, lab: Lab) -> None:
    before = running(lab)
    driver.load_merge_candidate(config="set snmp location Basement")
    driver.commit_config(revert_in=60)
    assert driver.has_pending_commit() is True
    assert "set snmp location Basement" in running(lab)
    assert lab.expire_timers(HOST) is True  # the 1-minute timer, fired now
    assert running(lab) == before
    assert driver.has_pending_commit() is False


def test_commit_confirmed_then_confirmed_stays(driver: Any, lab: Lab) -> None:
    driver.load_merge_candidate(config="set snmp location Attic")
    driver.commit_config(revert_in=120)
    assert driver.has_pending_commit() is True
    driver.confirm_commit()
    assert driver.has_pending_commit() is False
    assert lab.expire_timers(HOST) is False
    assert "set snmp location Attic" in running(lab)
    driver.device.cu.rollback(2)  # the confirmation was a commit of its own: 2 back
    driver.commit_config()
    assert "set snmp location Attic" not in running(lab)


def test_bad_input_is_refused_with_the_junos_error(driver: Any, lab: Lab) -> None:
    before = running(lab)
    with pytest.raises(MergeConfigException, match="syntax error") as err:
        driver.load_merge_candidate(config="set system ntp server 10.0.0.1\nset sytem foo")
    assert "sytem" in str(err.value)
    with pytest.raises(ReplaceConfigException, match="expecting '}'"):
        driver.load_replace_candidate(config="system { host-name x; ")
    assert driver.compare_config() == ""  # nothing of either load stayed
    assert running(lab) == before


def test_lock_is_exclusive(driver: Any, lab: Lab, creds: Credentials) -> None:
    cls = napalm.get_network_driver("junos")
    other = cls("127.0.0.1", creds.username, creds.password,
                optional_args={"port": lab.ports[HOST], "config_lock": True})  # fmt: skip
    other.open()
    try:
        with pytest.raises(Exception, match="locked"):
            driver.load_merge_candidate(config="set snmp location Elsewhere")
    finally:
        other.close()
    driver.load_merge_candidate(config="set snmp location Elsewhere")  # free again
    driver.discard_config()


def test_config_getters_read_the_committed_config(driver: Any) -> None:
    users = driver.get_users()
    assert all(fits(models.UsersDict, u) for u in users.values())
    assert users["netadmin"]["level"] == 15  # class super-user
    assert driver.get_ntp_servers() == {"10.34.16.12": {}}
    snmp = driver.get_snmp_information()
    assert fits(models.SNMPDict, snmp)
    assert snmp["contact"] == "NOC Trung tam Tich hop du lieu tinh Thai Binh"
    interfaces = driver.get_interfaces_ip()
    assert interfaces["ge-0/0/3.0"]["ipv4"] == {"203.0.113.2": {"prefix_length": 29}}


def test_faults_reject_and_refused_login(driver: Any, lab: Lab, creds: Credentials) -> None:
    lab.set_fault(HOST, Fault(reject=r"^set snmp location"))
    try:
        with pytest.raises(MergeConfigException, match="syntax error"):
            driver.load_merge_candidate(config="set snmp location Roof")
        driver.load_merge_candidate(config="set snmp contact noc")  # others still load
        driver.discard_config()
        lab.set_fault(HOST, Fault(refuse_auth=True))
        cls = napalm.get_network_driver("junos")
        refused = cls("127.0.0.1", creds.username, creds.password,
                      optional_args={"port": lab.ports[HOST]})  # fmt: skip
        with pytest.raises(ConnectAuthError):  # NAPALM lets PyEZ's own error through
            refused.open()
    finally:
        lab.clear_faults(HOST)


def test_private_configuration_and_xml_commit_stamp(lab: Lab, creds: Credentials) -> None:
    cls = napalm.get_network_driver("junos")
    drv = cls("127.0.0.1", creds.username, creds.password,
              optional_args={"port": lab.ports[HOST], "config_private": True})  # fmt: skip
    drv.open()
    try:
        drv.load_merge_candidate(config="set snmp location Private")
        assert drv.compare_config().endswith("\n+   location Private;")
        drv.discard_config()
        xml = drv.device.rpc.get_config(options={"database": "committed"})
        assert int(xml.get("commit-seconds")) > 0
        assert xml.get("commit-user")
    finally:
        drv.close()


def test_environment_fits_napalm_model(driver: Any) -> None:
    env = driver.get_environment()
    assert all(fits(models.FanDict, v) for v in env["fans"].values())
    assert all(fits(models.PowerDict, v) for v in env["power"].values())
    assert all(fits(models.TemperatureDict, v) for v in env["temperature"].values())
    assert all(fits(models.CPUDict, v) for v in env["cpu"].values())
    assert fits(models.MemoryDict, env["memory"])
    assert set(env["temperature"]) == {
        "Routing Engine", "Routing Engine CPU", "FPC 0 Intake", "FPC 0 Exhaust A"
    }  # fmt: skip
    assert not any(t["is_alert"] for t in env["temperature"].values())
    assert env["fans"]["SRX1500 Chassis fan 0"]["status"] is True
    assert env["power"]["Power Supply 0"]["status"] is True
    assert env["power"]["Power Supply 1"]["status"] is False  # the second bay is empty
    assert env["memory"]["available_ram"] == 16384
    text = driver.cli(["show chassis environment"])["show chassis environment"]
    assert "Power Supply 1                   Absent" in text

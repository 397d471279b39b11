"""The lab SRX's NETCONF server seen by ncclient itself, and its faults."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from ncclient import manager
from ncclient.operations.rpc import RPCError
from ncclient.transport.errors import TransportError
from ncclient.xml_ import to_ele

from tbwan.lab import Credentials, Fault, Lab, LabDevice
from tbwan.lab.seed import empty_config
from tbwan.pending_commit import parse_junos

pytestmark = pytest.mark.lab

HOST = "fw1"


@pytest.fixture(scope="module")
def creds() -> Credentials:
    return Credentials("netadmin", secrets.token_hex(12), secrets.token_hex(12))


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    srx = LabDevice(HOST, "SRX1500", seed_config=empty_config(HOST, "junos"), platform="junos")
    with Lab([srx], creds) as running:
        yield running


def connect(lab: Lab, creds: Credentials) -> manager.Manager:
    return manager.connect(
        host="127.0.0.1", port=lab.ports[HOST], username=creds.username,
        password=creds.password, hostkey_verify=False, look_for_keys=False,
        allow_agent=False, device_params={"name": "junos"}, timeout=10,
    )  # fmt: skip


def test_hello_and_replies(lab: Lab, creds: Credentials) -> None:
    with connect(lab, creds) as m:
        assert "urn:ietf:params:netconf:base:1.0" in m.server_capabilities
        assert "urn:ietf:params:netconf:capability:candidate:1.0" in m.server_capabilities
        assert "urn:ietf:params:netconf:base:1.1" not in m.server_capabilities
        reply = m.rpc(to_ele("<get-software-information/>"))
        assert reply.xpath("//product-model")[0].text == "srx1500"
        with pytest.raises(RPCError, match="syntax error") as err:
            m.rpc(to_ele("<get-no-such-information/>"))
        assert err.value.info is not None and "get-no-such-information" in err.value.info


def test_pending_commit_is_what_tbwan_parses(lab: Lab, creds: Credentials) -> None:
    with connect(lab, creds) as m:
        m.rpc(to_ele("<lock-configuration/>"))
        m.rpc(
            to_ele(
                '<load-configuration action="set" format="text">'
                "<configuration-set>set snmp location lab</configuration-set>"
                "</load-configuration>"
            )
        )
        m.rpc(
            to_ele(
                "<commit-configuration><confirmed/><confirm-timeout>3</confirm-timeout>"
                "</commit-configuration>"
            )
        )
        m.rpc(to_ele("<unlock-configuration/>"))
        text = m.rpc(to_ele('<command format="text">show system commit</command>'))
        pending = parse_junos(text.xpath("//output")[0].text)
        assert pending is not None and pending.minutes == 3 and pending.user == creds.username
    assert lab.expire_timers(HOST) is True
    assert "set snmp location lab" not in lab.running_config(HOST)


def test_drop_fault_cuts_the_session_before_the_rpc(lab: Lab, creds: Credentials) -> None:
    lab.set_fault(HOST, Fault(drop_after=1))
    try:
        m = connect(lab, creds)  # not a context manager: there is no session left to close
        m.rpc(to_ele("<get-software-information/>"))
        with pytest.raises((TransportError, RPCError, OSError)):
            m.rpc(
                to_ele(
                    '<load-configuration action="set" format="text"><configuration-set>'
                    "set snmp contact x</configuration-set></load-configuration>"
                )
            )
    finally:
        lab.clear_faults(HOST)
    assert "contact" not in lab.running_config(HOST)


def test_console_exec_runs_the_junos_cli(lab: Lab) -> None:
    from tbwan.lab.network.control_ops import dispatch

    lines = ["configure", "set snmp contact console", "commit", "exit", "show system commit"]
    reply = lab._call(dispatch, lab.server, {"op": "exec", "host": HOST, "lines": lines})
    out = reply["output"].splitlines()
    assert out[0] == f"root@{HOST}> configure"
    assert f"root@{HOST}# commit" in out
    assert any(line.endswith("by root via cli") for line in out)
    assert "set snmp contact console" in lab.running_config(HOST)


def test_standard_netconf_operations(lab: Lab, creds: Credentials) -> None:
    with connect(lab, creds) as m:
        m.lock(target="candidate")
        m.edit_config(
            target="candidate",
            config="<config><configuration><snmp><contact>standard</contact></snmp>"
            "</configuration></config>",
        )
        candidate = m.get_config(source="candidate")
        assert candidate.xpath("//snmp/contact")[0].text == "standard"
        running = m.get_config(source="running")
        assert "standard" not in [e.text for e in running.xpath("//snmp/contact")]
        m.discard_changes()
        after = m.get_config(source="candidate")
        assert [e.text for e in after.xpath("//snmp/contact")] == [
            e.text for e in running.xpath("//snmp/contact")
        ]
        m.edit_config(
            target="candidate",
            config="<config><configuration><snmp><contact>kept</contact></snmp>"
            "</configuration></config>",
        )
        m.commit(confirmed=True, timeout="90")  # seconds: two minutes on Junos's clock
        m.unlock(target="candidate")
        log = m.rpc(to_ele('<command format="text">show system commit</command>'))
        assert log.xpath("//output")[0].text.split("\n")[1].endswith("rollback in 2mins")
        m.commit()  # confirms
    assert "set snmp contact kept" in lab.running_config(HOST)
    assert lab.expire_timers(HOST) is False

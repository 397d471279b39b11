"""Deploy logic above the I/O: secrets refused, post-check helpers, remediation checks."""

from __future__ import annotations

import pytest

from tbwan.errors import DeployError
from tbwan.platforms import IOS, JUNOS
from tbwan.runbooks.deploy import missing_secrets, refuse_masked
from tbwan.runbooks.remediate import _same
from tbwan.tasks.deploy_host import template_interfaces, without_session_lines


def test_masked_secret_names_the_variable() -> None:
    configs = {
        "r1": "enable secret <removed>\ntacacs server A\n key <removed>\n",
        "r2": "crypto isakmp key <removed> address 10.0.0.1\n",
    }
    assert missing_secrets(configs) == {
        "TBWAN_ENABLE_SECRET": ["r1"],
        "TBWAN_TACACS_KEY": ["r1"],
        "TBWAN_IPSEC_PSK": ["r2"],
    }
    with pytest.raises(DeployError, match=r"TBWAN_IPSEC_PSK \(e.g. r2, 1 hosts\)"):
        refuse_masked(configs)
    refuse_masked({"r1": "hostname r1\n"})


def test_masked_snmp_passphrases_name_their_variables() -> None:
    line = "snmp-server user tbwan-mon TBWAN-RO v3 auth sha {a} priv aes 128 {p}\n"
    configs = {
        "r1": line.format(a="<removed>", p="<removed>"),
        "r2": line.format(a="Auth12345", p="<removed>"),
    }
    assert missing_secrets(configs) == {"TBWAN_SNMP_AUTH": ["r1"], "TBWAN_SNMP_PRIV": ["r2"]}


def test_template_interfaces_skip_shutdown() -> None:
    config = (
        "interface Gi0/0\n description up\n!\ninterface Gi0/1\n shutdown\n"
        "interface Vlan99\n ip address 10.0.0.1 255.255.255.0\nline vty 0 4\n"
    )
    assert template_interfaces(config) == ["Gi0/0", "Vlan99"]


def test_session_lines_removed() -> None:
    assert without_session_lines("a\nfile prompt quiet\nb\n") == "a\nb\n"


def test_remediation_compared_masked() -> None:
    live = "username u secret 0 hunter2\nlogging host 10.0.0.1\n"
    assert _same(live, "username u secret 0 <removed>\nlogging host 10.0.0.1\n", IOS)
    assert not _same(live, "logging host 10.0.0.1\n", IOS)
    junos = 'set system tacplus-server 10.0.0.5 secret "hunter2"\n'
    assert _same(junos, 'set system tacplus-server 10.0.0.5 secret "<removed>"\n', JUNOS)
    assert not _same(junos, 'set system tacplus-server 10.0.0.5 secret "<removed>"\n', IOS)


def test_masked_secret_names_the_variable_of_the_host_platform() -> None:
    configs = {
        "fw": 'set system tacplus-server 10.0.0.5 secret "<removed>"\n'
        'set system login user netadmin authentication encrypted-password "<removed>"\n'
    }
    assert missing_secrets(configs, {"fw": JUNOS}) == {
        "TBWAN_TACACS_KEY": ["fw"],
        "TBWAN_PASSWORD_CRYPT": ["fw"],
    }

"""``tbwan monitoring export``: targets, rules and host lists from the source of truth."""

from __future__ import annotations

import ipaddress
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory
from tbwan.monitoring import Format
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.monitoring import export_monitoring

REPO = Path(__file__).resolve().parents[2]
PROMTOOL = shutil.which("promtool")
AUTH, PRIV = "auth-secret-4711", "priv-secret-4712"


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return load_inventory(REPO / "inventory")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[Format, Path]:
    out = tmp_path_factory.mktemp("monitoring")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        mp.setenv("TBWAN_SNMP_AUTH", AUTH)
        mp.setenv("TBWAN_SNMP_PRIV", PRIV)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        nr = init_nornir(Settings())
        for fmt in Format:
            export_monitoring(nr, fmt, out / fmt.value)
    return {fmt: out / fmt.value for fmt in Format}


def _expected_labels(inv: Inventory) -> dict[str, dict[str, str]]:
    """Labels per device, computed here from the inventory models."""
    out: dict[str, dict[str, str]] = {}
    for site in inv.sites:
        circuits = {c.cid: c for c in site.circuits}
        for d in site.devices:
            wan = next((i for i in d.interfaces if i.circuit in circuits), None)
            c = circuits[wan.circuit] if wan is not None and wan.circuit else None
            out[str(d.primary_ip.ip)] = {
                "host": d.name,
                "site": site.slug,
                "district": site.region,
                "role": d.role.value,
                "circuit": c.cid if c else "",
                "medium": c.media.value if c else "",
                "rate_kbps": str(c.rate_kbps) if c else "",
                "wan_interface": wan.name if wan is not None else "",
            }
    return out


def test_snmp_targets_cover_every_device_once_with_its_labels(
    exported: dict[Format, Path], inventory: Inventory
) -> None:
    entries = json.loads((exported[Format.PROMETHEUS] / "targets/tbwan-snmp.json").read_text())
    addresses = [t for e in entries for t in e["targets"]]
    assert len(addresses) == len(set(addresses)) == len(inventory.devices) == 393
    assert {a: e["labels"] for e in entries for a in e["targets"]} == _expected_labels(inventory)
    edge = next(e["labels"] for e in entries if e["labels"]["host"] == "tb-sonv-rt01")
    assert edge["circuit"] == "tbdl-005" and edge["rate_kbps"] == "100000"


def test_icmp_targets_every_loopback_and_gateway_once(
    exported: dict[Format, Path], inventory: Inventory
) -> None:
    entries = json.loads((exported[Format.PROMETHEUS] / "targets/tbwan-icmp.json").read_text())
    addresses = [t for e in entries for t in e["targets"]]
    assert len(addresses) == len(set(addresses))
    loopbacks = {
        str(i.ipv4.ip)
        for d in inventory.devices
        for i in d.interfaces
        if i.mode.value == "loopback" and i.ipv4 is not None
    }
    kinds = {t: e["labels"]["kind"] for e in entries for t in e["targets"]}
    assert {a for a, k in kinds.items() if k == "loopback"} == loopbacks
    pinged = {e["labels"]["host"] for e in entries if e["labels"]["kind"] != "gateway"}
    assert pinged == {d.name for d in inventory.devices}  # every device: loopback or mgmt
    assert kinds["10.34.67.194"] == "management"  # tb-sonv-sw01 has no loopback
    gateways = {a for a, k in kinds.items() if k == "gateway"}
    sonv = {"10.34.67.1", "10.34.67.129", "10.34.67.193"}  # tb-sonv's three LAN gateways
    assert sonv <= gateways
    for site in inventory.sites:  # every gateway is the first host of a prefix, or an HSRP VIP
        for p in site.prefixes:
            first = str(next(ipaddress.ip_network(p.prefix).hosts()))
            assert first in gateways or any(
                i.hsrp_vip and ipaddress.ip_address(i.hsrp_vip) in p.prefix
                for d in site.devices
                for i in d.interfaces
            ), (site.slug, p.prefix)


def test_no_secret_in_any_file(exported: dict[Format, Path]) -> None:
    for folder in exported.values():
        for path in folder.rglob("*"):
            if path.is_file():
                text = path.read_text()
                assert AUTH not in text and PRIV not in text, path
    auth = yaml.safe_load((exported[Format.PROMETHEUS] / "snmp-auth.yml").read_text())
    v3 = auth["auths"]["tbwan_v3"]
    assert v3["password"] == "${TBWAN_SNMP_AUTH}" and v3["priv_password"] == "${TBWAN_SNMP_PRIV}"
    assert (v3["username"], v3["auth_protocol"], v3["priv_protocol"]) == ("tbwan-mon", "SHA", "AES")


@pytest.mark.skipif(PROMTOOL is None, reason="promtool not installed (Debian package prometheus)")
def test_rules_and_config_pass_promtool(exported: dict[Format, Path]) -> None:
    folder = exported[Format.PROMETHEUS]
    assert PROMTOOL is not None
    for args in (["check", "rules", "tbwan-rules.yml"], ["check", "config", "prometheus.yml"]):
        done = subprocess.run(
            [PROMTOOL, *args], cwd=folder, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    # a broken expression is refused, so the check above can fail
    bad = folder / "bad-rules.yml"
    bad.write_text("groups:\n- name: x\n  rules:\n  - alert: X\n    expr: rate(up[5m]\n")
    done = subprocess.run([PROMTOOL, "check", "rules", str(bad)], capture_output=True, check=False)
    assert done.returncode != 0


def test_rules_cover_the_alerts(exported: dict[Format, Path]) -> None:
    rules = yaml.safe_load((exported[Format.PROMETHEUS] / "tbwan-rules.yml").read_text())
    exprs = {r["alert"]: r["expr"] for g in rules["groups"] for r in g["rules"]}
    assert "ifOperStatus" in exprs["TbwanWanPortDown"]
    assert "0.8 * tbwan_circuit_rate_bps" in exprs["TbwanWanUtilisationHigh"]
    assert "probe_success" in exprs["TbwanDeviceUnreachable"]
    assert exprs["TbwanAuditFailed"] == "tbwan_audit_success == 0"
    assert exprs["TbwanVerifyFailed"] == "tbwan_verify_success == 0"
    prom = (exported[Format.PROMETHEUS] / "tbwan_circuits.prom").read_text()
    assert (
        'tbwan_circuit_rate_bps{host="tb-sonv-rt01",ifDescr="GigabitEthernet0/0/0",'
        'circuit="tbdl-005",medium="fiber",site="tb-sonv"} 100000000'
    ) in prom


def test_zabbix_hosts_grouped_per_district(
    exported: dict[Format, Path], inventory: Inventory
) -> None:
    doc = yaml.safe_load((exported[Format.ZABBIX] / "tbwan-hosts.yaml").read_text())
    export = doc["zabbix_export"]
    groups = {g["name"] for g in export["host_groups"]}
    assert groups == {f"TBWAN/{s.region}" for s in inventory.sites}
    assert len({g["uuid"] for g in export["host_groups"]}) == len(groups)
    hosts = {h["host"]: h for h in export["hosts"]}
    assert len(hosts) == 393
    sonv = hosts["tb-sonv-rt01"]
    assert sonv["groups"] == [{"name": "TBWAN/tp-thai-binh"}]
    iface = sonv["interfaces"][0]
    assert (iface["type"], iface["ip"], iface["details"]["version"]) == (
        "SNMP",
        "10.34.0.7",
        "SNMPV3",
    )
    assert iface["details"]["authpassphrase"] == "{$TBWAN.SNMP.AUTH}"
    assert {"macro": "{$TBWAN.CIRCUIT}", "value": "tbdl-005"} in sonv["macros"]


# Options of LibreNMS's `lnms device:add` (app/Console/Commands/DeviceAdd.php in
# https://github.com/librenms/librenms at 1191a4109c3978db67af6cdd6ca906b826de9eb3,
# GPL-3.0; only the option names are used): the script must use no other.
LNMS_OPTIONS = {
    "--v1",
    "--v2c",
    "--v3",
    "--display-name",
    "--force",
    "--group",
    "--ping-fallback",
    "--port-association-mode",
    "--community",
    "--transport",
    "--port",
    "--security-name",
    "--auth-password",
    "--auth-protocol",
    "--privacy-password",
    "--privacy-protocol",
    "--ping-only",
    "--os",
    "--hardware",
    "--sysName",
}


def test_librenms_script(exported: dict[Format, Path]) -> None:
    script = exported[Format.LIBRENMS] / "add-devices.sh"
    assert subprocess.run(["sh", "-n", str(script)], check=False).returncode == 0
    lines = [x for x in script.read_text().splitlines() if x.startswith("lnms device:add")]
    assert len(lines) == 393
    used = {w for x in lines for w in x.split() if w.startswith("--")}
    assert used <= LNMS_OPTIONS, used - LNMS_OPTIONS
    assert any(x.endswith(" 10.34.0.7 || true") and "tb-sonv-rt01" in x for x in lines)


def test_export_is_idempotent_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    args = ["monitoring", "export", "--format", "prometheus", "--out", str(tmp_path), "--site"]
    first = CliRunner().invoke(app, [*args, "tb-sonv"])
    assert first.exit_code == 0, first.output
    assert "2 devices" in first.output and "6 files written" in first.output
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = CliRunner().invoke(app, [*args, "tb-sonv"])
    assert "0 files written, 6 unchanged" in again.output
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    bad = CliRunner().invoke(
        app, ["monitoring", "export", "--format", "nagios", "--out", str(tmp_path)]
    )
    assert bad.exit_code != 0


def test_site_move_regenerates_monitoring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(
        REPO / "inventory", tmp_path / "inventory", ignore=shutil.ignore_patterns("source")
    )
    shutil.copy(REPO / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    mon = tmp_path / "monitoring"
    env = {"COLUMNS": "200", "TBWAN_MONITORING_DIR": str(mon)}
    first = CliRunner().invoke(
        app, ["monitoring", "export", "--format", "prometheus", "--out", str(mon / "prometheus")]
    )
    assert first.exit_code == 0, first.output

    def district(host: str) -> str:
        entries = json.loads((mon / "prometheus/targets/tbwan-snmp.json").read_text())
        return next(e["labels"]["district"] for e in entries if e["labels"]["host"] == host)

    assert district("tb-sonv-rt01") == "tp-thai-binh"
    moved = CliRunner().invoke(
        app,
        ["site", "move", "tb-sonv", "--region", "hung-yen", "--region-name", "Tỉnh Hưng Yên"],
        env=env,
    )
    assert moved.exit_code == 0, moved.output
    assert f"monitoring: {mon / 'prometheus'}/" in moved.output
    assert district("tb-sonv-rt01") == "hung-yen"
    bad = CliRunner().invoke(
        app,
        ["site", "move", "tb-sonv", "--region", "vu-thu"],
        env={**env, "TBWAN_MONITORING_FORMATS": "prometheus,nagios"},
    )
    assert bad.exit_code == 3 and "TBWAN_MONITORING_FORMATS: unknown format(s) nagios" in bad.output


RULE_TEST = """
rule_files: [tbwan-rules.yml]
evaluation_interval: 1m
tests:
- interval: 1m
  input_series:
  - series: 'tbwan_circuit_rate_bps{host="r1",ifDescr="Gi0/0/0",circuit="c1"}'
    values: '1000000x40'
  - series: 'tbwan_circuit_rate_bps{host="r2",ifDescr="Gi0/0/0",circuit="c2"}'
    values: '1000000x40'
  - series: 'ifOperStatus{job="tbwan-snmp",host="r1",ifDescr="Gi0/0/0",circuit="c1"}'
    values: '2x40'
  - series: 'ifOperStatus{job="tbwan-snmp",host="r1",ifDescr="Gi0/0/1",circuit="c1"}'
    values: '2x40'
  - series: 'ifOperStatus{job="tbwan-snmp",host="r2",ifDescr="Gi0/0/0",circuit="c2"}'
    values: '1x40'
  - series: 'ifHCInOctets{job="tbwan-snmp",host="r1",ifDescr="Gi0/0/0",circuit="c1"}'
    values: '0+7500000x40'
  - series: 'ifHCInOctets{job="tbwan-snmp",host="r2",ifDescr="Gi0/0/0",circuit="c2"}'
    values: '0+4500000x40'
  - series: 'ifHCOutOctets{job="tbwan-snmp",host="r1",ifDescr="Gi0/0/0",circuit="c1"}'
    values: '0x40'
  - series: 'ifHCOutOctets{job="tbwan-snmp",host="r2",ifDescr="Gi0/0/0",circuit="c2"}'
    values: '0x40'
  - series: 'probe_success{job="tbwan-icmp",host="sw1",site="tb-x",kind="management"}'
    values: '0x40'
  - series: 'probe_success{job="tbwan-icmp",host="r2",kind="gateway"}'
    values: '0x40'
  - series: 'tbwan_audit_success'
    values: '1 1 0'
  alert_rule_test:
  - eval_time: 10m
    alertname: TbwanWanPortDown
    exp_alerts:
    - exp_labels: {severity: critical, job: tbwan-snmp, host: r1, ifDescr: Gi0/0/0, circuit: c1}
      exp_annotations: {summary: "r1 WAN port Gi0/0/0 (circuit c1) is down"}
  - eval_time: 25m
    alertname: TbwanWanUtilisationHigh
    exp_alerts:
    - exp_labels: {severity: warning, job: tbwan-snmp, host: r1, ifDescr: Gi0/0/0, circuit: c1}
      exp_annotations:
        summary: "r1 Gi0/0/0 above 80 % of circuit c1's contracted rate"
  - eval_time: 10m
    alertname: TbwanDeviceUnreachable
    exp_alerts:
    - exp_labels: {severity: critical, job: tbwan-icmp, host: sw1, site: tb-x, kind: management}
      exp_annotations: {summary: "sw1 (tb-x) does not answer ping"}
  - eval_time: 2m
    alertname: TbwanAuditFailed
    exp_alerts:
    - exp_labels: {severity: warning}
      exp_annotations:
        summary: "the last tbwan audit found drift or could not audit every host"
"""


@pytest.mark.skipif(PROMTOOL is None, reason="promtool not installed (Debian package prometheus)")
def test_alerts_fire_as_meant(exported: dict[Format, Path]) -> None:
    """WAN port down (not a LAN port), over 80 % of the contract (not 60 %), unreachable
    by its management address (not a gateway), a failed audit: promtool's rule tests."""
    folder = exported[Format.PROMETHEUS]
    (folder / "rules-test.yml").write_text(RULE_TEST)
    assert PROMTOOL is not None
    done = subprocess.run(
        [PROMTOOL, "test", "rules", "rules-test.yml"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

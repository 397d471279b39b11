"""The read-only runbooks against the lab: OSPF neighbours, interface health, ticket bundle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import COPPER, FIBER, HUB, REPO, Corner

pytestmark = pytest.mark.lab


def test_ospf_neighbors_of_a_commune_are_full(corner: Corner) -> None:
    done = corner.run("ospf_neighbors.py", "--host", COPPER, "--host", FIBER)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 routers, 0 adjacencies not FULL" in done.stdout
    assert HUB in done.stdout and "FULL" in done.stdout


def test_ospf_neighbors_of_the_hub_name_the_missing(corner: Corner) -> None:
    done = corner.run("ospf_neighbors.py", "--district", "vu-thu", "--role", "hub-router")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = {ln.split("│")[3].strip(): ln for ln in done.stdout.splitlines() if ln.count("│") > 4}
    # the two communes in the lab are up, every other cabled neighbour is missing
    assert "FULL" in lines[COPPER] and "FULL" in lines[FIBER]
    assert "missing" in lines["tb-ttthdl-edge01"]


def test_ospf_neighbors_sees_a_downed_link(corner: Corner) -> None:
    corner.lab.apply_config(COPPER, ["interface GigabitEthernet0/0/0", " shutdown"])
    try:
        done = corner.run("ospf_neighbors.py", "--host", COPPER)
    finally:
        corner.lab.apply_config(COPPER, ["interface GigabitEthernet0/0/0", " no shutdown"])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "missing" in done.stdout and "1 adjacencies not FULL" in done.stdout


def test_interface_health_finds_half_duplex(corner: Corner) -> None:
    clean = corner.run("interface_health.py", "--host", FIBER)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 interface problems" in clean.stdout
    corner.lab.apply_config(FIBER, ["interface GigabitEthernet0/1/3", " duplex half"])
    try:
        done = corner.run("interface_health.py", "--district", "vu-thu", "--host", FIBER)
    finally:
        corner.lab.apply_config(FIBER, ["interface GigabitEthernet0/1/3", " no duplex half"])
    assert done.returncode == 1, done.stdout + done.stderr
    row = next(ln for ln in done.stdout.splitlines() if "GigabitEthernet0/1/3" in ln)
    assert "vu-thu" in row and "half duplex" in row


def test_ticket_bundle_is_masked(corner: Corner) -> None:
    out = corner.work / "tickets"
    done = corner.run("ticket_bundle.py", "--site", "tb-13195-hong-ly", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    (bundle,) = out.iterdir()
    files = sorted(p.name for p in (bundle / COPPER).iterdir())
    assert "show_running-config.txt" in files and "show_ip_ospf_neighbor.txt" in files
    running = (bundle / COPPER / "show_running-config.txt").read_text()
    assert "hostname tb-13195-hong-ly-rt01" in running and "<removed>" in running
    text = "".join(p.read_text() for p in (bundle / COPPER).iterdir())
    for value in (corner.secrets.tacacs_key, corner.secrets.password):
        assert value and value not in text


def test_ticket_bundle_needs_one_site(corner: Corner) -> None:
    done = corner.run("ticket_bundle.py", "--district", "vu-thu")
    assert done.returncode == 3
    assert "exactly one --site" in done.stdout


def test_the_readme_example_works_as_written(corner: Corner) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("### Write your own runbook")[1]
    code = section.split("```python\n")[1].split("```")[0]
    (corner.work / "runbooks" / "uptime.py").write_text(code)
    try:
        done = corner.run("uptime.py", "--district", "vu-thu", "--host", COPPER, "--host", FIBER)
    finally:
        (corner.work / "runbooks" / "uptime.py").unlink()
    assert done.returncode == 0, done.stdout + done.stderr
    rows = dict(line.split() for line in done.stdout.splitlines() if line.startswith("tb-"))
    assert set(rows) == {COPPER, FIBER} and all(float(v) >= 0 for v in rows.values())


def test_plain_init_nornir_and_the_public_tasks(corner: Corner) -> None:
    code = (
        "from nornir import InitNornir\n"
        "from tbwan.tasks import fetch_running\n"
        'nr = InitNornir(config_file="nornir.yaml").filter(site_slug="tb-13195-hong-ly")\n'
        f'print(nr.run(task=fetch_running)["{COPPER}"].result)\n'
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=corner.work,
        env=corner.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"hostname {COPPER}" in done.stdout and "router ospf" in done.stdout

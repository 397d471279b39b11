"""Benchmark the device lab with the real clients.

Starts the lab as its own process (350 synthetic devices), then measures:
1. connect + enable + ``show running-config`` + disconnect on every device (Netmiko),
2. the full NAPALM merge workflow on every device (open, get_facts, get_config,
   load_merge_candidate over SCP, compare_config, commit_config, close),
each with 50 worker threads, plus CPU time and memory of the lab process from /proc.
3. ``tbwan lab up --detach`` for the whole province with intended configs, from a new
   process: the first start in a fresh lab directory (start-up cache empty) and the next
   ones (cache warm), with ``--baseline DIR`` the same for another tbwan checkout (e.g.
   ``git archive main | tar -x -C DIR``) side by side in the same run.

Usage: .venv/bin/python benchmarks/bench_lab.py [--devices 350] [--workers 50]
       [--baseline DIR] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from napalm import get_network_driver
from netmiko import ConnectHandler

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of ``pid`` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return rss / 1024, hwm / 1024


def run_all(
    hosts: dict[str, tuple[str, int]], fn: Callable[[str, int], None], workers: int
) -> tuple[float, int]:
    """Run ``fn`` for every host; return (seconds, failures)."""
    failures = 0
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(fn, h, p) for h, (_, p) in hosts.items()]
        for fut in futures:
            try:
                fut.result()
            except Exception as exc:  # counted and reported, the run goes on
                failures += 1
                print(f"failure: {exc!r}"[:200], file=sys.stderr)
    return time.perf_counter() - start, failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=350)
    ap.add_argument("--workers", type=int, default=50)
    ap.add_argument("--write", action="store_true", help="update the Lab section of BENCHMARKS.md")
    ap.add_argument("--baseline", type=Path, help="another tbwan checkout to compare start with")
    ap.add_argument("--starts", type=int, default=3, help="warm starts to take the median of")
    args = ap.parse_args()
    province = {"tbwan": province_start(None, args.starts)}
    if args.baseline is not None:
        province["baseline"] = province_start(args.baseline, args.starts)

    password = secrets.token_hex(12)
    env = {**os.environ, "TBWAN_USERNAME": "bench", "TBWAN_PASSWORD": password}
    env.pop("TBWAN_ENABLE_SECRET", None)
    lab_dir = Path(tempfile.mkdtemp(prefix="tbwan-bench-lab-"))
    env["TBWAN_LAB_DIR"] = str(lab_dir)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tbwan.lab", "up", "--synthetic", "--devices", str(args.devices)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    hosts_file = lab_dir / "hosts.json"
    while not hosts_file.exists():
        if proc.poll() is not None or time.perf_counter() - t0 > 60:
            raise SystemExit("lab did not start")
        time.sleep(0.02)
    startup = time.perf_counter() - t0
    data = json.loads(hosts_file.read_text())
    hosts = {h: (v["hostname"], v["port"]) for h, v in data["hosts"].items()}
    pid = proc.pid
    results: dict[str, Any] = {"startup_s": startup, "idle_mb": memory_mb(pid)[0]}

    def show_run(host: str, port: int) -> None:
        with ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.1",
            port=port,
            username="bench",
            password=password,
            secret=password,
            conn_timeout=30,
        ) as conn:
            conn.enable()
            out = conn.send_command("show running-config")
            assert f"hostname {host}" in out

    def merge(host: str, port: int) -> None:
        drv = get_network_driver("ios")(
            "127.0.0.1",
            "bench",
            password,
            timeout=60,
            optional_args={"port": port, "secret": password},
        )
        drv.open()
        try:
            assert drv.get_facts()["hostname"] == host
            drv.get_config(retrieve="running")
            drv.load_merge_candidate(config=f"ntp server 10.34.0.10\nsnmp-server location {host}\n")
            assert "+ntp server 10.34.0.10" in drv.compare_config()
            drv.commit_config()
        finally:
            drv.close()

    for name, fn in (("show_run", show_run), ("napalm_merge", merge)):
        cpu0 = cpu_seconds(pid)
        seconds, failures = run_all(hosts, fn, args.workers)
        results[name] = {
            "seconds": seconds,
            "failures": failures,
            "lab_cpu_s": cpu_seconds(pid) - cpu0,
            "lab_rss_mb": memory_mb(pid)[0],
        }
    results["peak_mb"] = memory_mb(pid)[1]
    proc.terminate()
    proc.wait(30)
    results["devices"] = len(hosts)
    results["workers"] = args.workers
    results["province"] = province
    results["load"] = os.getloadavg()[1]
    print(json.dumps(results, indent=1))
    if args.write:
        write_section(results, args)


def province_start(code: Path | None, starts: int) -> dict[str, Any]:
    """``tbwan lab up --detach`` for the province (intended configs) from a new process:
    wall seconds, the lab process's CPU seconds and memory, first (cold cache) and median
    of ``starts`` next starts. ``code``: run that checkout of tbwan instead of this one."""
    env = {**os.environ, "TBWAN_USERNAME": "bench", "TBWAN_PASSWORD": secrets.token_hex(12)}
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    lab_dir = Path(tempfile.mkdtemp(prefix="tbwan-bench-province-"))
    env["TBWAN_LAB_DIR"] = str(lab_dir)
    args = ["--inventory", str(ROOT / "inventory"), "--templates", str(ROOT / "templates")]
    runs = []
    for _ in range(starts + 1):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from tbwan.console import main; main()" if code is None
             else "from tbwan.cli import main; main()", "lab", "up", *args, "--detach"],
            env=env, check=True, capture_output=True, cwd=lab_dir,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        pid = int((lab_dir / "lab.pid").read_text())
        runs.append({"wall_s": wall, "cpu_s": cpu_seconds(pid), "rss_mb": memory_mb(pid)[1]})
        subprocess.run(
            [sys.executable, "-m", "tbwan.lab", "down", "--lab-dir", str(lab_dir)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
    warm = sorted(runs[1:], key=lambda r: r["wall_s"])[len(runs[1:]) // 2]
    return {"cold": runs[0], "warm": warm}


def province_table(p: dict[str, Any]) -> str:
    """The province start rows, with the baseline and the ratio when measured."""
    lines = ["| | first: wall s | CPU s | MB | next: wall s | CPU s | MB |", "|---" * 7 + "|"]
    for name, label in (("baseline", "before (baseline checkout)"), ("tbwan", "this tbwan")):
        if name in p:
            c, w = p[name]["cold"], p[name]["warm"]
            lines.append(
                f"| {label} | {c['wall_s']:.2f} | {c['cpu_s']:.2f} | {c['rss_mb']:.0f} "
                f"| {w['wall_s']:.2f} | {w['cpu_s']:.2f} | {w['rss_mb']:.0f} |"
            )
    return "\n".join(lines)


def write_section(r: dict[str, Any], args: argparse.Namespace) -> None:
    """Replace the ``## Lab`` section of BENCHMARKS.md."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    n = r["devices"]
    s, m = r["show_run"], r["napalm_merge"]
    cmd = f"benchmarks/bench_lab.py --devices {args.devices} --workers {args.workers}"
    if args.baseline is not None:
        cmd += " --baseline DIR"
    cmd += " --write"

    def row(label: str, x: dict[str, Any]) -> str:
        per = x["seconds"] / n * 1000
        return (
            f"| {label} | {x['seconds']:.1f} | {per:.0f} ms | {x['failures']} "
            f"| {x['lab_cpu_s']:.1f} | {x['lab_rss_mb']:.0f} |"
        )

    show_label = f"{n} x connect, enable, `show running-config`, disconnect"
    merge_label = (
        f"{n} x NAPALM open, get_facts, get_config, load_merge (SCP), compare, commit, close"
    )
    text = f"""## Lab

Command: `.venv/bin/python {cmd}`

Machine: {os.cpu_count()} cores (`nproc`), {cpu}, Python {platform.python_version()}. The lab
runs as its own process (`python -m tbwan.lab up --synthetic`, minimal configs); the clients
(real Netmiko 4.8 and NAPALM 5.2 `ios`) run in {args.workers} threads of the benchmark
process on the same 2 cores, so client and lab compete for CPU. Load average (5 min) at
the end of the run: {r["load"]:.1f} (other work on the machine counts in every number).

| | seconds | wall / device | failures | lab CPU s | lab RSS MB after |
| --- | --- | --- | --- | --- | --- |
{row(show_label, s)}
{row(merge_label, m)}

Lab start (process launch to `hosts.json` written, {n} listeners): {r["startup_s"]:.2f} s.
Lab memory: {r["idle_mb"]:.0f} MB idle after start, {r["peak_mb"]:.0f} MB peak (VmHWM).
Most of the wall time is client-side (paramiko key exchange, Netmiko's fixed sleeps).

`tbwan lab up --detach` for the province (393 devices, intended configs), from a new
process to the command's return (`hosts.json` written), with the lab process's CPU seconds
and peak memory; "first" is a fresh lab directory, "next" the median of
{args.starts} further starts (the start-up cache in `.lab/` is warm).

{province_table(r["province"])}
"""
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Lab\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(text + "\n", old) if pattern.search(old) else old.rstrip() + "\n\n" + text
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()

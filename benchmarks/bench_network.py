"""Benchmark the lab's network model (links, OSPF, routing tables, ping) on the province.

Measures, in one process, side by side:
1. convergence at lab start: every config read, links, adjacencies, SPF, and every
   device's full routing table built;
2. after a change (a hub downlink moved to the wrong area) and after a circuit cut: the
   state rebuilt with unchanged areas reused, against a rebuild from scratch; then every
   routing table again ("the whole province consistent");
3. a ping to the DIC services from every router;
4. the model's memory (tracemalloc, on top of the lab's own config trees);
5. a synthetic network of the plan repeated (``--copies 5``: about 2,000 devices).

Usage: .venv/bin/python benchmarks/bench_network.py [--copies 5] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tbwan.inventory.loader import load_inventory  # noqa: E402
from tbwan.lab.config_tree import Node  # noqa: E402
from tbwan.lab.editor import apply_text  # noqa: E402
from tbwan.lab.network import Cabling, Network, cabling_from_inventory  # noqa: E402
from tbwan.lab.network.addr import ip_int  # noqa: E402
from tbwan.lab.network.cabling import LinkSpec  # noqa: E402
from tbwan.lab.network.links import Faults  # noqa: E402
from tbwan.lab.network.state import NetState  # noqa: E402
from tbwan.render.engine import render_inventory  # noqa: E402


@dataclass
class Box:
    """A device as the model reads it (what the lab's DeviceState offers)."""

    running: Node
    last_change: int = 0


def boot(configs: dict[str, str]) -> dict[str, Box]:
    """Config trees as the lab boots them (the lab's cost, not the model's)."""
    boxes = {}
    for name, text in configs.items():
        root = Node()
        apply_text(root, text.splitlines())
        boxes[name] = Box(root)
    return boxes


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn`` over ``rounds`` (CPU: this process only, so
    a loaded machine shows in wall time, not in CPU time)."""
    walls, cpus = [], []
    for _ in range(rounds):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def every_table(net: Network) -> int:
    """Build every device's full routing table; return the number of routes."""
    st = net.state()
    return sum(len(st.rib(d).routes) for d in net.devices)


def copies(configs: dict[str, str], cab: Cabling, n: int) -> tuple[dict[str, str], Cabling]:
    """The plan repeated ``n`` times: names, 10.34/16 and the public addresses shifted."""
    out: dict[str, str] = {}
    links: list[LinkSpec] = []
    inside = []
    hosts: set[int] = set()

    def rename(k: int, name: str) -> str:
        return name if k == 0 else f"c{k}{name}"

    def shift(k: int, text: str) -> str:
        if k == 0:
            return text
        text = re.sub(r"\b10\.34\.", f"10.{34 + k}.", text)
        text = text.replace("203.0.113.", f"203.0.{113 + k * 2}.")
        return text.replace("198.51.100.", f"198.51.{100 + k * 2}.")

    for k in range(n):
        for name, text in configs.items():
            body = shift(k, text).replace(f"hostname {name}", f"hostname {rename(k, name)}")
            out[rename(k, name)] = body
        for s in cab.links:
            a = replace(s.a, device=rename(k, s.a.device))
            b = replace(s.b, device=rename(k, s.b.device)) if s.b else None
            links.append(LinkSpec(a, b, f"{s.circuit}-{k}" if s.circuit else None))
        inside.append((ip_int(f"10.{34 + k}.0.0"), 16))
        hosts |= {h + (k << 16) for h in cab.hosts}
    return out, Cabling(tuple(links), {}, {}, frozenset(hosts), tuple(inside))


def mb(nbytes: int) -> float:
    """Bytes to MB."""
    return nbytes / 1024 / 1024


def measure(boxes: dict[str, Box], cab: Cabling, label: str) -> None:
    """Convergence and memory for one network."""
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    net = Network(cab, boxes)
    st = net.state()
    conv = (time.perf_counter() - t, time.process_time() - c)
    routes = every_table(net)
    full = (time.perf_counter() - t, time.process_time() - c)
    del net, st
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    net = Network(cab, boxes)
    st = net.state()
    state_mb = mb(tracemalloc.get_traced_memory()[0] - base)
    for d in net.devices:
        st.rib(d).lookup(ip_int("10.34.16.10"))  # what a ping from everywhere keeps
    used_mb = mb(tracemalloc.get_traced_memory()[0] - base)
    tracemalloc.stop()
    print(
        f"{label}: {len(boxes)} devices, {len(st.links)} links, {len(st.adjacencies)} adjacency "
        f"ends, {routes} routes in all tables\n"
        f"  converged (wall / CPU): {conv[0]:.2f} / {conv[1]:.2f} s; with every full table "
        f"listed: {full[0]:.2f} / {full[1]:.2f} s\n"
        f"  model memory: {state_mb:.1f} MB converged, {used_mb:.1f} MB after a lookup on "
        "every device"
    )


def change_rounds(boxes: dict[str, Box], cab: Cabling, rounds: int) -> None:
    """After a config change and a circuit cut: incremental vs from scratch."""
    net = Network(cab, boxes)
    every_table(net)
    hub = boxes["tb-ubnd-vuthu-rt01"]
    port = "interface GigabitEthernet0/0/2.102"
    flip = [True]

    def change() -> None:
        lines = (
            [port, " no ip ospf 1 area 344", " ip ospf 1 area 0"]
            if flip[0]
            else [port, " no ip ospf 1 area 0", " ip ospf 1 area 344"]
        )
        apply_text(hub.running, lines)
        hub.last_change += 1
        flip[0] = not flip[0]

    def incremental() -> None:
        change()
        net.state()

    def incremental_all() -> None:
        change()
        every_table(net)

    def scratch() -> None:
        change()
        st = net.state()
        NetState(st.facts, cab, Faults(), None)  # same inputs, nothing reused

    cut = [True]

    def circuit() -> None:
        (net.circuit_down if cut[0] else net.circuit_up)("tbcl-258")
        cut[0] = not cut[0]
        every_table(net)

    def circuit_state() -> None:
        (net.circuit_down if cut[0] else net.circuit_up)("tbcl-258")
        cut[0] = not cut[0]
        net.state()

    rows = [
        ("config change: state rebuilt, unchanged areas reused", timed(incremental, rounds)),
        ("config change: state rebuilt from scratch (no reuse)", timed(scratch, rounds)),
        ("config change: state + every routing table", timed(incremental_all, rounds)),
        ("circuit cut/restore: state rebuilt", timed(circuit_state, rounds)),
        ("circuit cut/restore: state + every routing table", timed(circuit, rounds)),
    ]
    net.circuit_up("tbcl-258")
    if not flip[0]:
        change()  # leave the hub as intended for the pings below
    print("  (wall / CPU, median of the rounds)")
    for text, (wall, cpu) in rows:
        print(f"  {text}: {wall * 1000:.0f} / {cpu * 1000:.0f} ms")
    src = [d for d in boxes if not d.endswith("-sw01")]
    target = ip_int("10.34.16.10")
    t, c = time.perf_counter(), time.process_time()
    ok = sum(net.ping(d, target, "Loopback0").marks == "!!!!!" for d in src)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"  ping 10.34.16.10 from {len(src)} routers: {wall:.2f} / {cpu:.2f} s, {ok} ok")


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _hwm(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", text).group(1)) / 1024  # type: ignore[union-attr]


def lab_start(starts: int) -> None:
    """``tbwan lab up --detach`` for the province (warm start-up cache): the command's wall
    time, then the lab's CPU when ``hosts.json`` appeared and once the network converged."""
    import json
    import secrets
    import subprocess
    import tempfile

    from tbwan.lab.network import control_ops

    env = {**os.environ, "TBWAN_USERNAME": "bench", "TBWAN_PASSWORD": secrets.token_hex(12)}
    lab = Path(tempfile.mkdtemp(prefix="tbwan-bench-network-"))
    cmd = [sys.executable, "-m", "tbwan.lab"]
    where = ["--lab-dir", str(lab), "--inventory", str(ROOT / "inventory"),
             "--templates", str(ROOT / "templates")]  # fmt: skip
    for n in range(starts + 1):
        t = time.perf_counter()
        subprocess.run([*cmd, "up", "--detach", *where], env=env, check=True, capture_output=True)
        wall = time.perf_counter() - t
        pid = int(json.loads((lab / "hosts.json").read_text())["pid"])
        at_hosts = _cpu(pid)
        t = time.perf_counter()
        full = control_ops.neighbors(lab, "tb-ubnd-vuthu-rt01")  # answered once converged
        first = time.perf_counter() - t
        converged = _cpu(pid)
        print(
            f"  lab up --detach ({'first' if n == 0 else 'warm'}): {wall:.2f} s wall; lab CPU "
            f"{at_hosts:.2f} s at hosts.json, {converged:.2f} s converged; first network "
            f"answer {first:.2f} s later ({len(full)} hub neighbours); peak {_hwm(pid):.0f} MB"
        )
        subprocess.run(
            [*cmd, "down", "--lab-dir", str(lab)], env=env, check=True, capture_output=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lab-starts", type=int, default=2, help="0: skip the lab start")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, load {load}")
    inv = load_inventory(ROOT / "inventory")
    configs = render_inventory(inv, ROOT / "templates")
    cab = cabling_from_inventory(inv)
    t = time.perf_counter()
    boxes = boot(configs)
    print(
        f"lab config trees for {len(configs)} devices (the lab's boot, not the model's): "
        f"{time.perf_counter() - t:.2f} s"
    )
    if args.lab_starts:
        print("province lab process:")
        lab_start(args.lab_starts)
    measure(boxes, cab, "province")
    change_rounds(boxes, cab, args.rounds)
    if args.copies > 1:
        big, bigcab = copies(configs, cab, args.copies)
        t = time.perf_counter()
        bigboxes = boot(big)
        print(f"lab config trees for {len(big)} devices: {time.perf_counter() - t:.2f} s")
        measure(bigboxes, bigcab, f"plan x{args.copies}")


if __name__ == "__main__":
    main()

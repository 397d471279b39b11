"""Benchmark: config drift on the real corpus and on one 40,000-line config.

1. The corpus (``tests/fixtures/real/configs``): every readable config compared with
   itself, then every realistic single change the corpus tests make (ACL entry, remark,
   shutdown, banner, NTP server, secret, certificate): ``diff_configs`` plus
   ``plan_changes``, as ``audit`` and ``remediate`` run them.
2. One change (an interface description) in a 40,000-line config built from a real
   switch config (its interfaces repeated under new names): tbwan's ``diff_configs``
   against the comparison it replaced, hier_config on both whole configs (parse both,
   every line's path, remediation and rollback).

Run: ``.venv/bin/python benchmarks/bench_diff.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hier_config import Platform, get_hconfig

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "diff"))

from real_corpus import CONFIGS, read, readable  # noqa: E402
from test_real_corpus_changes import CHANGES  # noqa: E402

from tbwan.diff import diff_configs, plan_changes  # noqa: E402
from tbwan.diff.compare import config_paths  # noqa: E402
from tbwan.diff.normalize import strip_non_config  # noqa: E402
from tbwan.platforms import IOS  # noqa: E402

BIG_SOURCE = "ciscoconfparse2-sample-08.cfg"
BIG_LINES = 40_000


def corpus_run() -> tuple[float, int]:
    """Seconds for the whole corpus (self + every change), and the comparisons made."""
    start = time.perf_counter()
    count = 0
    for path in CONFIGS:
        if not readable(path):
            continue
        text = read(path)
        assert diff_configs(path.stem, text, text, platform=IOS).compliant
        count += 1
        for make in CHANGES.values():
            change = make(text)
            if change is None:
                continue
            assert not diff_configs(
                path.stem, change.intended, change.running, platform=IOS
            ).compliant
            plan_changes(change.intended, change.running, platform=IOS)
            count += 1
    return time.perf_counter() - start, count


def big_config() -> str:
    """A real config grown to BIG_LINES lines by repeating its interfaces."""
    source = read(REPO / "tests" / "fixtures" / "real" / "configs" / BIG_SOURCE)
    lines = source.splitlines()
    interfaces: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("interface "):
            current = [line]
            interfaces.append(current)
        elif current is not None and line.startswith(" "):
            current.append(line)
        else:
            current = None
    out = list(lines)
    n = 0
    while len(out) < BIG_LINES:
        for block in interfaces:
            n += 1
            out += [f"interface Loopback{n}", *block[1:], "!"]
    return "\n".join(out) + "\n"


def hier_config_whole(intended: str, running: str) -> int:
    """The replaced comparison: hier_config over both whole configs."""
    want = get_hconfig(Platform.CISCO_IOS, strip_non_config(intended))
    have = get_hconfig(Platform.CISCO_IOS, strip_non_config(running))
    want_paths, have_paths = set(config_paths(want)), set(config_paths(have))
    have.config_to_get_to(want)
    want.config_to_get_to(have)
    return len(want_paths ^ have_paths)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} cores, {machine}, Python {platform.python_version()}")

    runs = [corpus_run() for _ in range(args.repeat)]
    corpus = [s for s, _ in runs]
    print(
        f"corpus: {runs[0][1]} comparisons, median {statistics.median(corpus):.2f} s "
        f"(min {min(corpus):.2f} s) over {args.repeat} runs; goal < 10 s"
    )

    running = big_config()
    target = next(line for line in running.splitlines() if line.startswith(" description "))
    at = running.index(target, len(running) // 2)
    intended = running[:at] + " description changed by the benchmark" + running[at + len(target) :]
    lines = len(running.splitlines())
    drift = diff_configs("big", intended, running, platform=IOS)
    assert drift.line_count == 2, drift.features
    assert hier_config_whole(intended, running) == 2
    tbwan = median_seconds(
        lambda: diff_configs("big", intended, running, platform=IOS), args.repeat
    )
    whole = median_seconds(lambda: hier_config_whole(intended, running), args.repeat)
    print(f"one change in {lines} lines (median of {args.repeat}):")
    print(f"  tbwan diff_configs          {tbwan:.3f} s   goal < 1 s")
    print(f"  hier_config, whole configs  {whole:.3f} s")
    print(f"  ratio                       {whole / tbwan:.1f}x")


if __name__ == "__main__":
    main()

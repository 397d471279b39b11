"""The lab's SNMP agents: start cost per device, stock pysnmp against tbwan's caches.

Usage: ``.venv/bin/python benchmarks/bench_snmp.py [--devices 50]``

Both sides build the same agents (one pysnmp engine per device, its UDP socket, its
SNMPv3 user) for devices booted with a rendered province config. "stock" restores
pysnmp's own MIB loading (each MIB file compiled twice per engine) and hashes the
passphrases for every engine; "tbwan" is :mod:`tbwan.lab.snmp_agent` as it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import runpy
import time
from pathlib import Path
from unittest import mock

from tbwan.lab import snmp_agent
from tbwan.lab.models import LabDevice
from tbwan.lab.state import DeviceState

SEED = Path(__file__).resolve().parents[1] / "tests/fixtures/render/ios/tb-sonv-rt01.cfg"
USER = "snmp-server user tbwan-mon TBWAN-RO v3 auth sha Auth12345 priv aes 128 Priv12345"


def _states(count: int, tag: str) -> dict[str, DeviceState]:
    seed = SEED.read_text().replace(
        "snmp-server user tbwan-mon TBWAN-RO v3 auth sha <removed> priv aes 128 <removed>", USER
    )
    return {
        f"{tag}{i}": DeviceState.boot(LabDevice(f"{tag}{i}", seed_config=seed))
        for i in range(count)
    }


async def _start(states: dict[str, DeviceState]) -> float:
    agents = snmp_agent.SnmpAgents()
    began = time.perf_counter()
    await agents.start(states)
    took = time.perf_counter() - began
    agents.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=50)
    n = parser.parse_args().devices
    asyncio.run(_start(_states(1, "warm")))  # imports and first compile on neither side
    source = snmp_agent._CompileOnce._source
    with (
        mock.patch.object(snmp_agent.builder, "runpy", runpy),
        mock.patch.object(source, "read", snmp_agent._CompileOnce._read),
        mock.patch.object(snmp_agent, "_master_keys", snmp_agent._master_keys.__wrapped__),
    ):
        stock = asyncio.run(_start(_states(n, "stock")))
    tbwan = asyncio.run(_start(_states(n, "tbwan")))
    print(
        f"{n} agents: stock MIB loading {stock:.2f} s ({stock / n * 1000:.0f} ms/device), "
        f"tbwan {tbwan:.2f} s ({tbwan / n * 1000:.0f} ms/device), ratio {stock / tbwan:.1f}x"
    )


if __name__ == "__main__":
    main()

"""The lab SRX of the Junos client tests: its name and the rendered config it boots with."""

from __future__ import annotations

from pathlib import Path

HOST = "tb-ttthdl-fw01"
SEED = (Path(__file__).parents[2] / "fixtures/render/junos/tb-ttthdl-fw01.set").read_text()
UPTIME = 86461
"""Seconds the SRX has been up when the lab starts (NAPALM's facts report it)."""

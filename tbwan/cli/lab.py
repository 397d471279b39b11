"""``tbwan lab``: start, inspect and stop the simulated device lab.

The commands live in :mod:`tbwan.lab.cli_app` so that the lab process itself starts
without importing the rest of the CLI.
"""

from __future__ import annotations

from tbwan.lab.cli_app import app, down, status, up

__all__ = ["app", "down", "status", "up"]

"""The ``tbwan`` console script.

``tbwan lab ...`` goes straight to the lab's own commands (:mod:`tbwan.lab.cli_app`), so
starting and stopping the lab does not import every runbook and client library first;
every other command goes to the full command line in :mod:`tbwan.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``tbwan`` console script."""
    if sys.argv[1:2] == ["lab"]:
        from tbwan.lab.cli_app import app as lab_app

        lab_app(args=sys.argv[2:], prog_name="tbwan lab")
        return
    from tbwan.cli import main as full_main

    full_main()

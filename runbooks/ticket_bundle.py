"""Collect show commands for a ticket: a ``show tech``-style bundle for one site.

Use it when opening a ticket with the carrier or the vendor: every device of the site
answers the usual show commands into ``<out>/<site>-<time>/<host>/*.txt``, with every
secret replaced by ``<removed>`` (tbwan's masking), ready to attach. Read only.

    python runbooks/ticket_bundle.py --site tb-13195-hong-ly
    python runbooks/ticket_bundle.py --site tb-ubnd-vuthu --out /tmp/tickets
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from tasks.collect import collect_shows
from tasks.runbook import console, main, open_nornir, parser
from tbwan.errors import InventoryError
from tbwan.runbooks.common import run_with_progress


def run() -> int:
    p = parser(__doc__)
    p.add_argument("--out", type=Path, default=Path("tickets"), help="where bundles go")
    args = p.parse_args()
    if len(args.site) != 1:
        raise InventoryError("give exactly one --site: a bundle is for one site")
    nr = open_nornir(args)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = args.out / f"{args.site[0]}-{stamp}"
    result = run_with_progress(nr, "show commands", collect_shows, folder=folder)
    failed = sorted(h for h, m in result.items() if m.failed)
    files = sum(len(m[0].result) for m in result.values() if not m.failed)
    console.print(f"{files} files from {len(result) - len(failed)} devices in {folder}")
    for host in failed:
        console.print(f"{host}: failed ({result[host][0].exception})", markup=False)
    return 1 if failed else 0


if __name__ == "__main__":
    main(run)

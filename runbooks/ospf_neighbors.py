"""OSPF neighbours per hub: every cabled adjacency of the selected routers must be FULL.

Use it after a circuit change, when a commune reports it cannot reach the DIC, or as a
morning check of the district hubs. Reads ``show ip ospf neighbor`` (TextFSM) and
compares it with the cabling in the source of truth. Read only.

    python runbooks/ospf_neighbors.py --role hub-router
    python runbooks/ospf_neighbors.py --district vu-thu --role hub-router
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from rich.table import Table

from tasks.ospf import ospf_neighbors
from tasks.runbook import console, main, open_nornir, parser
from tbwan.runbooks.common import run_with_progress


def run() -> int:
    args = parser(__doc__).parse_args()
    nr = open_nornir(args)
    result = run_with_progress(nr, "ospf neighbours", ospf_neighbors)
    table = Table("host", "interface", "neighbour", "address", "state")
    bad = 0
    for host, multi in sorted(result.items()):
        if multi[0].exception is not None:
            table.add_row(host, "", "", "", f"[red]error: {multi[0].exception}")
            bad += 1
            continue
        for adj in multi[0].result:
            style = "green" if adj.up else "red"
            table.add_row(host, adj.interface, adj.peer, adj.address, f"[{style}]{adj.state}")
            bad += not adj.up
    console.print(table)
    console.print(f"{len(result)} routers, {bad} adjacencies not FULL")
    return 1 if bad else 0


if __name__ == "__main__":
    main(run)

"""Interface errors and duplex per district: error/discard counters, half duplex, down links.

Use it when a site reports a slow or flapping line, or weekly per district. Counters come
from NAPALM (get_interfaces, get_interfaces_counters), duplex from ``show interfaces``
(TextFSM). Read only.

    python runbooks/interface_health.py --district vu-thu
    python runbooks/interface_health.py --site tb-13195-hong-ly --max-errors 100
"""

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from rich.table import Table

from tasks.interfaces import interface_health
from tasks.runbook import console, main, open_nornir, parser
from tbwan.runbooks.common import run_with_progress


def run() -> int:
    p = parser(__doc__)
    p.add_argument("--max-errors", type=int, default=0, help="errors tolerated per interface")
    args = p.parse_args()
    nr = open_nornir(args)
    result = run_with_progress(nr, "interfaces", interface_health, max_errors=args.max_errors)
    per_district: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for host, multi in sorted(result.items()):
        district = str(nr.inventory.hosts[host]["region"])
        if multi[0].exception is not None:
            per_district[district].append((host, "", f"error: {multi[0].exception}"))
        for issue in multi[0].result or []:
            per_district[district].append((host, issue.interface, issue.problem))
    table = Table("district", "host", "interface", "problem")
    for district, rows in sorted(per_district.items()):
        for host, iface, problem in rows:
            table.add_row(district, host, iface, problem)
    console.print(table)
    found = sum(len(r) for r in per_district.values())
    console.print(f"{len(result)} devices, {found} interface problems")
    return 1 if found else 0


if __name__ == "__main__":
    main(run)

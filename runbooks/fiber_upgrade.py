"""A carrier upgrades a commune from copper to fiber: circuit, configs, deploy, verify.

Use it when VNPT reports a commune's dedicated line moved to fiber. The site's circuit
becomes fiber in the source of truth (inventory/sites/<site>.yaml), the commune router
(WAN port 100 Mbit/s, no shaping) and its district hub are rendered again and the
change is shown. With --commit the file is written, both routers are deployed (replace,
backup, rollback timer, post-checks), then the OSPF adjacency over the new line is
checked. A failed deploy puts the file back. Dry run by default.

    python runbooks/fiber_upgrade.py --site tb-13195-hong-ly            # show the change
    python runbooks/fiber_upgrade.py --site tb-13195-hong-ly --commit
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from tasks.ospf import ospf_neighbors
from tasks.runbook import console, files_inventory, main, open_nornir, parser, render_diff
from tasks.sot import replace_site, site_of, to_fiber
from tbwan.credentials import load_secrets
from tbwan.errors import InventoryError
from tbwan.inventory.store import load_inventory, write_site
from tbwan.render.engine import Renderer, render_inventory
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import run_with_progress
from tbwan.runbooks.deploy import deploy


def run() -> int:
    p = parser(__doc__, commit=True)
    p.add_argument("--backups", type=Path, default=Path("backups"))
    args = p.parse_args()
    if len(args.site) != 1:
        raise InventoryError("give exactly one --site: the commune whose line changed")
    root, templates = files_inventory(), Path("templates")
    inv = load_inventory(root)
    site = site_of(inv, site=args.site[0])
    upgraded = to_fiber(site)
    cids = {c.cid for c in site.circuits}
    hubs = {
        d.name
        for s in inv.sites
        if s.slug == site.hub
        for d in s.devices
        if any(i.circuit in cids for i in d.interfaces)
    }
    routers = {d.name for d in site.devices} | hubs
    before = render_inventory(inv, templates, only=routers)
    after = render_inventory(replace_site(inv, upgraded), templates, only=routers)
    console.print(render_diff(before, after) or "no config change", markup=False)
    if not args.commit:
        console.print("dry run: nothing written or pushed; add --commit")
        return 0
    args.host, args.site = sorted(routers), []
    open_nornir(args)  # before writing: every router known, in the lab if one runs, login set
    write_site(root, upgraded)
    try:
        load_inventory(root)  # the province as a whole still validates
    except InventoryError:
        write_site(root, site)
        raise
    nr = open_nornir(args)  # again: the hosts' data now says fiber
    renderer = Renderer(templates, load_secrets())
    report = deploy(nr, renderer, store=BackupStore(args.backups), commit=True, replace=True)
    if report.failed:
        write_site(root, site)
        for h in report.failed:
            console.print(f"{h.host}: {h.status.value} {h.error or ''}", markup=False)
        console.print(f"deploy failed: {root}/sites/{site.slug}.yaml is copper again")
        return 1
    commune = nr.filter(filter_func=lambda h: h.name not in hubs)
    checked = run_with_progress(commune, "ospf over the new line", ospf_neighbors)
    for host, multi in sorted(checked.items()):
        for adj in multi[0].result or []:
            console.print(f"{host} {adj.interface} -> {adj.peer}: {adj.state}", markup=False)
    if checked.failed:
        console.print("the configs are in place but OSPF is not FULL: check the new line")
        return 1
    console.print(f"{site.slug} is on fiber: {', '.join(sorted(routers))} deployed and verified")
    return 0


if __name__ == "__main__":
    main(run)

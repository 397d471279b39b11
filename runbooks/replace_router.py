"""Replace a failed commune router (RMA): new serial, day-0 config, restore, verify.

Use it once the replacement box is racked and cabled with its day-0 login. The box must
report the serial given (a wrong box is refused). With --commit its serial is written
to the source of truth, its whole intended config (day-0 and everything the failed
router ran, secrets from the environment) replaces the factory config (backup, rollback
timer, post-checks), OSPF over its uplink is checked, and what the failed router's
last backup held that the source of truth does not (local changes, not restored) is
listed. A failed deploy puts the old serial back. Dry run by default.

    python runbooks/replace_router.py --host tb-13195-hong-ly-rt01 --serial FGL2345A0BC
    python runbooks/replace_router.py --host tb-13195-hong-ly-rt01 --serial FGL2345A0BC --commit
"""

import atexit
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from tasks.facts import device_serial
from tasks.ospf import ospf_neighbors
from tasks.runbook import console, files_inventory, main, open_nornir, parser
from tasks.sot import site_of, with_serial
from tbwan.credentials import load_secrets
from tbwan.diff import diff_configs
from tbwan.errors import InventoryError
from tbwan.inventory.store import load_inventory, write_site
from tbwan.platforms import platform_of
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import run_with_progress
from tbwan.runbooks.deploy import deploy
from tbwan.tasks.backup import fetch_running


def run() -> int:
    p = parser(__doc__, commit=True)
    p.add_argument("--serial", required=True, help="the replacement's serial number")
    p.add_argument("--backups", type=Path, default=Path("backups"))
    args = p.parse_args()
    if len(args.host) != 1:
        raise InventoryError("give exactly one --host: the router being replaced")
    host, root = args.host[0], files_inventory()
    site = site_of(load_inventory(root), host=host)
    updated = with_serial(site, host, args.serial)  # validates the serial's form
    nr = open_nornir(args)
    found = run_with_progress(nr, "serial", device_serial)[host]
    if found.failed or found[0].result != args.serial:
        got = found[0].result or found[0].exception
        console.print(
            f"{host}: the box answering reports {got}, not {args.serial}: "
            "is the replacement racked and cabled?",
            markup=False,
        )
        return 1
    old_backup = args.backups / f"{host}.cfg"
    backup = old_backup.read_text(encoding="utf-8") if old_backup.exists() else None
    # the new box's factory config is not worth keeping, and must not replace the failed
    # router's last backup (what is compared below; `tbwan backup` takes the new one)
    scratch = tempfile.TemporaryDirectory(prefix="tbwan-rma-")
    atexit.register(scratch.cleanup)
    store = BackupStore(Path(scratch.name))
    renderer = Renderer(Path("templates"), load_secrets())
    if not args.commit:
        report = deploy(nr, renderer, store=store, replace=True)
        console.print(f"dry run: {host} {report.hosts[0].status.value}; add --commit")
        return 0
    write_site(root, updated)
    nr = open_nornir(args)
    report = deploy(nr, renderer, store=store, commit=True, replace=True)
    if report.failed:
        write_site(root, site)
        console.print(f"{host}: {report.hosts[0].error}; the old serial is back", markup=False)
        return 1
    checked = run_with_progress(nr, "ospf", ospf_neighbors)[host]
    for adj in checked[0].result or []:
        console.print(f"{host} {adj.interface} -> {adj.peer}: {adj.state}", markup=False)
    if backup is not None:
        running = str(run_with_progress(nr, "running config", fetch_running)[host][0].result)
        platform = platform_of(nr.inventory.hosts[host])
        drift = diff_configs(host, backup, running, platform=platform)
        lost = [" > ".join(p) for f in drift.features for p in f.missing]
        console.print(f"not restored from the last backup ({len(lost)} lines):", markup=False)
        for line in lost:
            console.print(f"  {line}", markup=False)
    if checked.failed:
        console.print("the config is in place but OSPF is not FULL: check the uplink")
        return 1
    console.print(f"{host} replaced: serial {args.serial}, config deployed and verified")
    return 0


if __name__ == "__main__":
    main(run)

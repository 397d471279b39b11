"""Rotate the TACACS+ key province-wide, one district at a time, verifying each stage.

Use it when the AAA team changes the shared TACACS+ key (yearly, or after a leak). The
new key comes from TBWAN_NEW_TACACS_KEY or from --secrets-file (its ``tacacs_key``; the
same owner-only, outside-the-repository rules as TBWAN_SECRETS_FILE). Districts go
smallest first, as a canary. Each stage is deployed (merge, backup, rollback timer,
post-checks), then checked: a fresh SSH login works, every TACACS+ server holds the new
key, AAA login goes through TBWAN-AAA. The first failing stage stops the run; later
districts keep the old key. Dry run by default. Afterwards set TBWAN_TACACS_KEY to the
new key.

    TBWAN_NEW_TACACS_KEY=... python runbooks/rotate_tacacs_key.py            # dry run
    TBWAN_NEW_TACACS_KEY=... python runbooks/rotate_tacacs_key.py --commit
"""

import dataclasses
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's tasks/

from tasks.aaa import district_stages, verify_tacacs
from tasks.runbook import console, main, open_nornir, parser
from tbwan.credentials import load_secrets
from tbwan.errors import CredentialsError
from tbwan.inventory.fields import check_secret
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import run_with_progress
from tbwan.runbooks.deploy import deploy


def new_key(secrets_file: Path | None) -> str:
    if os.environ.get("TBWAN_NEW_TACACS_KEY"):
        key: str | None = os.environ["TBWAN_NEW_TACACS_KEY"]
        try:
            check_secret(str(key))
        except ValueError as exc:
            raise CredentialsError(f"TBWAN_NEW_TACACS_KEY: {exc}") from None
    elif secrets_file:  # the same checks as TBWAN_SECRETS_FILE (mode, place, values)
        key = load_secrets({"TBWAN_SECRETS_FILE": str(secrets_file)}).tacacs_key
    else:
        raise CredentialsError("no new key: set TBWAN_NEW_TACACS_KEY or pass --secrets-file")
    if not key:
        raise CredentialsError(f"{secrets_file}: no tacacs_key in the secrets file")
    return key


def run() -> int:
    p = parser(__doc__, commit=True)
    p.add_argument("--secrets-file", type=Path, help="YAML file holding the new tacacs_key")
    p.add_argument("--backups", type=Path, default=Path("backups"))
    args = p.parse_args()
    key = new_key(args.secrets_file)
    nr = open_nornir(args)
    renderer = Renderer(Path("templates"), dataclasses.replace(load_secrets(), tacacs_key=key))
    stages = district_stages({h.name: str(h["region"]) for h in nr.inventory.hosts.values()})
    for number, (district, hosts) in enumerate(stages, start=1):
        console.rule(f"stage {number}/{len(stages)}: {district} ({len(hosts)} devices)")
        stage = nr.filter(filter_func=lambda h, names=set(hosts): h.name in names)
        report = deploy(stage, renderer, store=BackupStore(args.backups), commit=args.commit)
        console.print("deploy: " + ", ".join(f"{n} {s}" for s, n in sorted(report.counts.items())))
        failed = {h.host: h.error or h.status.value for h in report.failed}
        if args.commit and not failed:
            checked = run_with_progress(stage, "verify AAA", verify_tacacs, key=key)
            for host, multi in checked.items():
                if multi.failed:
                    failed[host] = str(multi[0].exception or "; ".join(multi[0].result))
        for host, why in sorted(failed.items()):
            console.print(f"  {host}: {why}", markup=False)
        if failed:
            left = ", ".join(d for d, _ in stages[number:]) or "none"
            console.print(f"stopped at {district}; districts not touched: {left}", markup=False)
            return 1
    console.print(
        "done: set TBWAN_TACACS_KEY to the new key" if args.commit else "dry run: add --commit"
    )
    return 0


if __name__ == "__main__":
    main(run)

#!/usr/bin/env bash
# Start the NetBox that the tests marked `netbox` use; .ci/run calls this after creating
# tbwan's venv (.venv). From scratch (apt packages, NetBox venv, migrations) it takes
# several minutes; the whole step is bounded so a hang fails CI instead of eating its time.
# The URL and token land in .netbox/url and .netbox/token (0600), where the tests find them.
#
# In .ci/run:
#     bash scripts/ci-netbox.sh
#     ... run pytest (CI=true: a missing NetBox fails the netbox tests) ...
#     scripts/netbox down        # optional: CI ends leftover processes anyway
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bound="${TBWAN_NETBOX_CI_BOUND:-1800}"
if ! timeout "$bound" "$here/scripts/netbox" up --timeout 300; then
    echo "ci-netbox: NetBox did not come up within ${bound}s; last lines of its logs:" >&2
    tail -n 20 "$here/.netbox/migrate.log" "$here/.netbox/netbox.log" 2>/dev/null >&2 || true
    exit 1
fi
"$here/scripts/netbox" status

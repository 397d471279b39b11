#!/usr/bin/env bash
# Start the NetBox that the tests marked `netbox` use; scripts/test calls this (as root)
# after creating tbwan's venv (.venv). From scratch (apt packages, NetBox venv,
# migrations) it takes several minutes; the whole step is bounded so a hang fails CI
# instead of eating its time. The URL and token land in .netbox/url and .netbox/token
# (0600), where the tests find them.
#
# Under CI (CI=true) the tests get an empty NetBox of their own: the database
# $TBWAN_NETBOX_DB (default tbwan_ci) is dropped first if an earlier run left it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bound="${TBWAN_NETBOX_CI_BOUND:-1800}"
if [[ "${CI:-}" == "true" ]]; then
    export TBWAN_NETBOX_DB="${TBWAN_NETBOX_DB:-tbwan_ci}"
    if command -v pg_lsclusters >/dev/null 2>&1; then
        cluster="$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')"
        if [[ -n "$cluster" ]]; then
            # shellcheck disable=SC2086
            pg_ctlcluster $cluster start 2>/dev/null || true
            su postgres -c "psql -qc 'DROP DATABASE IF EXISTS \"$TBWAN_NETBOX_DB\" WITH (FORCE)'" \
                >/dev/null 2>&1 || true
        fi
    fi
fi
if ! timeout "$bound" "$here/scripts/netbox" up --timeout 300; then
    echo "ci-netbox: NetBox did not come up within ${bound}s; last lines of its logs:" >&2
    tail -n 20 "$here/.netbox/migrate.log" "$here/.netbox/netbox.log" 2>/dev/null >&2 || true
    exit 1
fi
"$here/scripts/netbox" status

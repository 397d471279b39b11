"""Audit results written back to the real NetBox: journal entries and config_compliant."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pynetbox
import pytest

from tbwan.diff.features import Feature
from tbwan.diff.models import FeatureDrift, HostDrift
from tbwan.inventory.store import load_inventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.sync import sync
from tbwan.netbox.writeback import record_audit
from tbwan.report.models import HostAudit, HostStatus, audited, build_report

# one worker for everything that writes to the shared NetBox (pytest -n, --dist loadgroup)
pytestmark = [pytest.mark.netbox, pytest.mark.xdist_group("netbox")]
REPO = Path(__file__).resolve().parents[2]
T = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_audit_results_land_on_the_devices(netbox_api: pynetbox.api) -> None:
    files = load_inventory(REPO / "inventory")
    nb = NetBox(*netbox_settings())
    sync(nb, files)
    good, bad, down = (d.name for d in files.devices[:3])
    drift = HostDrift(
        host=bad,
        features=(FeatureDrift(feature=Feature.AAA, missing=(("aaa new-model",),)),),
    )
    hosts = [
        audited(HostDrift(host=good), site="s", region="r", role="x", started=T, finished=T),
        audited(drift, site="s", region="r", role="x", started=T, finished=T),
        HostAudit(host=down, site="s", region="r", role="x", status=HostStatus.UNREACHABLE,
                  error="TCP timeout", started=T, finished=T),
        HostAudit(host="not-in-netbox", site="s", region="r", role="x",
                  status=HostStatus.FAILED, error="boom", started=T, finished=T),
    ]  # fmt: skip
    result = record_audit(nb, build_report(hosts, started=T, finished=T))
    assert result.journal_entries == 3
    assert result.unknown_hosts == ["not-in-netbox"]
    compliant = {
        name: netbox_api.dcim.devices.get(name=name).custom_fields["config_compliant"]
        for name in (good, bad, down)
    }
    assert compliant == {good: True, bad: False, down: None}
    device = netbox_api.dcim.devices.get(name=bad)
    entries = netbox_api.extras.journal_entries.filter(
        assigned_object_type="dcim.device", assigned_object_id=device.id
    )
    entry = next(iter(entries))  # newest first
    assert entry.kind.value == "warning"
    assert "+ aaa new-model" in entry.comments

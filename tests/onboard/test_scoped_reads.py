"""Onboarding reads only what it touches: parsed site files are reused until they change,
the files' scope holds just the asked sites, a narrowed NetBox sync asks for only the
records it writes or refers to, and the runbook's Nornir holds only the touched hosts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tbwan.inventory import store
from tbwan.netbox import schema as s
from tbwan.netbox.desired import desired
from tbwan.netbox.sync import Syncer, referenced
from tbwan.onboard import sot as sot_module
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth
from tbwan.runbooks.common import Settings, nornir_for

HUB_SITE = "tb-ubnd-vuthu"


@pytest.fixture
def root(repo: Path, tmp_path: Path) -> Path:
    shutil.copytree(repo / "inventory", tmp_path / "inv", ignore=shutil.ignore_patterns("source"))
    return tmp_path / "inv"


def test_site_files_are_parsed_again_only_when_changed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = store.read_site

    def counting(path: Path) -> Any:
        parsed.append(path.stem)
        return real(path)

    monkeypatch.setattr(sot_module, "read_site", counting)
    backend = FileSourceOfTruth(root)
    first = backend.load()
    assert len(parsed) == len(first.sites)
    parsed.clear()
    req = CommuneRequest(district="vu-thu", code="99301", name="Xã Thử Đệm", uplink="copper")
    plan = backend.reserve(req)
    # under the lock: the unchanged files come from the cache; after it, the two written
    assert parsed == []
    after = backend.load()
    assert sorted(parsed) == sorted([plan.site.slug, HUB_SITE])
    assert after.site(plan.site.slug).status.value == "planned"
    assert plan.hub_interface is not None
    hub = after.site(HUB_SITE).devices[0]
    assert plan.hub_interface.name in {i.name for i in hub.interfaces}


def test_scope_reads_just_the_sites_asked_for(root: Path) -> None:
    backend = FileSourceOfTruth(root)
    scoped = backend.scope([HUB_SITE])
    assert [site.slug for site in scoped.sites] == [HUB_SITE]
    assert scoped.regions == backend.load().regions


def test_nornir_for_holds_only_the_touched_hosts(
    repo: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TBWAN_LAB_DIR", str(root / "no-lab"))
    inv = FileSourceOfTruth(root).scope([HUB_SITE])
    hub = inv.site(HUB_SITE).devices[0].name
    nr = nornir_for(inv, [hub], Settings(config_file=repo / "nornir.yaml"))
    assert list(nr.inventory.hosts) == [hub]
    assert nr.inventory.hosts[hub]["site_slug"] == HUB_SITE
    with pytest.raises(Exception, match="no such host"):
        nornir_for(inv, ["tb-nowhere-rt01"], Settings(config_file=repo / "nornir.yaml"))


def test_narrowed_sync_reads_only_wanted_and_referenced_records(root: Path) -> None:
    inv = FileSourceOfTruth(root).load()
    plan = desired(inv, [HUB_SITE])
    syncer = Syncer(None, dry_run=True, devices=[])  # type: ignore[arg-type]
    syncer.referenced = referenced(w for wants in plan.values() for w in wants)
    sites = syncer.narrowed(s.SITES, plan[s.SITES])
    assert sites is not None
    assert HUB_SITE in sites["slug"]
    assert len(sites["slug"]) < len(inv.sites) // 10
    devices = syncer.narrowed(s.DEVICES, plan[s.DEVICES])
    assert devices == {"name": sorted(d.name for d in inv.site(HUB_SITE).devices)}
    prefixes = syncer.narrowed(s.PREFIXES, plan[s.PREFIXES])
    assert prefixes == {"prefix": sorted(str(p.prefix) for p in inv.site(HUB_SITE).prefixes)}
    syncer.index[s.SITES] = {(HUB_SITE,): {"id": 7}}  # as if read from NetBox
    assert syncer.narrowed(s.VLANS, plan[s.VLANS]) == {"site_id": [7]}
    assert syncer.narrowed(s.REGIONS, plan[s.REGIONS]) is None  # small: read whole
    # a whole-inventory sync reads everything, as before
    assert Syncer(None, dry_run=True).narrowed(s.SITES, plan[s.SITES]) is None  # type: ignore[arg-type]

"""Consecutive real revisions of five devices: no crash, no phantom drift, no missed change.

The drift is checked against an independent reading of both texts: the set of lines
with their parents. Every drift line must be one of the lines that differ (no phantom),
and every line that differs must be in the drift (none missed), except two ways IOS
writes the same config hier_config normalises: ``vlan 10,20-21`` is three VLANs, and
``no ...`` lines under an interface are implied by the line they negate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from real_corpus import read, revision_pairs

from tbwan.diff import diff_configs
from tbwan.diff.quick import line_paths
from tbwan.diff.secrets import RUN_DIGEST, mask_secrets
from tbwan.platforms import IOS
from tbwan.tasks.backup import clean_running

PAIRS = revision_pairs()
_VLANS = re.compile(r"^vlan ([\d,-]+)$")

Path_ = tuple[str, ...]


def test_enough_pairs() -> None:
    assert len(PAIRS) >= 100


def _vlan_ids(spec: str) -> list[int]:
    ids: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        ids += range(int(low), int(high or low) + 1)
    return ids


def _lines(text: str) -> set[Path_]:
    """Config lines with their parents, secrets as digests, VLAN lists one per VLAN."""
    out: set[Path_] = set()
    for raw in line_paths(mask_secrets(text, RUN_DIGEST)):
        path = tuple(" ".join(e.split()) for e in raw)
        vlans = _VLANS.match(path[0])
        if vlans:
            out |= {(f"vlan {n}", *path[1:]) for n in _vlan_ids(vlans.group(1))}
        else:
            out.add(path)
    return out


def _drift_lines(paths: object) -> set[Path_]:
    assert isinstance(paths, tuple)
    return {tuple(" ".join(e.split()) for e in p) for p in paths}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0].parent.name}-{p[1].stem}")
def test_revision_pair(pair: tuple[Path, Path]) -> None:
    older, newer = (clean_running(read(p)) for p in pair)
    drift = diff_configs(pair[1].parent.name, newer, older, platform=IOS)
    have, want = _lines(older), _lines(newer)
    assert drift.compliant is (have == want)
    missing = set().union(*(_drift_lines(f.missing) for f in drift.features))
    extra = set().union(*(_drift_lines(f.extra) for f in drift.features))
    assert missing <= want - have, "phantom missing lines"
    assert extra <= have - want, "phantom extra lines"
    missed = ((want - have) - missing) | ((have - want) - extra)
    assert {p for p in missed if not p[-1].startswith("no ")} == set()

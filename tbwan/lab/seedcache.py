"""A start-up cache for the lab: the devices' seed configs and their booted config trees.

Reading the inventory, rendering 393 configs and applying them line by line to config
trees is most of the lab's start-up time, and its result only changes when the inventory,
the templates or tbwan's own code change. The cache (one JSON file in the lab directory)
is keyed by a digest of all of those, plus the host filters and the seed option, so an
edit anywhere makes the next start recompute everything. It holds no secret: seeds are
rendered without secrets (``<removed>``), as always for the lab.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tbwan.lab.config_tree import Node
from tbwan.lab.models import LabDevice

CACHE_FILE = "seed-cache.json"
_CODE = Path(__file__).resolve().parents[1]  # the tbwan package


def _files(*roots: Path) -> Iterable[Path]:
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc")


def digest(options: str, *sources: Path) -> str:
    """A digest of ``options``, the ``sources`` files and folders, and tbwan's own code."""
    h = hashlib.sha256(options.encode())
    code = [_CODE / "inventory", _CODE / "render", _CODE / "lab", _CODE / "platforms.py"]
    for path in _files(*sources, *code):
        h.update(str(path).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def tree_to_json(node: Node) -> Any:
    """``[text, [children...]]``, compact."""
    return [node.text, [tree_to_json(c) for c in node.children]]


def tree_from_json(data: Any) -> Node:
    """Inverse of :func:`tree_to_json`."""
    node = Node(data[0])
    node.children = [tree_from_json(c) for c in data[1]]
    return node


def load(path: Path, key: str) -> list[tuple[LabDevice, Node]] | None:
    """The cached devices and trees for ``key``, or None (missing, stale or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return [(_device(d), tree_from_json(t)) for d, t in data["devices"]]


def _device(row: dict[str, Any]) -> LabDevice:
    platform = row.get("platform", "ios")
    return LabDevice(row["name"], row["model"], row["serial"], seed_config=row["seed"],
                     platform=platform)  # fmt: skip


def store(path: Path, key: str, devices: list[tuple[LabDevice, Node]]) -> None:
    """Write the cache (best effort: a read-only lab directory only costs speed)."""
    rows = [
        ({"name": d.name, "model": d.model, "serial": d.serial, "seed": d.seed_config,
          "platform": d.platform}, tree_to_json(t))
        for d, t in devices
    ]  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "devices": rows}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def cached(
    path: Path, key: str, compute: Callable[[], list[tuple[LabDevice, Node]]]
) -> list[tuple[LabDevice, Node]]:
    """The devices and trees for ``key``: from the cache, or computed and stored."""
    hit = load(path, key)
    if hit is not None:
        return hit
    fresh = compute()
    store(path, key, fresh)
    return fresh

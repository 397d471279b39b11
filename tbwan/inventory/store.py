"""Read and write the inventory files (``plan.yaml``, ``regions.yaml``, ``sites/*.yaml``).

Every error names the file, the record and the field, and says what to do.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tbwan.errors import InventoryError
from tbwan.inventory.models import Inventory, Plan, Region, Site
from tbwan.inventory.validate import validate_inventory
from tbwan.textfile import load_yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path, error=InventoryError)
    except FileNotFoundError:
        raise InventoryError(f"{path}: file not found; run `tbwan inventory generate`") from None
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read ({exc.strerror})") from None


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location, naming records by their name or slug.

    >>> _where({"devices": [{"name": "r1", "interfaces": [{"name": "Gi1"}]}]},
    ...        ("devices", 0, "interfaces", 0, "ipv4"))
    'devices[0] (r1).interfaces[0] (Gi1).ipv4'
    """
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            try:
                node = node[part]
            except (IndexError, KeyError, TypeError):
                node = None
            label = (
                node.get("name") or node.get("slug") or node.get("cid")
                if isinstance(node, dict)
                else None
            )
            if label is None and isinstance(node, dict):
                label = node.get("vid") or node.get("prefix")
            if label is not None:
                out += f" ({label})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _parse[M: BaseModel](model: type[M], data: Any, path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_where(data, tuple(e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors()
        )
        raise InventoryError(f"{path}: {problems}") from None


LOCK_FILE = ".onboard.lock"


@contextmanager
def inventory_lock(root: Path, *, exclusive: bool) -> Iterator[None]:
    """Readers share this lock, writers (onboarding) hold it alone: a load never sees a
    half-written change. Skipped where the folder is read-only."""
    try:
        fh = (root / LOCK_FILE).open("a")
    except OSError:
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_plan(root: Path) -> Plan:
    """``plan.yaml`` of ``root``."""
    return _parse(Plan, _read_yaml(root / "plan.yaml"), root / "plan.yaml")


def read_regions(root: Path) -> tuple[Region, ...]:
    """``regions.yaml`` of ``root``."""
    raw_regions = _read_yaml(root / "regions.yaml")
    if not isinstance(raw_regions, dict) or not isinstance(raw_regions.get("regions"), list):
        raise InventoryError(f"{root / 'regions.yaml'}: expected a mapping with a 'regions' list")
    return tuple(_parse(Region, r, root / "regions.yaml") for r in raw_regions["regions"])


def read_site(path: Path) -> Site:
    """One site file."""
    return _parse(Site, _read_yaml(path), path)


def load_inventory(
    root: Path,
    *,
    validate: bool = True,
    lock: bool = True,
    site_reader: Callable[[Path], Site] = read_site,
) -> Inventory:
    """Load and validate ``root`` (the ``inventory/`` folder).

    ``lock=False`` only for a caller already holding :func:`inventory_lock`;
    ``site_reader`` reads one site file (a caller may cache what it parsed).
    """
    if lock and root.is_dir():
        with inventory_lock(root, exclusive=False):
            return load_inventory(root, validate=validate, lock=False, site_reader=site_reader)
    if not root.is_dir():
        raise InventoryError(
            f"{root}: no such inventory folder; pass --inventory or run `tbwan inventory generate`"
        )
    plan = read_plan(root)
    regions = read_regions(root)
    site_files = sorted((root / "sites").glob("*.yaml"), key=lambda p: p.stem)
    sites = tuple(site_reader(p) for p in site_files)
    inventory = Inventory(plan=plan, regions=regions, sites=sites)
    if validate:
        validate_inventory(inventory, root, site_files)
    return inventory


def dump_model(model: BaseModel) -> str:
    """YAML text of a model, defaults left out, Vietnamese kept readable."""
    data = model.model_dump(mode="json", exclude_defaults=True)
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    Path(tmp).replace(path)


def site_path(root: Path, slug: str) -> Path:
    """Where the site ``slug`` is stored."""
    return root / "sites" / f"{slug}.yaml"


def write_site(root: Path, site: Site) -> Path:
    """Write one site file."""
    path = site_path(root, site.slug)
    atomic_write(path, dump_model(site))
    return path


def write_regions(root: Path, regions: tuple[Region, ...]) -> None:
    """Write ``regions.yaml``."""
    data = [r.model_dump(mode="json", exclude_defaults=True) for r in regions]
    atomic_write(
        root / "regions.yaml",
        str(yaml.dump({"regions": data}, Dumper=_Dumper, sort_keys=False, allow_unicode=True)),
    )


def write_inventory(root: Path, inventory: Inventory) -> None:
    """Write every file of ``inventory`` under ``root``."""
    atomic_write(root / "plan.yaml", dump_model(inventory.plan))
    write_regions(root, inventory.regions)
    for site in inventory.sites:
        write_site(root, site)

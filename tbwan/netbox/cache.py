"""Where a cached NetBox load keeps its snapshot: private files in the user's cache.

One folder per NetBox URL, token and filter (a hash of them names it), under
``$TBWAN_NETBOX_CACHE_DIR``, else ``$CACHE_DIRECTORY/netbox`` (systemd's
``CacheDirectory=``), else ``$XDG_CACHE_HOME/tbwan/netbox``, else
``~/.cache/tbwan/netbox`` (never in the repository). A snapshot that cannot be written
is a warning: the load itself succeeded, the next one reads NetBox in full again.
Three files, each written whole (temporary file + rename) with mode 0600 in a 0700
folder:

* ``state.json``: the change log anchor, when the last full load ran, the generation;
* ``records.json``: the raw NetBox records of that load, kept current by the change log;
* ``model.json``: the Nornir data rebuilt from them, so a load that finds nothing
  changed reads it back instead of rebuilding.

``records.json`` and ``model.json`` carry the generation of the state that wrote them;
a mismatch (a writer interrupted between files) reads as no snapshot.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from tbwan.inventory.hostdata import GroupSpec, HostSpec, NornirData
from tbwan.netbox.changelog import Anchor
from tbwan.settings import env_settings

log = logging.getLogger("tbwan")

CACHE_ENV = "TBWAN_NETBOX_CACHE"
CACHE_DIR_ENV = "TBWAN_NETBOX_CACHE_DIR"
MAX_AGE_ENV = "TBWAN_NETBOX_CACHE_MAX_AGE"
MAX_AGE = 24 * 3600.0
FORMAT = 2
_OFF = {"0", "false", "no", "off"}

Records = dict[str, list[dict[str, Any]]]


def cache_mode(option: bool | str | None, environ: Mapping[str, str] | None = None) -> str:
    """``off``, ``refresh`` (read everything, write a new snapshot) or ``on``, from the
    plugin option ``cache`` and ``$TBWAN_NETBOX_CACHE`` (either one saying off wins).

    >>> env = {"TBWAN_NETBOX_CACHE": "0"}
    >>> cache_mode(None, {}), cache_mode(False, {}), cache_mode(True, env)
    ('on', 'off', 'off')
    >>> cache_mode("refresh", {}), cache_mode(None, {"TBWAN_NETBOX_CACHE": "refresh"})
    ('refresh', 'refresh')
    """
    said = [
        str(v).strip().lower()
        for v in (option, env_settings(environ).netbox_cache)
        if v not in (None, "")
    ]
    if any(v in _OFF for v in said):
        return "off"
    return "refresh" if "refresh" in said else "on"


def max_age(option: float | None, environ: Mapping[str, str] | None = None) -> float:
    """Seconds after which a snapshot is reloaded whole: option, env, or 24 h.

    >>> max_age(None, {}), max_age(60, {}), max_age(None, {"TBWAN_NETBOX_CACHE_MAX_AGE": "90"})
    (86400.0, 60.0, 90.0)
    """
    if option is not None:
        return float(option)
    return float(env_settings(environ).netbox_cache_max_age or MAX_AGE)


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder holding every snapshot.

    >>> str(default_cache_dir({"XDG_CACHE_HOME": "/var/cache/me"}))
    '/var/cache/me/tbwan/netbox'
    >>> str(default_cache_dir({"CACHE_DIRECTORY": "/var/cache/tbwan", "XDG_CACHE_HOME": "/x"}))
    '/var/cache/tbwan/netbox'
    """
    env = os.environ if environ is None else environ  # systemd's and XDG's, not tbwan's
    if folder := env_settings(environ).netbox_cache_dir:
        return Path(folder).expanduser()
    if env.get("CACHE_DIRECTORY"):
        # systemd's CacheDirectory= (a sandboxed unit may write nowhere else); a unit
        # naming several gets them ':'-separated
        return Path(env["CACHE_DIRECTORY"].split(":")[0]) / "netbox"
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "tbwan" / "netbox"


def cache_key(url: str, token: str, filters: Mapping[str, Any]) -> str:
    """A folder name for one NetBox, token (hashed: another token may see other
    objects) and filter; never the token itself."""
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    text = json.dumps([FORMAT, url.rstrip("/"), token_hash, filters], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class State:
    """What ``state.json`` holds."""

    url: str
    filters: dict[str, list[str]]
    created: float  # epoch seconds of the last full load
    anchor_id: int
    anchor_time: str
    hole_since: float | None
    generation: str
    refs: dict[str, list[int]]  # changelog.referenced() of the records
    netbox_version: str = ""
    format: int = FORMAT

    def advanced(self, anchor: Anchor) -> State:
        """The same snapshot, the change log read up to ``anchor``."""
        return replace(
            self, anchor_id=anchor.change_id, anchor_time=anchor.time, hole_since=anchor.hole_since
        )

    def regenerated(self, refs: dict[str, list[int]]) -> State:
        """The same state naming new records and model files."""
        return replace(self, generation=uuid.uuid4().hex, refs=refs)


def data_to_json(data: NornirData) -> dict[str, Any]:
    """Nornir data as JSON-ready dicts (host and group data already are)."""
    # by hand, not dataclasses.asdict: that deep-copies every host's data first
    return {
        "defaults": data.defaults,
        "groups": {
            name: {"name": g.name, "data": g.data, "parents": list(g.parents)}
            for name, g in data.groups.items()
        },
        "hosts": {
            name: {
                "name": h.name,
                "hostname": h.hostname,
                "platform": h.platform,
                "groups": list(h.groups),
                "data": h.data,
            }
            for name, h in data.hosts.items()
        },
    }


def data_from_json(raw: Mapping[str, Any]) -> NornirData:
    """The inverse of :func:`data_to_json`."""
    groups = {
        name: GroupSpec(g["name"], g["data"], tuple(g["parents"]))
        for name, g in raw["groups"].items()
    }
    hosts = {
        name: HostSpec(h["name"], h["hostname"], h["platform"], tuple(h["groups"]), h["data"])
        for name, h in raw["hosts"].items()
    }
    return NornirData(defaults=raw["defaults"], groups=groups, hosts=hosts)


def _write_private(path: Path, payload: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            # dumps, not dump: only dumps uses the C encoder (10x faster on 50k records)
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


class SnapshotStore:
    """The snapshot of one NetBox URL, token and filter under ``root``."""

    def __init__(self, root: Path, key: str) -> None:
        self.dir = root / key

    def _path(self, name: str) -> Path:
        return self.dir / f"{name}.json"

    def read_state(self) -> State | None:
        """The state, or None (missing, unreadable, another format)."""
        raw = _read(self._path("state"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return None
        try:
            return State(**raw)
        except TypeError:
            return None

    def _read_part(self, name: str, state: State) -> Any:
        raw = _read(self._path(name))
        if not isinstance(raw, dict) or raw.get("generation") != state.generation:
            return None
        return raw["body"]

    def read_records(self, state: State) -> Records | None:
        body = self._read_part("records", state)
        return body if isinstance(body, dict) else None

    def read_data(self, state: State) -> NornirData | None:
        body = self._read_part("model", state)
        try:
            return data_from_json(body) if isinstance(body, dict) else None
        except (KeyError, TypeError):
            return None

    def save(self, state: State, records: Records, data: NornirData) -> bool:
        """Write a new generation: records and model first, the state naming them last.

        Returns False (and logs a warning) when the folder cannot be written.
        """
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.dir.chmod(0o700)
            body = {"generation": state.generation, "body": records}
            _write_private(self._path("records"), body)
            model = {"generation": state.generation, "body": data_to_json(data)}
            _write_private(self._path("model"), model)
            _write_private(self._path("state"), asdict(state))
        except OSError as exc:
            return self._not_saved(exc)
        return True

    def save_state(self, state: State) -> bool:
        """Write the state alone (the anchor moved, the records did not change)."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_private(self._path("state"), asdict(state))
        except OSError as exc:
            return self._not_saved(exc)
        return True

    def _not_saved(self, exc: OSError) -> bool:
        # the load itself succeeded: a scheduled audit must not fail for its cache
        log.warning(
            "NetBox snapshot not saved in %s (%s): the next run reads NetBox in full; set "
            "%s to a writable folder (the shipped systemd unit has CacheDirectory=tbwan)",
            self.dir,
            exc.strerror or exc,
            CACHE_DIR_ENV,
        )
        return False

    def clear(self) -> None:
        """Forget this snapshot."""
        for name in ("state", "records", "model"):
            self._path(name).unlink(missing_ok=True)

"""Runbook: write the monitoring systems' files from the inventory (``tbwan monitoring
export``).

Run it after every onboarding or site move (the onboarding and site-move runbooks say so)
so that monitoring follows the source of truth. Idempotent and deterministic: the same inventory
gives the same bytes, a file is rewritten only when its text changes, and each file is
replaced whole (file_sd readers never see half a file).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nornir.core import Nornir

from tbwan.errors import MonitoringError
from tbwan.monitoring import Format, MonitoredDevice, monitored_device, monitoring_files
from tbwan.settings import env_settings


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    out: Path
    devices: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def monitored_devices(nr: Nornir) -> list[MonitoredDevice]:
    """Every host of ``nr`` as a :class:`MonitoredDevice` (from the inventory data, not
    the lab's addresses)."""
    return [
        monitored_device(
            name, device=host["device"], site=host["site"], district=str(host["region"])
        )
        for name, host in sorted(nr.inventory.hosts.items())
    ]


def export_monitoring(nr: Nornir, fmt: Format, out: Path) -> ExportReport:
    """Write ``fmt``'s files for every host of ``nr`` into ``out``."""
    devices = monitored_devices(nr)
    snmp_user = str(nr.inventory.defaults.data["plan"]["snmp_user"])
    files = monitoring_files(devices, fmt, snmp_user=snmp_user)
    written: list[str] = []
    unchanged: list[str] = []
    try:
        for name, text in sorted(files.items()):
            path = out / name
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                unchanged.append(name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            if name.endswith(".sh"):
                tmp.chmod(0o755)
            tmp.replace(path)  # readers (file_sd) never see half a file
            written.append(name)
    except OSError as exc:
        raise MonitoringError(
            f"{out}: cannot write the {fmt.value} files ({exc.strerror}); "
            "choose another --out folder"
        ) from None
    return ExportReport(out, len(devices), tuple(written), tuple(unchanged))


MONITORING_DIR_VAR = "TBWAN_MONITORING_DIR"
MONITORING_FORMATS_VAR = "TBWAN_MONITORING_FORMATS"


def refresh_formats(env: Mapping[str, str]) -> tuple[Path, list[Format]] | None:
    """Where and what the post-change hook exports, from the environment (None: off).

    >>> refresh_formats({})
    >>> refresh_formats({"TBWAN_MONITORING_DIR": "/srv/mon"})
    (PosixPath('/srv/mon'), [<Format.PROMETHEUS: 'prometheus'>])
    """
    settings = env_settings(env)
    folder = settings.monitoring_dir
    if not folder:
        return None
    formats = settings.monitoring_formats
    names = [n.strip() for n in (formats if formats is not None else "prometheus").split(",")]
    known = {f.value: f for f in Format}
    bad = [n for n in names if n not in known]
    if bad:
        raise MonitoringError(
            f"{MONITORING_FORMATS_VAR}: unknown format(s) {', '.join(bad)}; "
            f"use a comma-separated list of {', '.join(known)}"
        )
    return Path(folder), [known[n] for n in names if n]


def refresh_monitoring(nr: Nornir, env: Mapping[str, str] | None = None) -> list[ExportReport]:
    """The hook run after an onboarding or a site move: export every format named in
    ``TBWAN_MONITORING_FORMATS`` (default prometheus) into ``$TBWAN_MONITORING_DIR/<format>``
    for the whole inventory; nothing when ``TBWAN_MONITORING_DIR`` is unset."""
    target = refresh_formats(os.environ if env is None else env)
    if target is None:
        return []
    folder, formats = target
    return [export_monitoring(nr, fmt, folder / fmt.value) for fmt in formats]

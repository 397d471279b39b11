"""What every runbook shares: Nornir from ``nornir.yaml``, host filters, progress."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.filter import OR, F
from nornir.core.inventory import Host
from nornir.core.inventory import Inventory as NornirInventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.plugins.inventory import TransformFunctionRegister
from nornir.core.state import GlobalState
from nornir.core.task import AggregatedResult, MultiResult, Task
from nornir.init_nornir import load_runner
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tbwan.errors import CredentialsError, InventoryError
from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.lookup import require_known
from tbwan.inventory.models import Inventory, Role
from tbwan.inventory.nornir_build import build_inventory
from tbwan.settings import env_settings
from tbwan.transform import LAB_MISSING, TRANSFORM

INVENTORY_PLUGINS = {"files": "TbwanInventory", "netbox": "TbwanNetBoxInventory"}


@dataclass(frozen=True)
class HostFilter:
    """Which hosts a runbook acts on (empty = all)."""

    hosts: Sequence[str] = ()
    sites: Sequence[str] = ()
    roles: Sequence[str] = ()
    districts: Sequence[str] = ()

    def apply(self, nr: Nornir, *, connect: bool = True) -> Nornir:
        """``nr`` narrowed to the matching hosts; unknown names are an error.

        With ``connect`` (every runbook that talks to devices), a host that a running
        device lab does not serve is an error too: tbwan never falls through from the lab
        to a device's real address.
        """
        groups = nr.inventory.groups
        require_known("host", "--host", self.hosts, nr.inventory.hosts)
        require_known("site", "--site", self.sites, _group_names(groups, "site-"))
        require_known("role", "--role", self.roles, [r.value for r in Role])
        require_known(
            "district or region", "--district", self.districts, _group_names(groups, "region-")
        )
        for values, key in (
            (self.hosts, "name"),
            (self.sites, "site_slug"),
            (self.roles, "role"),
            (self.districts, "regions__contains"),
        ):
            if values:
                nr = nr.filter(_any_of(key, values))
        if not nr.inventory.hosts:
            raise InventoryError("no host matches the filters (--host/--site/--role/--district)")
        missing = sorted(h.name for h in nr.inventory.hosts.values() if h.data.get(LAB_MISSING))
        if connect and missing:
            raise InventoryError(
                f"{len(missing)} selected host(s) are not in the running device lab (e.g. "
                f"{missing[0]}; see .lab/hosts.json or $TBWAN_LAB_DIR): narrow the filters to "
                "the lab's hosts, start the lab with them, or stop it with `tbwan lab down`"
            )
        return nr


def require_login(nr: Nornir) -> None:
    """Refuse, before any session opens, hosts that have no username or password.

    Without this a run reaches every device and reports each one unreachable ("No
    authentication methods available"), which hides that a variable is not set.
    """
    missing = sorted(
        h.name for h in nr.inventory.hosts.values() if not h.username or not h.password
    )
    if missing:
        raise CredentialsError(
            f"no device login for {len(missing)} host(s) (e.g. {missing[0]}): set "
            "TBWAN_USERNAME and TBWAN_PASSWORD, or TBWAN_SECRETS_FILE naming a YAML file "
            "(username: ..., password: ...) kept outside the repository; nothing was connected"
        )


def _group_names(groups: Collection[str], prefix: str) -> set[str]:
    return {g.removeprefix(prefix) for g in groups if g.startswith(prefix)}


def _any_of(key: str, values: Sequence[str]) -> F | OR:
    """A filter matching any of ``values`` for ``key``."""
    f: F | OR = F(**{key: values[0]})
    for v in values[1:]:
        f = f | F(**{key: v})
    return f


@dataclass
class Settings:
    """Where a runbook finds its files."""

    config_file: Path = Path("nornir.yaml")
    templates: Path = Path("templates")
    build_dir: Path = Path("build")
    workers: int | None = None
    inventory: str | None = field(default_factory=lambda: env_settings().inventory)
    inventory_root: Path | None = None  # the files inventory's folder, if not nornir.yaml's
    lab_dir: Path | None = None  # the lab's folder, over $TBWAN_LAB_DIR and nornir.yaml's


def _config_exists(settings: Settings) -> None:
    if not settings.config_file.exists():
        raise InventoryError(
            f"{settings.config_file}: not found; run tbwan from the "
            "repository root or pass --config"
        )


def _runner_override(settings: Settings) -> dict[str, Any]:
    if settings.workers:
        return {"runner": {"plugin": "threaded", "options": {"num_workers": settings.workers}}}
    return {}


def init_nornir(settings: Settings) -> Nornir:
    """Nornir from ``nornir.yaml``; ``TBWAN_INVENTORY=netbox|files`` picks the plugin."""
    _config_exists(settings)
    overrides: dict[str, Any] = {}
    if settings.inventory:
        if settings.inventory not in INVENTORY_PLUGINS:
            raise InventoryError(
                f"TBWAN_INVENTORY={settings.inventory!r}: use one of {', '.join(INVENTORY_PLUGINS)}"
            )
        overrides["inventory"] = {"plugin": INVENTORY_PLUGINS[settings.inventory]}
        if settings.inventory == "files":
            overrides["inventory"]["options"] = {"root": "inventory"}
    if settings.inventory_root is not None and settings.inventory in (None, "files"):
        overrides["inventory"] = {
            "plugin": INVENTORY_PLUGINS["files"],
            "options": {"root": str(settings.inventory_root)},
        }
    file_config = _transform_configured(settings)
    if settings.lab_dir is not None:
        overrides.setdefault("inventory", {})["transform_function_options"] = _transform_options(
            settings, file_config
        )
    overrides.update(_runner_override(settings))
    return InitNornir(config_file=str(settings.config_file), **overrides)


def _transform_configured(settings: Settings) -> Config:
    """``nornir.yaml``'s configuration, refused without a transform function: without one
    the hosts would have no login and would ignore a running lab."""
    config = Config.from_file(str(settings.config_file))
    if not config.inventory.transform_function:
        raise InventoryError(
            f"{settings.config_file}: inventory.transform_function is not set: add "
            f"`transform_function: {TRANSFORM}` under `inventory:` (it gives each host the "
            "device login and, while the device lab runs, its port on the lab)"
        )
    return config


def _transform_options(settings: Settings, config: Config) -> dict[str, Any]:
    options = dict(config.inventory.transform_function_options or {})
    if settings.lab_dir is not None:
        options["lab"] = str(settings.lab_dir)  # over $TBWAN_LAB_DIR and nornir.yaml's lab_dir
    return options


def transform(inventory: NornirInventory, config: Config) -> NornirInventory:
    """Apply the configured transform function to every host, as ``InitNornir`` does."""
    TransformFunctionRegister.auto_register()
    function = TransformFunctionRegister.get_plugin(str(config.inventory.transform_function))
    for host in inventory.hosts.values():
        function(host, **(config.inventory.transform_function_options or {}))
    return inventory


def nornir_for(inventory: Inventory, hosts: Collection[str], settings: Settings) -> Nornir:
    """Nornir over just ``hosts`` of an inventory already in memory.

    The hosts, groups and data are built as both inventory plugins build them, with
    ``nornir.yaml``'s runner and transform function (login, lab ports), without loading the
    whole inventory again (what onboarding needs for the two or three devices it touches).
    A host missing from ``inventory``, or from a running lab, is an error as with
    :class:`HostFilter`.
    """
    _config_exists(settings)
    _transform_configured(settings)
    ConnectionPluginRegister.auto_register()
    config = Config.from_file(str(settings.config_file), **_runner_override(settings))
    config.inventory.transform_function_options = _transform_options(settings, config)
    config.logging.configure()
    data = transform(build_inventory(nornir_data(inventory, only=set(hosts))), config)
    nr = Nornir(inventory=data, runner=load_runner(config), config=config, data=GlobalState())
    return HostFilter(hosts=list(hosts)).apply(nr)


class ProgressProcessor:
    """A Nornir processor driving a rich progress bar, one tick per host."""

    def __init__(self, progress: Progress, description: str, total: int) -> None:
        self.progress = progress
        self.task_id = progress.add_task(description, total=total)

    def task_started(self, task: Task) -> None:
        pass

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        pass

    def task_instance_started(self, task: Task, host: Host) -> None:
        pass

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self.progress.advance(self.task_id)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass


def progress_bar(console: Console | None = None) -> Progress:
    """The progress bar every runbook shows (silent when not on a terminal)."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=False,
        disable=not (console or Console(stderr=True)).is_terminal,
    )


def run_with_progress(
    nr: Nornir,
    label: str,
    task: Any,
    *,
    name: str | None = None,
    console: Console | None = None,
    **kwargs: Any,
) -> AggregatedResult:
    """Run ``task`` (named ``name``, else ``label``) on every host of ``nr`` behind a
    progress bar labelled ``label``; hosts failed by an earlier run included.

    The loop every runbook wrote for itself: a bar ticking once per host, ``on_failed`` so
    a host failed by an earlier run is not silently left out, connections closed after.
    """
    with progress_bar(console) as progress:
        proc = ProgressProcessor(progress, label, len(nr.inventory.hosts))
        result = nr.with_processors([proc]).run(
            task=task, name=name or label, on_failed=True, **kwargs
        )
    nr.close_connections(on_failed=True)
    return result

"""One Jinja2 environment for every template; config text per host.

StrictUndefined, trim_blocks, lstrip_blocks; filters from netutils plus a few of
tbwan's own (:mod:`tbwan.render.filters`). Values reach templates already validated by
the inventory models, and are checked again here, whatever inventory they came from:
every string of the context goes through :func:`~tbwan.inventory.fields.config_ascii`
(no line break of any kind, folded to printable ASCII, the field named when refused),
and the rendered text must be printable ASCII lines. Template errors name the template,
line and host.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)

from tbwan.credentials import Secrets
from tbwan.errors import RenderError
from tbwan.inventory.fields import config_ascii
from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.models import Inventory
from tbwan.platforms import get_platform
from tbwan.render.filters import filters

_NOT_CONFIG_TEXT = re.compile(r"[^\x20-\x7e\n]")


def template_name(platform: str, role: str) -> str:
    """Template path (relative to ``templates/``) for a platform and role.

    >>> template_name("ios", "ce-router")
    'ios/ce-router.j2'
    """
    return f"{get_platform(platform).template_dir}/{role}.j2"


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class Renderer:
    """Renders intended configs from host data with one shared, cached environment."""

    def __init__(self, templates: Path, secrets: Secrets | None = None) -> None:
        self.templates = templates
        self.secrets = secrets or Secrets()
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
        self.env.filters.update(filters())
        self.env.globals["secret"] = self.secrets.config_value
        self._shared: dict[int, tuple[Any, Any]] = {}

    def _config_context(self, host: str, context: Mapping[str, Any]) -> dict[str, Any]:
        """:func:`config_context` of each part; a site's and the plan's, shared by many
        hosts, are folded once (kept with the object they came from)."""
        out: dict[str, Any] = {}
        for key, value in context.items():
            hit = self._shared.get(id(value)) if key in ("site", "plan") else None
            if hit is not None and hit[0] is value:
                out[key] = hit[1]
                continue
            out[key] = config_context(host, value, key)
            if key in ("site", "plan"):
                self._shared[id(value)] = (value, out[key])
        return out

    def render(self, host: str, context: Mapping[str, Any]) -> str:
        """Config text of ``host`` from its ``device``, ``site`` and ``plan`` context."""
        context = self._config_context(host, context)
        device = context["device"]
        name = template_name(device["platform"], device["role"])
        try:
            template = self.env.get_template(name)
            text = template.render(
                **context,
                local_user=context["plan"]["local_user"],
                management_source=management_source(device),
            )
        except TemplateNotFound as exc:
            if exc.name == name:
                raise RenderError(
                    f"host {host}: no template {self.templates / name} for role "
                    f"{device['role']!r}: add one"
                ) from None
            raise RenderError(
                f"host {host}: template {name} includes {exc.name!r}, which "
                f"does not exist under {self.templates}"
            ) from None
        except TemplateError as exc:
            file, line = _template_line(exc)
            where = f"{file}:{line}" if line else (file or name)
            raise RenderError(f"host {host}: template {where}: {exc.message}") from None
        except Exception as exc:  # a filter or test given data it cannot take
            file, line = _template_line(exc)
            where = f"{file}:{line}" if line else (file or name)
            raise RenderError(
                f"host {host}: template {where} cannot use this host's data "
                f"({type(exc).__name__}: {exc}): the device does not fit the template of "
                f"role {device['role']!r}; check its interfaces and addresses, or its role"
            ) from None
        bad = _NOT_CONFIG_TEXT.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            raise RenderError(
                f"host {host}: rendered config line {line} contains {bad.group()!r} "
                f"(U+{ord(bad.group()):04X}), which is not printable ASCII; check the "
                "inventory values and secrets of this host"
            )
        return _tidy(text)


def config_context(host: str, value: Any, path: str = "") -> Any:
    """``value`` with every string checked and folded for a config, recursively.

    A refused string raises :class:`RenderError` naming the host and the field, e.g.
    ``device.interfaces[2].description``.
    """
    try:
        return _fold(value)
    except ValueError:
        where, exc = _first_refused(value, path)
        raise RenderError(f"host {host}: field {where}: {exc}; fix it in the inventory") from None


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        return _config_ascii(value)
    if isinstance(value, Mapping):
        return {(_config_ascii(k) if isinstance(k, str) else k): _fold(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_fold(v) for v in value]
    return value


# The same few hundred strings (modes, roles, VLAN names) recur in every host's context.
_config_ascii = functools.lru_cache(maxsize=65536)(config_ascii)


def _first_refused(value: Any, path: str) -> tuple[str, ValueError]:
    """Where in ``value`` the first refused string is (only walked on an error)."""
    if isinstance(value, str):
        try:
            config_ascii(value)
        except ValueError as exc:
            return path, exc
    elif isinstance(value, Mapping):
        for k, v in value.items():
            where = f"{path}.{k}" if path else str(k)
            for item in (k, v):
                found = _first_refused(item, where)
                if found[0]:
                    return found
    elif isinstance(value, list | tuple):
        for n, v in enumerate(value):
            found = _first_refused(v, f"{path}[{n}]")
            if found[0]:
                return found
    return "", ValueError()


def _tidy(text: str) -> str:
    """Collapse runs of blank lines and ``!`` separators left by empty blocks."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line == "!" and lines and lines[-1] == "!":
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def management_source(device: Mapping[str, Any]) -> str:
    """Interface the device sources management traffic from: the one holding its primary
    address (a loopback, or a switch's SVI), else its platform's router-id loopback."""
    for i in device["interfaces"]:
        if i["ipv4"] == device["primary_ip"]:
            return str(i["name"])
    return get_platform(device["platform"]).loopback


def host_context(
    device: Mapping[str, Any], site: Mapping[str, Any], plan: Mapping[str, Any]
) -> dict[str, Any]:
    """The template context of one host."""
    return {"device": device, "site": site, "plan": plan}


def render_inventory(
    inv: Inventory,
    templates: Path,
    secrets: Secrets | None = None,
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """Host name -> intended config for every device of ``inv`` (or those in ``only``),
    without Nornir."""
    renderer = Renderer(templates, secrets)
    data = nornir_data(inv, only)
    out: dict[str, str] = {}
    for spec in data.hosts.values():
        site = data.groups[spec.groups[0]].data["site"]
        out[spec.name] = renderer.render(
            spec.name, host_context(spec.data["device"], site, data.defaults["plan"])
        )
    return out


def render_problems(inv: Inventory, templates: Path) -> list[str]:
    """The render error of every device that does not fit its role's template (a role
    given to a device without the interfaces or addresses the template uses), with
    secrets masked: what ``tbwan inventory check`` reports before any push."""
    renderer = Renderer(templates)
    data = nornir_data(inv)
    found: list[str] = []
    for spec in data.hosts.values():
        site = data.groups[spec.groups[0]].data["site"]
        try:
            renderer.render(
                spec.name, host_context(spec.data["device"], site, data.defaults["plan"])
            )
        except RenderError as exc:
            found.append(exc.message)
    return found


if __name__ == "__main__":  # pragma: no cover - debugging aid
    from tbwan.inventory.store import load_inventory

    configs = render_inventory(load_inventory(Path("inventory")), Path("templates"))
    sys.stdout.write(configs[sys.argv[1]])

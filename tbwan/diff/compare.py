"""Compare one host's intended and running configs: drift per feature, remediation, rollback.

Secrets (:mod:`tbwan.diff.prepare`): both sides are compared with each secret replaced by
a keyed digest of its value (``<secret:1a2b3c4d>``, random key per run), so a changed
secret is drift (a missing and an extra line with different tokens: "secret changed")
and never shown; a secret already masked (``<removed>``, as backups store them) matches
any value. In a :class:`~tbwan.diff.models.HostDrift` the paths hold the tokens and the
remediation and rollback hold ``<removed>`` (they may be stored and compared by a later
run). The commands with real secrets, for a push, come only from :func:`plan_changes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hier_config import HConfig, HConfigChild, Platform

from tbwan.diff.features import Feature, classify, feature_rules, vty_acl_names
from tbwan.diff.models import ConfigPath, FeatureDrift, HostDrift
from tbwan.diff.prepare import Prepared, prepare
from tbwan.diff.remediation import changes, parse_config, render_commands
from tbwan.diff.secrets import mask_line_in_section, plain_masks

_NAMED_ACL = re.compile(r"^ip(?:v4|v6)?\s+access-list\s")
_SEQUENCE = re.compile(r"^\d+\s+")


def _walk(node: HConfig | HConfigChild, parents: ConfigPath) -> Iterator[ConfigPath]:
    in_acl = bool(parents) and _NAMED_ACL.match(parents[0]) is not None
    for child in node.children:
        # hier_config numbers named-ACL entries by position; the number is not config.
        text = _SEQUENCE.sub("", child.text) if in_acl else child.text
        path = (*parents, text)
        yield path
        yield from _walk(child, path)


def config_paths(config: HConfig) -> tuple[ConfigPath, ...]:
    """Every line of ``config`` as a full path, in config order.

    >>> from hier_config import get_hconfig, Platform
    >>> config_paths(get_hconfig(Platform.CISCO_IOS, "interface Gi0/1\\n shutdown"))
    (('interface Gi0/1',), ('interface Gi0/1', 'shutdown'))
    """
    return tuple(_walk(config, ()))


def mask_path(path: ConfigPath) -> ConfigPath:
    """Mask the secret in each element of ``path`` (the top-level line gives the context).

    >>> mask_path(("radius server R1", "key 7 0822"))
    ('radius server R1', 'key 7 <removed>')
    """
    return tuple(
        mask_line_in_section(" " * depth + text, path[0]).lstrip(" ")
        for depth, text in enumerate(path)
    )


def _group(
    missing: Iterable[ConfigPath], extra: Iterable[ConfigPath], vty_acls: frozenset[str]
) -> tuple[FeatureDrift, ...]:
    rules = feature_rules(vty_acls)
    grouped: dict[Feature, tuple[list[ConfigPath], list[ConfigPath]]] = {}
    for side, paths in enumerate((missing, extra)):
        for path in paths:
            grouped.setdefault(classify(path, rules), ([], []))[side].append(mask_path(path))
    return tuple(
        FeatureDrift(feature=f, missing=tuple(grouped[f][0]), extra=tuple(grouped[f][1]))
        for f in Feature
        if f in grouped
    )


@dataclass(frozen=True, slots=True)
class ChangePlan:
    """Unmasked commands for a push; never put these in a report."""

    remediation: str
    rollback: str


def _parse_pair(pair: Prepared, platform: Platform, host: str) -> tuple[HConfig, HConfig]:
    """Parse the sections that differ (all hier_config needs: the rest is the same)."""
    prefix = f"{host}: " if host else ""
    want, have = pair.subset(pair.changed_groups())
    return (
        parse_config(want, platform, label=f"{prefix}intended config"),
        parse_config(have, platform, label=f"{prefix}running config"),
    )


def plan_changes(
    intended: str, running: str, *, platform: Platform = Platform.CISCO_IOS, host: str = ""
) -> ChangePlan:
    """Remediation (running -> intended) and rollback (intended -> running), unmasked.

    Raises:
        DiffError: Either config cannot be parsed.
    """
    pair = prepare(intended, running, host=host)
    want, have = _parse_pair(pair, platform, host)
    return ChangePlan(
        remediation=pair.unmask(render_commands(changes(have, want), mask=False)),
        rollback=pair.unmask(render_commands(changes(want, have), mask=False)),
    )


def diff_configs(
    host: str, intended: str, running: str, *, platform: Platform = Platform.CISCO_IOS
) -> HostDrift:
    """Compare ``intended`` with ``running`` for ``host``; every secret in the result is masked.

    Args:
        host: The host name, used in the result and in error messages.
        intended: The rendered config the host should run.
        running: The host's running config (raw ``show running-config`` or a backup).
        platform: hier_config platform of both configs.

    Returns:
        Lines missing and extra per feature, and the masked remediation and rollback.

    Raises:
        DiffError: Either config cannot be parsed.
    """
    pair = prepare(intended, running, host=host)
    if not pair.changed_groups():
        return HostDrift(host=host)  # exact: identical sections parse to identical trees
    want, have = _parse_pair(pair, platform, host)
    want_paths, have_paths = config_paths(want), config_paths(have)
    have_set, want_set = set(have_paths), set(want_paths)
    missing = [p for p in want_paths if p not in have_set]
    extra = [p for p in have_paths if p not in want_set]
    return HostDrift(
        host=host,
        features=_group(missing, extra, vty_acl_names((pair.want.paths, pair.have.paths))),
        remediation=plain_masks(render_commands(changes(have, want))),
        rollback=plain_masks(render_commands(changes(want, have))),
    )

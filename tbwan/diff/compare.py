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

from hier_config import HConfig, HConfigChild
from hier_config import Platform as HConfigPlatform

from tbwan.diff.blocks import NAMED_ACL, block_commands, block_drift, is_block
from tbwan.diff.features import Feature, classify, feature_rules, vty_acl_names
from tbwan.diff.models import ConfigPath, FeatureDrift, HostDrift
from tbwan.diff.prepare import Prepared, prepare
from tbwan.diff.remediation import changes, parse_config, render_commands
from tbwan.diff.secrets import mask_line_in_section, plain_masks
from tbwan.platforms import IOS, Platform

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


def mask_path(path: ConfigPath, platform: Platform = IOS) -> ConfigPath:
    """Mask the secret in each element of ``path`` (the top-level line gives the context).

    >>> mask_path(("radius server R1", "key 7 0822"))
    ('radius server R1', 'key 7 <removed>')
    """
    return tuple(
        mask_line_in_section(" " * depth + text, path[0], platform=platform).lstrip(" ")
        for depth, text in enumerate(path)
    )


def _group(
    missing: Iterable[ConfigPath],
    extra: Iterable[ConfigPath],
    vty_acls: frozenset[str],
    platform: Platform,
) -> tuple[FeatureDrift, ...]:
    rules = feature_rules(vty_acls, platform)
    grouped: dict[Feature, tuple[list[ConfigPath], list[ConfigPath]]] = {}
    for side, paths in enumerate((missing, extra)):
        for path in paths:
            grouped.setdefault(classify(path, rules), ([], []))[side].append(
                mask_path(path, platform)
            )
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


@dataclass(frozen=True, slots=True)
class _Delta:
    missing: list[ConfigPath]
    extra: list[ConfigPath]
    remediation: str
    rollback: str


def _commands(
    blocks: tuple[list[str], list[str]], hier: HConfig, mask: bool, platform: Platform
) -> str:
    """The block commands that go first, hier_config's, then the block commands after."""
    first, last = ("".join(f"{line}\n" for line in part) for part in blocks)
    return first + render_commands(hier, mask=mask, platform=platform) + last


def _blocks(pair: Prepared, keys: list[str], forward: bool) -> tuple[list[str], list[str]]:
    """Commands for the ACLs and certificate chains: (before hier_config's, after)."""
    first: list[str] = []
    last: list[str] = []
    for key in keys:
        want, have = pair.content(key)
        source, target = (have, want) if forward else (want, have)
        commands = block_commands(source, target)
        # a new or changed ACL before the interfaces that apply it; removals and
        # certificates (their trustpoint comes from hier_config's part) after
        early = bool(target) and NAMED_ACL.match(key) is not None
        (first if early else last).extend(commands)
    return first, last


def _compute(pair: Prepared, profile: Platform, host: str, *, mask: bool) -> _Delta:
    """Drift and commands over the sections that differ (the rest is the same)."""
    platform = HConfigPlatform[profile.hier_config_driver]
    groups = pair.changed_groups()
    blocks = [k for k in groups if is_block(k)]
    prefix = f"{host}: " if host else ""
    want_text, have_text = pair.subset([k for k in groups if not is_block(k)])
    want = parse_config(want_text, platform, label=f"{prefix}intended config")
    have = parse_config(have_text, platform, label=f"{prefix}running config")
    want_paths, have_paths = config_paths(want), config_paths(have)
    have_set, want_set = set(have_paths), set(want_paths)
    missing = [p for p in want_paths if p not in have_set]
    extra = [p for p in have_paths if p not in want_set]
    for key in blocks:
        block_missing, block_extra = block_drift(*pair.content(key))
        missing += block_missing
        extra += block_extra
    return _Delta(
        missing,
        extra,
        _commands(_blocks(pair, blocks, True), changes(have, want), mask, profile),
        _commands(_blocks(pair, blocks, False), changes(want, have), mask, profile),
    )


def plan_changes(intended: str, running: str, *, platform: Platform, host: str = "") -> ChangePlan:
    """Remediation (running -> intended) and rollback (intended -> running), unmasked.

    ``platform`` is the host's profile (:func:`tbwan.platforms.platform_of`).

    Raises:
        DiffError: Either config cannot be parsed.
    """
    pair = prepare(intended, running, platform=platform, host=host)
    if not pair.changed_groups():
        return ChangePlan(remediation="", rollback="")
    delta = _compute(pair, platform, host, mask=False)
    return ChangePlan(
        remediation=pair.unmask(delta.remediation), rollback=pair.unmask(delta.rollback)
    )


def diff_configs(host: str, intended: str, running: str, *, platform: Platform) -> HostDrift:
    """Compare ``intended`` with ``running`` for ``host``; every secret in the result is masked.

    Args:
        host: The host name, used in the result and in error messages.
        intended: The rendered config the host should run.
        running: The host's running config (raw ``show running-config`` or a backup).
        platform: The host's platform profile (:func:`tbwan.platforms.platform_of`).

    Returns:
        Lines missing and extra per feature, and the masked remediation and rollback.

    Raises:
        DiffError: Either config cannot be parsed.
    """
    pair = prepare(intended, running, platform=platform, host=host)
    if not pair.changed_groups():
        return HostDrift(host=host)  # exact: identical sections parse to identical trees
    delta = _compute(pair, platform, host, mask=True)
    vty = vty_acl_names((pair.vty_paths,))
    return HostDrift(
        host=host,
        features=_group(delta.missing, delta.extra, vty, platform),
        remediation=plain_masks(delta.remediation),
        rollback=plain_masks(delta.rollback),
    )

"""Realistic single changes to every real config: found exactly, in the right feature, fixed.

For each config, each change that applies to it (an ACL entry inserted mid-list, a remark
edited, an interface shut, a banner's text, an NTP server, a secret, a certificate) makes
an intended/running pair. The drift must be exactly that change in its feature, never
show a secret, and the remediation applied to the running config (hier_config's
``future``, plus the ACL and certificate rules) must give a config compliant with the
intended one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from real_corpus import CONFIGS, config_secrets, read, readable

from tbwan.diff import MASK, Feature, HostDrift, diff_configs, mask_secrets, plan_changes
from tbwan.diff.remediation import future_config
from tbwan.platforms import IOS

_ACL = re.compile(r"^ip access-list (?:standard|extended) (\S+)\s*$")
_ENTRY = re.compile(r"^ +(?:(\d+) +)?(permit|deny) ")
_VTY_CLASS = re.compile(r"^ access-class (\S+) in", re.M)


@dataclass(frozen=True)
class Change:
    """An intended/running pair and what the drift must be."""

    intended: str
    running: str
    feature: Feature
    missing: tuple[tuple[str, ...], ...] | None  # None: check the counts only
    extra: tuple[tuple[str, ...], ...] | None
    counts: tuple[int, int] = (0, 0)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _ending(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _acl_feature(text: str, name: str) -> Feature:
    return Feature.MANAGEMENT if name in _VTY_CLASS.findall(text) else Feature.SECURITY


def acl_insert(text: str) -> Change | None:
    lines = _lines(text)
    for i, line in enumerate(lines):
        match = _ACL.match(line.rstrip())
        if not match:
            continue
        entries = []
        for j in range(i + 1, len(lines)):
            if not lines[j].startswith(" "):
                break
            if _ENTRY.match(lines[j]):
                entries.append(j)
        if len(entries) < 2:
            continue
        last = entries[-1]
        seq = _ENTRY.match(lines[last])
        assert seq is not None
        new = "permit 192.0.2.77" if "standard" in line else "permit ip host 192.0.2.77 any"
        if seq.group(1):
            before = _ENTRY.match(lines[entries[-2]])
            assert before is not None and before.group(1)
            number = int(before.group(1)) + 1
            if number >= int(seq.group(1)):
                continue
            added = f" {number} {new}{_ending(text)}"
        else:
            added = f" {new}{_ending(text)}"
        intended = "".join([*lines[:last], added, *lines[last:]])
        header = line.rstrip()
        return Change(intended, text, _acl_feature(text, match.group(1)), ((header, new),), ())
    return None


def remark_edit(text: str) -> Change | None:
    lines = _lines(text)
    header = ""
    for i, line in enumerate(lines):
        if not line.startswith(" "):
            header = line.rstrip()
            continue
        match = _ACL.match(header)
        body = line.strip()
        if match and re.match(r"^(?:\d+ )?remark ", body):
            old = re.sub(r"^\d+ ", "", body)
            changed = line.replace(old, old + " (edited)")
            intended = "".join([*lines[:i], changed, *lines[i + 1 :]])
            return Change(
                intended,
                text,
                _acl_feature(text, match.group(1)),
                ((header, " ".join(f"{old} (edited)".split())),),
                ((header, " ".join(old.split())),),
            )
    return None


def interface_shut(text: str) -> Change | None:
    lines = _lines(text)
    for i, line in enumerate(lines):
        if not line.startswith("interface "):
            continue
        body = []
        for j in range(i + 1, len(lines)):
            if not lines[j].startswith(" "):
                break
            body.append(lines[j].strip())
        if "shutdown" in body or "no shutdown" in body:
            continue
        header = line.rstrip()
        running = "".join([*lines[: i + 1], f" shutdown{_ending(text)}", *lines[i + 1 :]])
        vpn = re.match(r"^interface (?:Tunnel|Virtual-Template|Virtual-Access)", header)
        feature = Feature.VPN if vpn else Feature.INTERFACES
        return Change(text, running, feature, (), ((header, "shutdown"),))
    return None


def banner_text(text: str) -> Change | None:
    lines = _lines(text)
    for i, line in enumerate(lines):
        if line.startswith("banner ") and i + 1 < len(lines):
            body = lines[i + 1]
            if "^" in body or not body.strip():
                continue
            running = "".join([*lines[: i + 1], "Changed by hand" + body, *lines[i + 2 :]])
            return Change(text, running, Feature.MANAGEMENT, None, None, (1, 1))
    return None


def ntp_server(text: str) -> Change | None:
    line = "ntp server 192.0.2.123"
    if line in text:
        return None
    running = text + ("" if text.endswith(("\n", "\r")) else _ending(text)) + line + _ending(text)
    return Change(text, running, Feature.MANAGEMENT, (), ((line,),))


def secret_changed(text: str) -> Change | None:
    lines, masked = _lines(text), _lines(mask_secrets(text))
    for i, (line, hidden) in enumerate(zip(lines, masked, strict=True)):
        if line == hidden or hidden.count(MASK) != 1 or line.startswith(("ip access-list",)):
            continue
        start = hidden.index(MASK)
        end = len(line) - (len(hidden) - start - len(MASK))
        value = line[start:end]
        if not value or value.startswith("<"):
            continue
        running = "".join([*lines[:i], line[:start] + value + "Z9" + line[end:], *lines[i + 1 :]])
        top = next((t for t in reversed(lines[: i + 1]) if t.strip() and not t[0].isspace()), line)
        if lines[i + 1 : i + 2] and lines[i + 1].startswith(
            line[: len(line) - len(line.lstrip())] + " "
        ):
            continue  # a section head with children: a changed secret renames the section
        feature = _top_feature(top)
        return Change(text, running, feature, None, None, (1, 1))
    return None


def _top_feature(top: str) -> Feature:
    from tbwan.diff import classify

    return classify((top.rstrip(),))


def certificate(text: str) -> Change | None:
    lines = _lines(text)
    in_chain = False
    for i, line in enumerate(lines):
        if re.match(r"^crypto (?:pki|ca) certificate chain ", line):
            in_chain = True
            continue
        if in_chain and re.match(r"^\s+[0-9A-F]{8}( |$)", line):
            first = line.lstrip()[0]
            swapped = "1" if first != "1" else "2"
            changed = line.replace(first, swapped, 1)
            running = "".join([*lines[:i], changed, *lines[i + 1 :]])
            return Change(text, running, Feature.VPN, None, None, (1, 1))
        if in_chain and not line.startswith(" "):
            in_chain = False
    return None


CHANGES: dict[str, Callable[[str], Change | None]] = {
    "acl-insert": acl_insert,
    "remark-edit": remark_edit,
    "interface-shut": interface_shut,
    "banner-text": banner_text,
    "ntp-server": ntp_server,
    "secret-changed": secret_changed,
    "certificate": certificate,
}

CASES = [
    (path, kind)
    for path in CONFIGS
    if readable(path)
    for kind, make in CHANGES.items()
    if make(read(path)) is not None
]


def test_every_kind_of_change_is_exercised() -> None:
    kinds = {kind for _, kind in CASES}
    assert kinds == set(CHANGES)
    assert len(CASES) >= 150


def _paths(drift: HostDrift, side: str) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(" ".join(e.split()) for e in p) for f in drift.features for p in getattr(f, side)
    )


@pytest.mark.parametrize(("path", "kind"), CASES, ids=lambda c: getattr(c, "stem", c))
def test_single_change(path: Path, kind: str) -> None:
    change = CHANGES[kind](read(path))
    assert change is not None
    drift = diff_configs(path.stem, change.intended, change.running, platform=IOS)
    assert [f.feature for f in drift.features] == [change.feature]
    if change.missing is None or change.extra is None:
        assert (drift.missing_count, drift.extra_count) == change.counts
    else:
        assert _paths(drift, "missing") == change.missing
        assert _paths(drift, "extra") == change.extra
    if kind == "secret-changed":
        assert drift.features[0].secret_changed
    assert config_secrets(path).leaked(drift.model_dump_json()) == []
    plan = plan_changes(change.intended, change.running, platform=IOS)
    after = future_config(change.running, plan.remediation)
    assert diff_configs(path.stem, change.intended, after, platform=IOS).compliant, plan.remediation
    if kind == "acl-insert":  # one command, no existing entry removed
        assert not re.search(r"^ no \d+", plan.remediation, re.M)
        assert len([c for c in plan.remediation.splitlines() if c.startswith(" ")]) == 2

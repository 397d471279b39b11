"""The real-config corpus (tests/fixtures/real) as test cases: files, facts, secrets."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
CONFIGS = sorted((REAL / "configs").glob("*.cfg"))
REVISION_DEVICES = sorted(p for p in (REAL / "revisions").glob("*") if p.is_dir())

# What tbwan cannot compare, by design (an error naming the line, never "compliant"): a
# device that printed an indented "interface" (an old IOS bug kept in a public sample) and
# an SD-WAN config with "exit" lines. Found from the text, not listed by name.
UNREADABLE = re.compile(r"^[ \t]+interface\s|^exit\s*$", re.M)


@cache
def index() -> dict[str, Any]:
    """index.yaml."""
    data: dict[str, Any] = yaml.safe_load((REAL / "index.yaml").read_text(encoding="utf-8"))
    return data


def read(path: Path) -> str:
    """A corpus file as tbwan reads a device's output (bytes kept, CRLF and all)."""
    return path.read_bytes().decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Secrets:
    """The ground-truth secret values of a file, and those that also occur as plain text."""

    values: tuple[str, ...]
    also_plain: frozenset[str]

    def leaked(self, text: str) -> list[str]:
        """Secret values found in ``text`` (a value also used as plain text is checked
        as a whole word next to a secret keyword only)."""
        found = []
        for value in self.values:
            if value in self.also_plain:
                pattern = rf"(?:password|secret|key|community)\s+(?:\d\s+)?{re.escape(value)}\b"
                if re.search(pattern, text):
                    found.append(value)
            elif value in text:
                found.append(value)
        return found


def config_secrets(path: Path) -> Secrets:
    """The secrets index.yaml lists for one config file."""
    facts = index()["configs"][path.name]
    return Secrets(
        tuple(facts.get("secrets") or ()), frozenset(facts.get("secrets_also_plain") or ())
    )


def device_secrets(device: Path) -> Secrets:
    """The secrets index.yaml lists over every revision of one device."""
    facts = index()["revisions"][device.name]
    return Secrets(
        tuple(facts.get("secrets") or ()), frozenset(facts.get("secrets_also_plain") or ())
    )


def readable(path: Path) -> bool:
    """Whether tbwan is expected to compare the file (see UNREADABLE)."""
    return UNREADABLE.search(read(path)) is None


def revision_pairs() -> list[tuple[Path, Path]]:
    """Every pair of consecutive revisions of every device."""
    pairs: list[tuple[Path, Path]] = []
    for device in REVISION_DEVICES:
        files = sorted(device.glob("*.cfg"))
        pairs += list(itertools.pairwise(files))
    return pairs

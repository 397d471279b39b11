"""The typed result of comparing one host's intended and running configs."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from tbwan.diff.features import Feature

ConfigPath = tuple[str, ...]
"""A config line with its section parents, top-level first."""


class FeatureDrift(BaseModel):
    """The drift of one feature: lines to add (missing) and lines to remove (extra)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    feature: Feature
    missing: tuple[ConfigPath, ...] = Field(
        default=(), description="In intended, not in running (full paths)."
    )
    extra: tuple[ConfigPath, ...] = Field(
        default=(), description="In running, not in intended (full paths)."
    )

    @property
    def line_count(self) -> int:
        """Missing plus extra lines."""
        return len(self.missing) + len(self.extra)

    @property
    def secret_changed(self) -> tuple[ConfigPath, ...]:
        """Lines missing and extra that differ only by a secret's digest: "secret changed".

        >>> FeatureDrift(feature="aaa", missing=(("key 7 <secret:0a0a0a0a>",),),
        ...     extra=(("key 7 <secret:1b1b1b1b>",),)).secret_changed
        (('key 7 <secret>',),)
        """
        extra = {_no_digest(p) for p in self.extra}
        return tuple(
            shape
            for shape in (_no_digest(p) for p in self.missing)
            if shape in extra and any("<secret>" in e for e in shape)
        )


class HostDrift(BaseModel):
    """Intended vs running for one host; secrets are always masked in every field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    features: tuple[FeatureDrift, ...] = Field(
        default=(), description="Only features with drift, in Feature order."
    )
    remediation: str = Field(default="", description="IOS commands: running -> intended.")
    rollback: str = Field(default="", description="IOS commands: intended -> running.")

    @property
    def compliant(self) -> bool:
        """True when no line is missing or extra."""
        return self.line_count == 0

    @property
    def line_count(self) -> int:
        """Missing plus extra lines over all features."""
        return sum(f.line_count for f in self.features)

    @property
    def missing_count(self) -> int:
        """Lines in intended, not in running."""
        return sum(len(f.missing) for f in self.features)

    @property
    def extra_count(self) -> int:
        """Lines in running, not in intended."""
        return sum(len(f.extra) for f in self.features)

    def by_feature(self) -> dict[Feature, FeatureDrift]:
        """The features with drift, keyed by feature."""
        return {f.feature: f for f in self.features}


_DIGEST = re.compile(r"<secret:[0-9a-f]{8}>")


def _no_digest(path: ConfigPath) -> ConfigPath:
    return tuple(_DIGEST.sub("<secret>", e) for e in path)


def path_text(path: ConfigPath, separator: str = " > ") -> str:
    """One line of text for a config path.

    >>> path_text(("interface Gi0/1", "description WAN"))
    'interface Gi0/1 > description WAN'
    """
    return separator.join(path)


def path_config_lines(path: ConfigPath) -> list[str]:
    """A config path as indented IOS lines (one space per level).

    >>> path_config_lines(("interface Gi0/1", "description WAN"))
    ['interface Gi0/1', ' description WAN']
    """
    return [" " * depth + text for depth, text in enumerate(path)]

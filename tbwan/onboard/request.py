"""What an engineer asks for when onboarding a commune, validated."""

from __future__ import annotations

import re
import unicodedata

from netutils.bandwidth import name_to_bits
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tbwan.inventory.fields import SafeText, Slug
from tbwan.inventory.models import MEDIA_RATES, Media


def parse_rate(text: str) -> int:
    """A rate such as ``10M``, ``4Mbps`` or ``2000k`` in kbit/s.

    >>> parse_rate("10M"), parse_rate("4Mbps"), parse_rate("2000k")
    (10000, 4000, 2000)
    """
    m = re.fullmatch(r" *(\d+(?:\.\d+)?) *([kKmMgG])(?:bps)? *", text, flags=re.ASCII)
    if not m:
        raise ValueError(f"rate {text!r} is not a rate: write it like 10M, 4Mbps or 2000k")
    unit = {"k": "Kbps", "m": "Mbps", "g": "Gbps"}[m.group(2).lower()]
    return int(name_to_bits(f"{m.group(1)}{unit}") // 1000)


class CommuneRequest(BaseModel):
    """``tbwan onboard commune`` arguments (or one CSV row)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    district: Slug
    code: str = Field(pattern=r"^[0-9]{5}$", description="GSO code of the commune (5 digits)")
    name: SafeText
    uplink: Media
    rate_kbps: int | None = None
    unit_type: SafeText = "xã"
    new_unit: bool = Field(
        default=False, description="the code is a unit created after the province's list"
    )

    @field_validator("name", "unit_type", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        # "Xã Tân Lập" typed on one keyboard and pasted from another are the same name.
        # Only spaces are trimmed: any other character at an edge is checked, not dropped.
        return unicodedata.normalize("NFC", value.strip(" ")) if isinstance(value, str) else value

    @field_validator("rate_kbps", mode="before")
    @classmethod
    def _parse_rate(cls, value: object) -> object:
        return parse_rate(value) if isinstance(value, str) else value

    def rate(self) -> int | None:
        """The contracted rate, checked against what the medium is sold at."""
        if self.rate_kbps is None:
            return None
        allowed = MEDIA_RATES[self.uplink]
        if self.rate_kbps not in allowed:
            shown = ", ".join(f"{r // 1000}M" for r in allowed)
            raise ValueError(
                f"rate {self.rate_kbps} kbit/s is not sold on {self.uplink.value}: use one of "
                f"{shown}"
            )
        return self.rate_kbps

"""How discovered facts become records: naming, sites, roles, circuits (configurable).

The defaults fit hand-made hostnames like ``TB_SONV_RT01`` (site ``tb-sonv``, device
``tb-sonv-rt01``) and circuit ids like ``TBDL-005`` in descriptions. A YAML file with any
of the fields below (``tbwan discover --rules FILE``) replaces them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tbwan.errors import InventoryError
from tbwan.inventory.models import Role

SiteSource = Literal["csv", "location", "hostname"]


class DiscoverRules(BaseModel):
    """Conventions that turn one device's facts into records."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site_from: tuple[SiteSource, ...] = ("csv", "location", "hostname")
    location_pattern: str = Field(
        default=r"\[(?P<site>[A-Za-z0-9][A-Za-z0-9_-]*)\]",
        description="regex on `snmp-server location`; group `site` is the site slug",
    )
    hostname_pattern: str = Field(
        default=r"^(?P<site>[a-z0-9][a-z0-9-]*?)-(?P<suffix>[a-z]+\d+)$",
        description="regex on the normalised device name; group `site` is the site slug",
    )
    circuit_pattern: str = Field(
        default=r"\b(?P<cid>tb[a-z]{2}-\d{3}|[a-z]+-idc-\d{3})\b",
        description="regex (case-insensitive) on descriptions; group `cid` is a circuit id",
    )
    circuit_provider: str = Field(
        default="vnpt", description="provider of `tb..-NNN` lines (others: the id's first word)"
    )
    circuit_termination: str = Field(
        default="tb-vnpt", description="site where the carrier's circuits land"
    )
    vpn_termination: str = Field(
        default="tb-ttthdl", description="site Internet circuits carry IPsec to"
    )
    role_patterns: dict[str, Role] = Field(
        default={
            r"-sw\d+$": Role.ACCESS_SWITCH,
            r"-fw\d+$": Role.DIC_FIREWALL,
            r"-edge\d+$": Role.DIC_EDGE,
            r"-core\d+$": Role.DIC_CORE,
        },
        description="regex on the device name -> role; routers are told apart by their config",
    )
    commune_models: tuple[str, ...] = ("C1111",)
    vlan_roles: dict[str, str] = Field(default={"mgmt": "management"})
    untagged_lan_role: str = Field(
        default="lan", description="role of a prefix on a routed port without a VLAN"
    )
    site_kind: str = Field(
        default="discovered", description="kind of new sites (one with a commune router: commune)"
    )
    region: str | None = Field(default=None, description="region of new sites (default: root)")

    @field_validator("location_pattern", "hostname_pattern", "circuit_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    def device_name(self, hostname: str) -> str:
        """The source-of-truth name of a device from its hostname.

        >>> DiscoverRules().device_name("TB_SONV_RT01")
        'tb-sonv-rt01'
        """
        return hostname.strip().lower().replace("_", "-")

    def site_from_hostname(self, name: str) -> str | None:
        """The site slug in a (normalised) device name, if the pattern matches.

        >>> DiscoverRules().site_from_hostname("tb-12433-le-hong-phong-rt01")
        'tb-12433-le-hong-phong'
        """
        match = re.search(self.hostname_pattern, name)
        return match.group("site") if match else None

    def site_from_location(self, location: str) -> str | None:
        """The site slug in an ``snmp-server location`` text, if the pattern matches.

        >>> DiscoverRules().site_from_location("So Noi vu [TB-SONV]")
        'tb-sonv'
        """
        match = re.search(self.location_pattern, location)
        return self.device_name(match.group("site")) if match else None

    def circuit(self, description: str | None) -> str | None:
        """The circuit id a description names.

        >>> DiscoverRules().circuit("** VNPT TBDL-005 FIBER >> TB_TTTHDL_EDGE01 **")
        'tbdl-005'
        """
        if not description:
            return None
        match = re.search(self.circuit_pattern, description, re.IGNORECASE)
        return match.group("cid").lower() if match else None

    def provider(self, cid: str) -> str:
        """The provider of a circuit id.

        >>> DiscoverRules().provider("tbdl-005"), DiscoverRules().provider("viettel-idc-001")
        ('vnpt', 'viettel')
        """
        return self.circuit_provider if cid.startswith("tb") else cid.split("-", maxsplit=1)[0]

    def role_by_name(self, name: str) -> Role | None:
        """The role the name's pattern gives, if any."""
        for pattern, role in self.role_patterns.items():
            if re.search(pattern, name):
                return role
        return None


def load_rules(path: Path | None) -> DiscoverRules:
    """The rules in ``path`` (YAML mapping), or the defaults."""
    if path is None:
        return DiscoverRules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return DiscoverRules.model_validate(data)
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read the discovery rules ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise InventoryError(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise InventoryError(f"{path}: field {field}: {err['msg']}") from None

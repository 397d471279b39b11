"""Contract: every role a platform declares has a template; every platform is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.inventory.models import Role
from tbwan.platforms import IOS, PLATFORMS
from tbwan.render.engine import template_name

ROLES = [(slug, role) for slug, p in sorted(PLATFORMS.items()) for role in sorted(p.roles)]


@pytest.mark.parametrize(("platform", "role"), ROLES)
def test_template_exists(repo: Path, platform: str, role: str) -> None:
    assert (repo / "templates" / template_name(platform, role)).is_file()


def test_ios_covers_every_role() -> None:
    assert IOS.roles == {r.value for r in Role}


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_platform_roles_are_known(slug: str) -> None:
    assert PLATFORMS[slug].roles <= {r.value for r in Role}


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_platform_row_is_complete(slug: str) -> None:
    p = PLATFORMS[slug]
    assert p.netmiko_device_type
    assert p.napalm_driver
    assert p.hier_config_platform
    assert p.running_config_command.startswith("show")
    assert p.template_dir == slug

"""Contract: every role on every platform has a template; every platform is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.inventory.models import Role
from tbwan.platforms import PLATFORMS
from tbwan.render.engine import template_name


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_template_exists(repo: Path, platform: str, role: str) -> None:
    assert (repo / "templates" / template_name(platform, role)).is_file()


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_platform_row_is_complete(slug: str) -> None:
    p = PLATFORMS[slug]
    assert p.netmiko_device_type
    assert p.napalm_driver
    assert p.hier_config_platform
    assert p.running_config_command.startswith("show")
    assert p.template_dir == slug

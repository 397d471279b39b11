"""No ground-truth secret of the corpus survives backup masking or a comparison's result."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_corpus import CONFIGS, REVISION_DEVICES, config_secrets, device_secrets, read, readable

from tbwan.cli.diff import drift_json
from tbwan.diff import diff_configs, mask_secrets
from tbwan.diff.secrets import mask_diff
from tbwan.platforms import IOS
from tbwan.tasks.backup import clean_running


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_backup_of_config_holds_no_secret(path: Path) -> None:
    secrets = config_secrets(path)
    if secrets.values:  # the check can fail: the values are in the raw file
        assert secrets.leaked(read(path))
    assert secrets.leaked(mask_secrets(clean_running(read(path)))) == []
    # a deploy diff is the config with a "+" before each line
    added = "".join(f"+{line}\n" for line in read(path).splitlines())
    assert secrets.leaked(mask_diff(added)) == []


@pytest.mark.parametrize("device", REVISION_DEVICES, ids=lambda p: p.name)
def test_backups_of_revisions_hold_no_secret(device: Path) -> None:
    secrets = device_secrets(device)
    for path in sorted(device.glob("*.cfg")):
        assert secrets.leaked(mask_secrets(clean_running(read(path)))) == [], path.name


@pytest.mark.parametrize("path", [p for p in CONFIGS if readable(p)], ids=lambda p: p.stem)
def test_drift_against_empty_holds_no_secret(path: Path) -> None:
    """Every line missing (a factory-fresh device): every secret is in the result, masked."""
    drift = diff_configs(path.stem, read(path), "hostname new\n", platform=IOS)
    assert not drift.compliant
    assert config_secrets(path).leaked(drift.model_dump_json() + drift_json(drift)) == []

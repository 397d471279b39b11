"""Every real config compared with itself, with its cleaned form and with its backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_corpus import CONFIGS, read, readable

from tbwan.diff import diff_configs, mask_secrets
from tbwan.errors import DiffError
from tbwan.platforms import IOS
from tbwan.tasks.backup import clean_running


def test_corpus_is_there() -> None:
    assert len(CONFIGS) >= 40


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_self_cleaned_and_backup_compliant(path: Path) -> None:
    text = read(path)
    if not readable(path):
        with pytest.raises(DiffError, match=r"line \d+"):
            diff_configs(path.stem, text, text, platform=IOS)
        return
    cleaned = clean_running(text)
    for running in (text, cleaned, mask_secrets(cleaned)):
        drift = diff_configs(path.stem, text, running, platform=IOS)
        assert drift.compliant, drift.features
        assert drift.line_count == 0
        assert drift.remediation == drift.rollback == ""

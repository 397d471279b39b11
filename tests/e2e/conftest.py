"""The devices the e2e lab modules run on (``lab_env``, from ``tests/lab_env.py``)."""

from __future__ import annotations

from pathlib import Path

from lab_env import LabEnv

__all__ = ["HOSTS", "REPO", "LabEnv"]

REPO = Path(__file__).resolve().parents[2]

# Access switches: every line of their intended config is modelled by the lab.
HOSTS = (
    "tb-baothaibinh-sw01",
    "tb-bchqs-sw01",
    "tb-bhxh-sw01",
    "tb-bqlkcn-sw01",
    "tb-bvdk-sw01",
    "tb-congan-sw01",
)

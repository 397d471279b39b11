"""Staged convergence of an adopted network: one feature at a time, least risky first."""

from tbwan.converge.stages import ORDER, Stage, stage_config, stage_of

__all__ = ["ORDER", "Stage", "stage_config", "stage_of"]

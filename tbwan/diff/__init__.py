"""Pure config drift: intended vs running, per feature, with remediation and rollback."""

from tbwan.diff.compare import ChangePlan, config_paths, diff_configs, mask_path, plan_changes
from tbwan.diff.features import Feature, classify, feature_rules
from tbwan.diff.models import ConfigPath, FeatureDrift, HostDrift, path_config_lines, path_text
from tbwan.diff.remediation import apply_commands, future_config, parse_config, render_commands
from tbwan.diff.secrets import MASK, SecretDigest, mask_diff, mask_secrets

__all__ = [
    "MASK",
    "ChangePlan",
    "ConfigPath",
    "Feature",
    "FeatureDrift",
    "HostDrift",
    "SecretDigest",
    "apply_commands",
    "classify",
    "config_paths",
    "diff_configs",
    "feature_rules",
    "future_config",
    "mask_diff",
    "mask_path",
    "mask_secrets",
    "parse_config",
    "path_config_lines",
    "path_text",
    "plan_changes",
    "render_commands",
]

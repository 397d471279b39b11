"""The lab SRX of the Junos client tests: its name and the rendered config it boots with."""

from __future__ import annotations

import re
from pathlib import Path

from tbwan.platforms import JUNOS

HOST = "tb-ttthdl-fw01"
SEED = (Path(__file__).parents[2] / "fixtures/render/junos/tb-ttthdl-fw01.set").read_text()
UPTIME = 86461
"""Seconds the SRX has been up when the lab starts (NAPALM's facts report it)."""

_ENCODED = re.compile(r'"(\$9\$[^"]+)"')


def clear_secrets(text: str) -> str:
    """``text`` with each ``$9$`` value the SRX stored decoded again (quoted, as the
    rendered seed writes its secrets), to compare the device's config with the seed.

    >>> clear_secrets('secret "$9$8yWLds2gJDjqVbUHqmF3M8X7VwYgo";')
    'secret "tac-key-1";'
    """
    return _ENCODED.sub(lambda m: f'"{JUNOS.secret_identity(m.group(1))}"', text)

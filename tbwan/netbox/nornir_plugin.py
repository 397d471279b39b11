"""NetBox inventory plugin (placeholder until the NetBox work lands; see issue 5)."""

from __future__ import annotations

from nornir.core.inventory import Inventory

from tbwan.errors import NetBoxError


class TbwanNetBoxInventory:
    """Placeholder: replaced by the real plugin."""

    def __init__(self, **options: object) -> None:
        self.options = options

    def load(self) -> Inventory:
        """Not available yet."""
        raise NetBoxError("the NetBox inventory plugin is not built yet (issue 5)")

"""Public entry point for loading the inventory files."""

from tbwan.inventory.store import load_inventory

__all__ = ["load_inventory"]

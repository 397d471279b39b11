"""The mapping covers every field of tbwan's models (fails when a model gains a field)."""

from __future__ import annotations

from tbwan.inventory.models import Interface, Site
from tbwan.netbox import schema as s


def test_every_interface_field_has_a_place_in_netbox() -> None:
    mapped = set(s.INTERFACE_NATIVE) | set(s.INTERFACE_CF)
    assert set(Interface.model_fields) == mapped


def test_every_site_field_has_a_place_in_netbox() -> None:
    mapped = set(s.SITE_NATIVE) | set(s.SITE_CF)
    assert set(Site.model_fields) == mapped


def test_custom_fields_named_by_the_maps_exist() -> None:
    defined = {cf.name for cf in s.CUSTOM_FIELDS}
    assert set(s.INTERFACE_CF.values()) <= defined
    assert set(s.SITE_CF.values()) <= defined

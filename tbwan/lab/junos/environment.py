"""An SRX1500's sensors: ``show chassis environment`` and its temperature thresholds.

Readings are steady and differ per device (from its name), all within the normal range:
what NAPALM's ``get_environment`` reads (with the routing engine's CPU and memory).
"""

from __future__ import annotations

import hashlib

from lxml import etree

from tbwan.lab.junos.facts import JUNOS_NS
from tbwan.lab.junos.state import JunosState

CELSIUS = f"{{{JUNOS_NS}}}celsius"
SENSORS = (
    ("Temp", "Routing Engine", 34),
    ("Temp", "Routing Engine CPU", 45),
    ("Temp", "FPC 0 Intake", 30),
    ("Temp", "FPC 0 Exhaust A", 38),
    ("Fans", "SRX1500 Chassis fan 0", 0),
    ("Fans", "SRX1500 Chassis fan 1", 0),
    ("Power", "Power Supply 0", 0),
    ("Power", "Power Supply 1", 0),
)
"""(class, item, base temperature) as an SRX1500 with one power supply lists them."""
THRESHOLDS = (("Chassis default", 55, 65), ("Routing Engine", 70, 80))
"""(name, yellow alarm, red alarm) in degrees Celsius."""


def _offset(state: JunosState, item: str) -> int:
    """A steady 0..5 degrees per device and sensor."""
    return hashlib.sha256(f"{state.device.name}/{item}".encode()).digest()[0] % 6


def environment(state: JunosState) -> etree._Element:
    """``<get-environment-information/>``."""
    root = etree.Element("environment-information")
    for cls, item, base in SENSORS:
        el = etree.SubElement(root, "environment-item")
        etree.SubElement(el, "name").text = item
        etree.SubElement(el, "class").text = cls
        absent = item == "Power Supply 1"
        etree.SubElement(el, "status").text = "Absent" if absent else "OK"
        if cls == "Temp":
            c = base + _offset(state, item)
            temp = etree.SubElement(el, "temperature")
            temp.text = f"{c} degrees C / {c * 9 // 5 + 32} degrees F"
            temp.set(CELSIUS, str(c))
        elif cls == "Fans":
            etree.SubElement(el, "comment").text = "Spinning at normal speed"
    return root


def temperature_thresholds(state: JunosState) -> etree._Element:
    """``<get-temperature-threshold-information/>``."""
    root = etree.Element("temperature-threshold-information")
    for name, yellow, red in THRESHOLDS:
        el = etree.SubElement(root, "temperature-threshold")
        etree.SubElement(el, "name").text = name
        etree.SubElement(el, "yellow-alarm").text = str(yellow)
        etree.SubElement(el, "red-alarm").text = str(red)
    return root


def environment_text(state: JunosState) -> str:
    """``show chassis environment``."""
    rows = [f"{'Class':<6}{'Item':<33}{'Status':<11}Measurement"]
    last = ""
    for el in environment(state):
        cls = el.findtext("class") or ""
        temp = el.findtext("temperature") or el.findtext("comment") or ""
        rows.append(f"{cls if cls != last else '':<6}{el.findtext('name'):<33}"
                    f"{el.findtext('status'):<11}{temp}".rstrip())  # fmt: skip
        last = cls
    return "\n".join(rows)

"""What the lab knows of each device model: software train, image, chassis, memory.

Data only. ``show version``, ``show inventory`` and the interface defaults read it, so a
C2960 answers like a classic IOS 15.2 switch and an ISR like IOS-XE 17.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Model:
    """One hardware model as the lab presents it."""

    pid: str
    descr: str
    xe: bool
    switch: bool
    version: str
    image: str
    image_file: str
    cpu: str
    memory_k: int
    banner_series: str = "ISR"
    psu: str = "PWR-4330-AC"


_MODELS: tuple[Model, ...] = (
    Model(
        "C1111-8P",
        "Cisco C1111-8P Chassis",
        True,
        False,
        "17.9.4a",
        "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "c1100-universalk9.17.09.04a.SPA.bin",
        "1RU",
        3662014,
        psu="PWR-12V",
    ),
    Model(
        "ISR4331/K9",
        "Cisco ISR4331 Chassis",
        True,
        False,
        "17.9.4a",
        "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "isr4300-universalk9.17.09.04a.SPA.bin",
        "1RU",
        1795999,
    ),
    Model(
        "ISR4451-X/K9",
        "Cisco ISR4451 Chassis",
        True,
        False,
        "17.6.5",
        "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "isr4400-universalk9.17.06.05.SPA.bin",
        "2RU",
        3753415,
        psu="PWR-4450-AC",
    ),
    Model(
        "ASR1001-X",
        "Cisco ASR1001-X Chassis",
        True,
        False,
        "17.6.5",
        "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "asr1001x-universalk9.17.06.05.SPA.bin",
        "1RU",
        3753415,
        banner_series="ASR1000",
        psu="ASR1001-X-PWR-AC",
    ),
    Model(
        "C9300-24T",
        "C9300-24T",
        True,
        True,
        "17.9.4",
        "CAT9K_IOSXE",
        "cat9k_iosxe.17.09.04.SPA.bin",
        "X86",
        1419044,
        banner_series="Catalyst L3 Switch",
        psu="PWR-C1-350WAC-P",
    ),
    Model(
        "WS-C2960+24TC-L",
        "WS-C2960+24TC-L",
        False,
        True,
        "15.2(7)E9",
        "C2960-LANBASEK9-M",
        "c2960-lanbasek9-mz.152-7.E9.bin",
        "PowerPC405",
        65536,
        banner_series="C2960",
        psu="",
    ),
)

_BY_PID = {m.pid: m for m in _MODELS}


def model_of(pid: str) -> Model:
    """The model record for ``pid``; unknown models are presented as IOS-XE routers.

    >>> model_of("WS-C2960+24TC-L").xe
    False
    >>> model_of("X-9").pid
    'X-9'
    """
    known = _BY_PID.get(pid)
    if known is not None:
        return known
    base = _BY_PID["ISR4331/K9"]
    return Model(
        pid,
        f"Cisco {pid} Chassis",
        True,
        False,
        base.version,
        base.image,
        base.image_file,
        base.cpu,
        base.memory_k,
    )

"""tbwan's NAPALM connection plugin: NAPALM's drivers, with fewer prompt probes on IOS.

Before every command, Netmiko's ``send_command`` finds the prompt again (``find_prompt``:
clear the buffer, send a newline, sleep, read, clear the buffer again), because it does
not assume the prompt is still what it was. NAPALM's IOS driver sends about twenty
commands per deploy, so half of a deploy's round trips were these probes: about 1.2 s per
device, and 37 % of the time the province's deploy spent waiting on devices.

On IOS the prompt changes only with the hostname (NAPALM then calls ``set_base_prompt``)
and in config mode (``host(config)#``, which keeps the base prompt as its prefix). So
:class:`KnownPromptIOS` waits for the prompt it knows: Netmiko's base prompt (the first 16
characters of the hostname, as Netmiko keeps it for IOS), any suffix without blanks, and
``#`` or ``>`` as the very last thing the device sent. Everything else is Netmiko's IOS
class and NAPALM's IOS driver, unchanged. Other platforms get NAPALM's driver as is.

The plugin is registered as ``tbwan_napalm`` (Nornir allows one plugin per name, and
``napalm`` is nornir_napalm's); hosts carry the same connection options under both names.
"""

from __future__ import annotations

import re
from typing import Any

from napalm import get_network_driver
from napalm.base.exceptions import ConnectionException
from napalm.ios.ios import IOSDriver
from netmiko.cisco.cisco_ios import CiscoIosSSH
from netmiko.exceptions import NetmikoTimeoutException
from nornir.core.configuration import Config
from nornir_napalm.plugins.connections import Napalm

from tbwan.platforms import TBWAN_NAPALM

CONNECTION_NAME = TBWAN_NAPALM


def prompt_pattern(base_prompt: str) -> str:
    """The regex for a prompt that starts with ``base_prompt``, at the end of the output.

    >>> p = prompt_pattern("tb-12433-le-hong")
    >>> [bool(re.search(p, s)) for s in (
    ...     "x\\ntb-12433-le-hong-phong-rt01#", "tb-12433-le-hong-pho(config)#",
    ...     "hostname tb-12433-le-hong-phong-rt01\\n", "tb-12433-le-hong-phong-rt01# more")]
    [True, True, False, False]
    """
    return re.escape(base_prompt.strip()) + r"\S*[>#]\s*$"


class KnownPromptIOS(CiscoIosSSH):
    """Netmiko's IOS class, waiting for the known prompt instead of probing before each command."""

    def _prompt_handler(self, auto_find_prompt: bool) -> str:
        if not self.base_prompt:  # not known yet: Netmiko's own probe
            return str(super()._prompt_handler(auto_find_prompt))
        return prompt_pattern(self.base_prompt)


class TbwanIOSDriver(IOSDriver):  # type: ignore[misc]
    """NAPALM's IOS driver over :class:`KnownPromptIOS` (SSH; telnet stays NAPALM's)."""

    def open(self) -> None:
        if self.transport == "telnet":
            super().open()
            return
        # NetworkDriver._netmiko_open with the class given instead of looked up by name
        try:
            self._netmiko_device = KnownPromptIOS(
                device_type="cisco_ios",
                host=self.hostname,
                username=self.username,
                password=self.password,
                timeout=self.timeout,
                **self.netmiko_optional_args,
            )
        except NetmikoTimeoutException as err:
            raise ConnectionException(f"Cannot connect to {self.hostname}") from err
        if not self.force_no_enable:
            self._netmiko_device.enable()
        self.device = self._netmiko_device


DRIVERS: dict[str, type[Any]] = {"ios": TbwanIOSDriver}


class TbwanNapalm(Napalm):
    """nornir_napalm's connection plugin, opening :data:`DRIVERS` where tbwan has its own."""

    def open(
        self,
        hostname: str | None,
        username: str | None,
        password: str | None,
        port: int | None,
        platform: str | None,
        extras: dict[str, Any] | None = None,
        configuration: Config | None = None,
    ) -> None:
        # as nornir_napalm's Napalm.open, with the driver class chosen here
        parameters: dict[str, Any] = {
            "hostname": hostname,
            "username": username,
            "password": password,
            "optional_args": {},
        }
        ssh_config = getattr(getattr(configuration, "ssh", None), "config_file", None)
        if ssh_config:
            parameters["optional_args"]["ssh_config_file"] = ssh_config
        parameters.update(extras or {})
        parameters["optional_args"] = dict(parameters["optional_args"])
        if port and "port" not in parameters["optional_args"]:
            parameters["optional_args"]["port"] = port
        driver = DRIVERS.get(platform or "") or get_network_driver(platform)
        connection = driver(**parameters)
        connection.open()
        self.connection = connection

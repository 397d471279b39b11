"""tbwan: network automation for the Thái Bình provincial government WAN."""

__version__ = "0.1.0"

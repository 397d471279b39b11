"""What every RPC handler of the lab SRX shares: the session context, errors, arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from tbwan.lab.junos.cli_text import OperFallback
from tbwan.lab.junos.state import JunosState


class RpcReplyError(Exception):
    """An ``<rpc-error>`` (with extra reply children, e.g. a load's error count)."""

    def __init__(
        self, message: str, bad: str | None = None, wrap: str | None = None,
        severity: str = "error",
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.message, self.bad, self.wrap, self.severity = message, bad, wrap, severity


Fallback = Callable[[JunosState, etree._Element], "etree._Element | None"]


@dataclass
class Context:
    """One NETCONF session: its id and user, and the network model's answers (if any)."""

    state: JunosState
    session: str
    user: str
    rpc_fallback: Fallback | None = None
    cli_fallback: OperFallback | None = None


Reply = list[etree._Element]
Handler = Callable[[Context, etree._Element], Reply]


def local(el: etree._Element) -> str:
    return etree.QName(el.tag).localname if isinstance(el.tag, str) else ""


def child(el: etree._Element, tag: str) -> etree._Element | None:
    return next((c for c in el if local(c) == tag), None)


def arg(el: etree._Element, name: str) -> str | None:
    """An RPC argument: an attribute or a child element (flag children give "")."""
    if el.get(name) is not None:
        return str(el.get(name))
    found = child(el, name)
    return None if found is None else (found.text or "").strip()


def ok() -> Reply:
    return [etree.Element("ok")]

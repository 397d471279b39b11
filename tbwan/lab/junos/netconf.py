"""NETCONF 1.0 over SSH (RFC 6242 end-of-message framing ``]]>]]>``) for a lab SRX.

The server says hello with base:1.0 and Junos's capabilities, reads ``<rpc>`` messages and
answers each with ``<rpc-reply>`` carrying the request's attributes (``message-id``).
"""

from __future__ import annotations

import logging
from xml.sax.saxutils import quoteattr

from lxml import etree

from tbwan.lab.junos.cli_text import OperFallback
from tbwan.lab.junos.facts import JUNOS_NS
from tbwan.lab.junos.rpcbase import Context, Fallback, RpcReplyError
from tbwan.lab.junos.rpcs import dispatch
from tbwan.lab.junos.state import JunosState

log = logging.getLogger("tbwan.lab")

EOM = b"]]>]]>"
BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0"
CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
    "urn:ietf:params:xml:ns:netconf:base:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:url:1.0?scheme=http,ftp,file",
    "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring",
    "http://xml.juniper.net/netconf/junos/1.0",
    "http://xml.juniper.net/dmi/system/1.0",
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _local(el: etree._Element) -> str:
    return etree.QName(el.tag).localname if isinstance(el.tag, str) else ""


def error_xml(fault: RpcReplyError) -> str:
    """``<rpc-error>`` as Junos words it."""
    err = etree.Element("rpc-error")
    etree.SubElement(err, "error-type").text = "protocol"
    etree.SubElement(err, "error-tag").text = "operation-failed"
    etree.SubElement(err, "error-severity").text = fault.severity
    etree.SubElement(err, "error-message").text = fault.message
    if fault.bad:
        info = etree.SubElement(err, "error-info")
        etree.SubElement(info, "bad-element").text = fault.bad
    text = str(etree.tostring(err, encoding="unicode"))
    if fault.wrap:
        extra = "<ok/>" if fault.severity == "warning" else "<load-error-count>1</load-error-count>"
        return f"<{fault.wrap}>{text}{extra}</{fault.wrap}>"
    return text


class NetconfSession:
    """One NETCONF session: bytes in, bytes out."""

    def __init__(
        self,
        state: JunosState,
        user: str,
        rpc_fallback: Fallback | None = None,
        cli_fallback: OperFallback | None = None,
    ) -> None:
        self.ctx = Context(state, state.next_session(), user, rpc_fallback, cli_fallback)
        self.buf = b""
        self.closed = False
        self.rpcs = 0
        self.dropped = False  # the drop fault cut the session

    def hello(self) -> bytes:
        """The server's ``<hello>``."""
        caps = "".join(f"<capability>{c}</capability>" for c in CAPABILITIES)
        return (
            (
                f'<!-- user {self.ctx.user}, class super-user -->\n<hello xmlns="{BASE_NS}">'
                f"<capabilities>{caps}</capabilities><session-id>{self.ctx.session}</session-id>"
                f"</hello>\n"
            ).encode()
            + EOM
            + b"\n"
        )

    def feed(self, data: bytes) -> bytes:
        """Consume bytes; return the replies to send."""
        self.buf += data
        out = b""
        while EOM in self.buf and not self.closed and not self.dropped:
            message, self.buf = self.buf.split(EOM, 1)
            out += self._message(message.strip())
        return out

    def close(self) -> None:
        """The session ended: its exclusive lock (and uncommitted changes) go."""
        self.ctx.state.store.unlock(self.ctx.session)

    def _message(self, raw: bytes) -> bytes:
        if not raw:
            return b""
        try:
            doc = etree.fromstring(raw, _PARSER)
        except etree.XMLSyntaxError as exc:
            log.info("%s: bad NETCONF message: %s", self.ctx.state.device.name, exc)
            return self._reply({}, error_xml(RpcReplyError("syntax error: not XML")))
        tag = _local(doc)
        if tag == "hello":
            return b""
        if tag != "rpc" or not len(doc):
            return self._reply(dict(doc.attrib), error_xml(RpcReplyError("syntax error", bad=tag)))
        self.rpcs += 1
        limit = self.ctx.state.fault.drop_after
        if limit is not None and self.rpcs > limit:
            log.info("%s: dropping NETCONF session (fault)", self.ctx.state.device.name)
            self.dropped = True
            return b""
        op = doc[0]
        name = _local(op)
        if name == "close-session":
            self.closed = True
            return self._reply(dict(doc.attrib), "<ok/>")
        try:
            body = "".join(etree.tostring(el, encoding="unicode") for el in dispatch(self.ctx, op))
        except RpcReplyError as fault:
            body = error_xml(fault)
        return self._reply(dict(doc.attrib), body)

    def _reply(self, attrs: dict[str, str], body: str) -> bytes:
        own = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items() if not k.startswith("{"))
        return (
            (
                f'<rpc-reply xmlns="{BASE_NS}" xmlns:junos="{JUNOS_NS}"{own}>\n{body}\n'
                f"</rpc-reply>\n"
            ).encode()
            + EOM
            + b"\n"
        )

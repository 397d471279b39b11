"""The standard NETCONF operations (RFC 6241) a Junos device also answers.

``<get-config>`` (source running/candidate), ``<edit-config>`` (target candidate, XML
``<config><configuration>``, default-operation merge/replace/none), ``<commit>`` (with
``<confirmed/>`` and ``<confirm-timeout>`` in seconds), ``<discard-changes/>``,
``<validate>``: what generic NETCONF clients (ncclient's manager, Ansible's netconf)
send instead of Junos's own RPCs.
"""

from __future__ import annotations

from lxml import etree

from tbwan.lab.junos.forms import parse_xml, to_xml
from tbwan.lab.junos.rpcbase import Context, Handler, Reply, RpcReplyError, child, local, ok
from tbwan.lab.junos.store import ConfigError
from tbwan.lab.junos.tree import JunosSyntaxError


def _datastore(rpc: etree._Element, name: str) -> str:
    """``running`` or ``candidate`` from ``<source>``/``<target>``."""
    el = child(rpc, name)
    store = local(el[0]) if el is not None and len(el) else ""
    if store not in ("running", "candidate"):
        raise RpcReplyError(f"{name} must be running or candidate", bad=store or name)
    return store


def get_config(ctx: Context, rpc: etree._Element) -> Reply:
    """``<get-config>``: the whole configuration in ``<data>``."""
    store = ctx.state.store
    tree = store.committed if _datastore(rpc, "source") == "running" else store.candidate
    data = etree.Element("data")
    data.append(to_xml(tree))
    return [data]


def edit_config(ctx: Context, rpc: etree._Element) -> Reply:
    """``<edit-config>`` on the candidate (Junos has no writable running datastore)."""
    if _datastore(rpc, "target") != "candidate":
        raise RpcReplyError("edit-config: target must be candidate", bad="running")
    config = child(rpc, "config")
    conf = child(config, "configuration") if config is not None else None
    if conf is None:
        raise RpcReplyError("edit-config: no <config><configuration>", bad="config")
    default = child(rpc, "default-operation")
    mode = (default.text or "merge").strip() if default is not None else "merge"
    edits = parse_xml(conf)
    if mode == "replace":
        edits = [("delete", []), *edits]
    try:
        ctx.state.refuse_faulty(edits)
        ctx.state.store.apply(edits, ctx.session)
    except JunosSyntaxError as exc:
        raise RpcReplyError(exc.message, bad=exc.word) from exc
    except ConfigError as exc:
        raise RpcReplyError(str(exc)) from exc
    return ok()


def commit(ctx: Context, rpc: etree._Element) -> Reply:
    """``<commit>``: a confirmed commit's timeout is in seconds (rounded up to minutes)."""
    store = ctx.state.store
    try:
        store.check_lock(ctx.session)
    except ConfigError as exc:
        raise RpcReplyError(str(exc)) from exc
    minutes = 0
    if child(rpc, "confirmed") is not None:
        timeout = child(rpc, "confirm-timeout")
        seconds = int((timeout.text or "600").strip()) if timeout is not None else 600
        minutes = max(1, -(-seconds // 60))
    store.commit(ctx.user, "netconf", "", minutes)
    return ok()


def discard(ctx: Context, rpc: etree._Element) -> Reply:
    """``<discard-changes/>``: the candidate becomes the running configuration again."""
    store = ctx.state.store
    store.replace_candidate(store.committed.copy(), ctx.session)
    return ok()


def validate(ctx: Context, rpc: etree._Element) -> Reply:
    """``<validate>``: the lab checks statements as they are loaded; nothing more to do."""
    _datastore(rpc, "source")
    return ok()


STANDARD: dict[str, Handler] = {
    "get-config": get_config,
    "edit-config": edit_config,
    "commit": commit,
    "discard-changes": discard,
    "validate": validate,
}

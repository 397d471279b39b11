"""The Junos XML RPCs of the lab's NETCONF server: configuration, facts, ``<command>``.

:func:`dispatch` returns the children of ``<rpc-reply>`` or raises :class:`RpcReplyError`, which
the server turns into ``<rpc-error>`` as Junos words it (PyEZ raises its ``RpcError``,
``ConfigLoadError``, ``LockError``, ``CommitError`` from them).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from tbwan.lab.junos import environment, facts
from tbwan.lab.junos.cli_text import run_command
from tbwan.lab.junos.forms import Edit, parse_set, parse_text, parse_xml, to_xml
from tbwan.lab.junos.rpcbase import (
    Context,
    Handler,
    Reply,
    RpcReplyError,
    arg,
    child,
    local,
    ok,
)
from tbwan.lab.junos.standard import STANDARD
from tbwan.lab.junos.state import JunosState
from tbwan.lab.junos.store import ConfigError
from tbwan.lab.junos.tree import JunosSyntaxError, Node, to_set
from tbwan.lab.junos.view import to_text


def _config_reply(tree: Node, fmt: str, header: str) -> etree._Element:
    if fmt == "xml":
        return to_xml(tree)
    if fmt == "set":
        out = etree.Element("configuration-set")
        out.text = "\n" + "\n".join(to_set(tree)) + "\n"
        return out
    if fmt == "text":
        out = etree.Element("configuration-text")
        out.text = f"{header}\n{to_text(tree)}"
        return out
    raise RpcReplyError(f"format {fmt!r} is not supported", bad=fmt)


def _filter(tree: Node, flt: etree._Element | None) -> Node:
    """The part of ``tree`` a ``<configuration>`` filter selects (its first branch)."""
    if flt is None or not len(flt):
        return tree
    path: list[str] = []
    el: etree._Element | None = flt[0]
    while el is not None:
        path.append(local(el))
        name = child(el, "name")
        if name is not None and name.text:
            path.append(name.text.strip())
        el = next((c for c in el if local(c) and local(c) != "name"), None)
    node = tree.find(path)
    if node is None:
        return Node()
    out = Node()
    cur = out
    for word in path:
        cur = cur.children.setdefault(word, Node())
    cur.children = node.copy().children
    return out


def get_configuration(ctx: Context, rpc: etree._Element) -> Reply:
    """``<get-configuration>``: a database in text/set/xml, or ``compare="rollback"``."""
    store = ctx.state.store
    if rpc.get("compare") == "rollback":
        n = int(rpc.get("rollback", "0"))
        try:
            diff = ctx.state.diff(n)
        except ConfigError as exc:
            raise RpcReplyError(str(exc)) from exc
        info = etree.Element("configuration-information")
        etree.SubElement(info, "configuration-output").text = diff or "\n"
        return [info]
    tree = store.candidate if rpc.get("database", "candidate") == "candidate" else store.committed
    last = store.history[0]
    header = f"## Last commit: {last.when:%Y-%m-%d %H:%M:%S UTC} by {last.user}"
    flt = child(rpc, "configuration")
    reply = _config_reply(_filter(tree, flt), rpc.get("format", "xml"), header)
    if reply.tag == "configuration" and tree is store.committed:  # as Junos stamps it
        ns = f"{{{facts.JUNOS_NS}}}"
        reply.set(ns + "commit-seconds", str(int(last.when.timestamp())))
        reply.set(ns + "commit-localtime", f"{last.when:%Y-%m-%d %H:%M:%S UTC}")
        reply.set(ns + "commit-user", last.user)
    return [reply]


def load_configuration(ctx: Context, rpc: etree._Element) -> Reply:
    """``<load-configuration>``: merge/replace/override/set in text, set or XML; rollback."""
    store = ctx.state.store
    action = rpc.get("action", "merge")
    try:
        if rpc.get("rollback") is not None:
            store.replace_candidate(store.rollback_tree(int(rpc.get("rollback", "0"))), ctx.session)
            return [_load_results()]
        text_el = child(rpc, "configuration-text")
        set_el = child(rpc, "configuration-set")
        xml_el = child(rpc, "configuration")
        source = set_el if set_el is not None else text_el
        if set_el is not None or action == "set":
            edits: list[Edit] = parse_set(source.text or "" if source is not None else "")
        elif text_el is not None:
            edits = parse_text(text_el.text or "")
        elif xml_el is not None:
            edits = parse_xml(xml_el)
        else:
            raise RpcReplyError("syntax error, expecting <configuration>", bad="load-configuration")
        if action in ("override", "update"):  # everything else goes: one atomic change
            edits = [("delete", []), *edits]
        elif action == "merge":  # replace: tags count only with action="replace"
            edits = [(op, p) for op, p in edits if op != "replace"]
        ctx.state.refuse_faulty(edits)
        warnings = store.apply(edits, ctx.session)
    except JunosSyntaxError as exc:
        raise RpcReplyError(exc.message, bad=exc.word, wrap="load-configuration-results") from exc
    except (ConfigError, ValueError) as exc:
        raise RpcReplyError(str(exc), wrap="load-configuration-results") from exc
    if warnings:
        raise RpcReplyError(warnings[0], severity="warning", wrap="load-configuration-results")
    return [_load_results()]


def _load_results() -> etree._Element:
    """A load that went through (errors are ``<rpc-error>``s: :func:`netconf.error_xml`)."""
    out = etree.Element("load-configuration-results")
    etree.SubElement(out, "ok")
    return out


def commit_configuration(ctx: Context, rpc: etree._Element) -> Reply:
    """``<commit-configuration>`` with ``<check/>``, ``<confirmed/>``, ``<log>``."""
    store = ctx.state.store
    result = etree.Element("commit-results")
    engine = etree.SubElement(result, "routing-engine")
    engine.set(f"{{{facts.JUNOS_NS}}}style", "normal")
    etree.SubElement(engine, "name").text = "re0"
    if arg(rpc, "check") is not None:
        store.confirm()
        etree.SubElement(engine, "commit-check-success")
        return [result]
    try:
        store.check_lock(ctx.session)
    except ConfigError as exc:
        raise RpcReplyError(str(exc)) from exc
    minutes = 0
    if arg(rpc, "confirmed") is not None:
        minutes = int(arg(rpc, "confirm-timeout") or "10")
        if not 1 <= minutes <= 65535:
            raise RpcReplyError("confirm-timeout: value out of range (1..65535)", bad=str(minutes))
    entry = store.commit(ctx.user, "netconf", arg(rpc, "log") or "", minutes)
    etree.SubElement(engine, "commit-success")
    etree.SubElement(engine, "commit-revision").text = entry.revision
    return [result]


def lock(ctx: Context, rpc: etree._Element) -> Reply:
    """``<lock-configuration/>`` / NETCONF ``<lock>`` of the candidate."""
    try:
        ctx.state.store.lock(ctx.session, ctx.user)
    except ConfigError as exc:
        raise RpcReplyError(str(exc)) from exc
    return ok()


def unlock(ctx: Context, rpc: etree._Element) -> Reply:
    """``<unlock-configuration/>``: release the lock (and its uncommitted changes)."""
    store = ctx.state.store
    if store.lock_owner != ctx.session:
        raise RpcReplyError("configuration database not locked", severity="warning")
    store.unlock(ctx.session)
    return ok()


def commit_revision(ctx: Context, rpc: etree._Element) -> Reply:
    """``<get-commit-revision-information>``: the newest commit (pending or not)."""
    store = ctx.state.store
    last = store.history[0]
    out = etree.Element("commit-revision-information")
    stamp = etree.SubElement(out, "date-time")
    stamp.text = f"{last.when:%Y-%m-%d %H:%M:%S UTC}"
    stamp.set(facts.SECONDS, str(int(last.when.timestamp())))
    etree.SubElement(out, "revision").text = last.revision
    etree.SubElement(out, "user").text = last.user
    etree.SubElement(out, "client").text = last.client
    comment = store.pending_comment() or last.comment
    if comment:
        etree.SubElement(out, "comment").text = comment
    return [out]


def commit_information(ctx: Context, rpc: etree._Element) -> Reply:
    """``<get-commit-information/>`` (``show system commit``)."""
    store = ctx.state.store
    out = etree.Element("commit-information")
    for i, entry in enumerate(store.history):
        hist = etree.SubElement(out, "commit-history")
        etree.SubElement(hist, "sequence-number").text = str(i)
        etree.SubElement(hist, "user").text = entry.user
        etree.SubElement(hist, "client").text = entry.client
        stamp = etree.SubElement(hist, "date-time")
        stamp.text = f"{entry.when:%Y-%m-%d %H:%M:%S UTC}"
        stamp.set(facts.SECONDS, str(int(entry.when.timestamp())))
        comment = store.pending_comment() if i == 0 and store.pending else entry.comment
        if comment:
            etree.SubElement(hist, "log" if i or not store.pending else "comment").text = comment
    return [out]


def rollback_information(ctx: Context, rpc: etree._Element) -> Reply:
    """``<get-rollback-information>``: a rollback's config, or its diff (``compare``)."""
    store = ctx.state.store
    try:
        n = int(arg(rpc, "rollback") or "0")
        tree = store.rollback_tree(n)
        compare_to = arg(rpc, "compare")
        info = etree.Element("rollback-information")
        if compare_to is not None:
            from tbwan.lab.junos.compare import compare

            cinfo = etree.SubElement(info, "configuration-information")
            out = etree.SubElement(cinfo, "configuration-output")
            out.text = compare(store.rollback_tree(int(compare_to)), tree) or "\n"
        else:
            info.append(_config_reply(tree, arg(rpc, "format") or "text", ""))
        return [info]
    except ConfigError as exc:
        raise RpcReplyError(str(exc)) from exc


def command(ctx: Context, rpc: etree._Element) -> Reply:
    """``<command>``: a CLI command (PyEZ ``dev.cli()``, NAPALM ``cli()``)."""
    text = (rpc.text or "").strip()
    fmt = rpc.get("format", "xml")
    if fmt != "text" and text.startswith("show version"):
        return [facts.software_information(ctx.state)]
    output = run_command(ctx.state, text, fallback=ctx.cli_fallback)
    answer = ctx.rpc_fallback(ctx.state, rpc) if output is None and ctx.rpc_fallback else None
    if answer is not None:  # the network model's ping, traceroute
        return [answer]
    if output is None:
        raise RpcReplyError("syntax error", bad=text.split()[0] if text else "")
    if fmt != "text" and text.startswith("show configuration"):
        info = etree.Element("configuration-information")
        etree.SubElement(info, "configuration-output").text = output
        return [info]
    out = etree.Element("output")
    out.text = "\n" + output + "\n"
    return [out]


def _single(build: Callable[[JunosState], etree._Element]) -> Handler:
    return lambda ctx, rpc: [build(ctx.state)]


def _interfaces(ctx: Context, rpc: etree._Element) -> Reply:
    if arg(rpc, "routing-instance") == "__juniper_private1__":
        return [etree.Element("interface-information")]  # no internal RE links here
    if ctx.rpc_fallback is not None:  # the network model knows links and counters
        answer = ctx.rpc_fallback(ctx.state, rpc)
        if answer is not None:
            return [answer]
    terse = arg(rpc, "terse") is not None
    return [facts.interface_information(ctx.state, terse, arg(rpc, "interface-name"))]


def _file_show(ctx: Context, rpc: etree._Element) -> Reply:
    name = arg(rpc, "filename") or ""
    if name == "/etc/hosts.junos":
        out = etree.Element("file-content")
        out.set("filename", name)
        out.text = "\n128.0.0.1 master\n128.0.0.1 re0\n"
        return [out]
    raise RpcReplyError(f"could not resolve file: {name}")


HANDLERS: dict[str, Handler] = {
    "get-configuration": get_configuration,
    "load-configuration": load_configuration,
    "commit-configuration": commit_configuration,
    "lock-configuration": lock,
    "unlock-configuration": unlock,
    "lock": lock,
    "unlock": unlock,
    "close-configuration": lambda ctx, rpc: ok(),
    # "configure private" edits the shared candidate here (see the README's limits)
    "open-configuration": lambda ctx, rpc: ok(),
    "get-commit-revision-information": commit_revision,
    "get-commit-information": commit_information,
    "get-rollback-information": rollback_information,
    "command": command,
    "get-software-information": _single(facts.software_information),
    "get-chassis-inventory": _single(facts.chassis_inventory),
    "get-route-engine-information": _single(facts.route_engine),
    "get-system-uptime-information": _single(facts.uptime_information),
    "get-interface-information": _interfaces,
    "get-environment-information": _single(environment.environment),
    "get-temperature-threshold-information": _single(environment.temperature_thresholds),
    "file-show": _file_show,
    **STANDARD,
}


def dispatch(ctx: Context, rpc: etree._Element) -> Reply:
    """The reply children for one RPC element (``<rpc>``'s first child).

    The config and fact RPCs are answered here; the rest goes to the network model's
    operational replies (``ctx.rpc_fallback``), then gets Junos's ``syntax error``.
    """
    ctx.state.expire_timer()
    name = local(rpc)
    if name == "get-chassis-cluster-status":
        raise RpcReplyError("Chassis cluster is not enabled.")
    handler = HANDLERS.get(name)
    if handler is not None:
        return handler(ctx, rpc)
    if ctx.rpc_fallback is not None:
        answer = ctx.rpc_fallback(ctx.state, rpc)
        if answer is not None:
            return [answer]
    raise RpcReplyError("syntax error", bad=name)

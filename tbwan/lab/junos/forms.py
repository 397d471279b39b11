"""Reading configs in the three forms Junos loads: ``set`` lines, curly text and XML.

Each reader returns edits, ``("set"|"delete"|"replace", path)``, for the store to apply;
writing the XML form is here too (the text and set forms are in :mod:`.view` and
:mod:`.tree`).
"""

from __future__ import annotations

import re

from lxml import etree

from tbwan.lab.junos.tree import LIST_KEYWORDS, MULTI_VALUE, JunosSyntaxError, Node, split_words

Edit = tuple[str, list[str]]

# a quoted word, punctuation, a comment (# to the end of the line: "## SECRET-DATA"), a word
_TEXT_TOKEN = re.compile(
    r'"((?:[^"\\]|\\.)*)"|([{};\[\]])|(#[^\n]*)|([^\s{};\[\]"#][^\s{};\[\]"]*)'
)
_COMMENT = re.compile(r"/\*(?s:.*?)\*/")


def parse_set(text: str) -> list[Edit]:
    """``set``/``delete`` lines (blank lines and ``#`` comments skipped).

    >>> parse_set('set system host-name r1\\ndelete snmp')
    [('set', ['system', 'host-name', 'r1']), ('delete', ['snmp'])]
    """
    edits: list[Edit] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = split_words(line)
        if words[0] not in ("set", "delete"):
            raise JunosSyntaxError(words[0])
        edits.append((words[0], words[1:]))
    return edits


def parse_text(text: str) -> list[Edit]:
    """Curly-brace text: each ``;`` ends a statement under the open ``{`` blocks.

    ``replace:`` before a statement replaces that hierarchy, ``delete:`` deletes it.

    >>> parse_text('system { host-name r1; authentication-order [ a b ]; }')
    [('set', ['system', 'host-name', 'r1']), ('set', ['system', 'authentication-order', 'a']), \
('set', ['system', 'authentication-order', 'b'])]
    """
    stack: list[list[str]] = []
    words: list[str] = []
    edits: list[Edit] = []
    values: list[str] | None = None
    op = "set"
    for match in _TEXT_TOKEN.finditer(_COMMENT.sub("", text)):
        quoted, punct, comment, bare = match.groups()
        if comment is not None:
            continue
        word = quoted if quoted is not None else bare
        if punct is None and word is not None:
            if word in ("replace:", "delete:", "inactive:", "active:", "protect:"):
                op = {"replace:": "replace", "delete:": "delete"}.get(word, op)
            elif values is not None:
                values.append(word)
            else:
                words.append(word)
            continue
        prefix = [w for level in stack for w in level]
        if punct == "{":
            if op != "set":
                edits.append((op, prefix + words))
            stack.append(words)
            words, op = [], "set"
        elif punct == "}":
            if not stack or words:
                raise JunosSyntaxError("}")
            stack.pop()
        elif punct == "[":
            values = []
        elif punct == "]":
            if values is None:
                raise JunosSyntaxError("]")
            words.append("\0".join(values))
            values = None
        elif punct == ";":
            if not words:
                continue
            path = prefix + words
            if "\0" in path[-1]:
                head, many = path[:-1], path[-1].split("\0")
                edits.extend((op if op != "replace" else "set", [*head, v]) for v in many)
            else:
                if op == "replace":
                    edits.append(("replace", path[:-1] if len(path) > 1 else path))
                edits.append((op if op != "replace" else "set", path))
            words, op = [], "set"
    if stack or words or values is not None:
        raise JunosSyntaxError("", "syntax error, expecting '}'")
    return edits


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


_NAMELESS = {"interface", "prefix-list-item", "entry"}  # entries shown by their name alone


def parse_xml(element: etree._Element) -> list[Edit]:
    """A ``<configuration>`` element (or one of its hierarchies)."""
    edits: list[Edit] = []
    root = [element] if _local(element.tag) != "configuration" else list(element)
    for child in root:
        _walk_xml(child, [], edits)
    return edits


def _walk_xml(el: etree._Element, prefix: list[str], edits: list[Edit]) -> None:
    tag = _local(el.tag)
    if not tag:
        return
    subs = [c for c in el if _local(c.tag) and _local(c.tag) != "name"]
    name = next((c.text or "" for c in el if _local(c.tag) == "name"), None)
    if name is not None:
        nameless = tag in _NAMELESS and (tag != "interface" or prefix == ["interfaces"])
        path = prefix + ([name.strip()] if nameless else [tag, name.strip()])
    elif not subs and (el.text or "").strip():
        path = [*prefix, tag, (el.text or "").strip()]
    else:
        path = [*prefix, tag]
    if el.get("operation") == "delete" or el.get("delete") == "delete":
        edits.append(("delete", path if name is not None or subs else [*prefix, tag]))
        return
    if el.get("operation") == "replace" or el.get("replace") == "replace":
        edits.append(("replace", path if name is not None else [*prefix, tag]))
    if not subs:
        edits.append(("set", path))
    for sub in subs:
        _walk_xml(sub, path, edits)


def to_xml(root: Node) -> etree._Element:
    """The tree as ``<configuration>``, in Junos's element names."""
    conf = etree.Element("configuration")
    _xml_children(conf, root, "")
    return conf


def _valid_tag(word: str) -> bool:
    return bool(re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", word))


def _xml_children(parent: etree._Element, node: Node, keyword: str) -> None:
    for word, child in node.children.items():
        if keyword == "interfaces":
            el = etree.SubElement(parent, "interface")
            etree.SubElement(el, "name").text = word
            _xml_children(el, child, "interface")
        elif keyword == "prefix-list-entry" or not _valid_tag(word):
            tag = "prefix-list-item" if keyword == "prefix-list-entry" else "entry"
            el = etree.SubElement(parent, tag)
            etree.SubElement(el, "name").text = word
            _xml_children(el, child, "entry")
        elif word in LIST_KEYWORDS and child.children:
            for key, entry in child.children.items():
                el = etree.SubElement(parent, word)
                etree.SubElement(el, "name").text = key
                _xml_children(el, entry, "prefix-list-entry" if word == "prefix-list" else word)
        elif not child.children:
            etree.SubElement(parent, word)
        elif word in MULTI_VALUE or (
            len(child.children) == 1 and not next(iter(child.children.values())).children
        ):
            leaves = [k for k, v in child.children.items() if not v.children]
            for value in leaves:
                etree.SubElement(parent, word).text = value
            rest = Node({k: v for k, v in child.children.items() if v.children})
            if rest.children:
                _xml_children(etree.SubElement(parent, word), rest, word)
        else:
            _xml_children(etree.SubElement(parent, word), child, word)

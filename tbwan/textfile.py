"""Reading the files people edit (inventory YAML, the secrets file, CSVs): bounded in
size, UTF-8 only, YAML without duplicate keys.

PyYAML lets the last of two equal keys win without a word, and decodes whatever bytes it
is given; these helpers turn each of those into an error naming the file (and the line).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

from tbwan.errors import DuplicateKeyError, FileEncodingError, FileTooLargeError, TbwanError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest input file tbwan reads (the biggest site file is a few tens of KB)."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of ``path``: at most ``max_bytes``, UTF-8 (a UTF-8 BOM is dropped).

    Raises :class:`FileTooLargeError` or :class:`FileEncodingError` naming the file;
    ``OSError`` (missing, unreadable) is left to the caller, which knows what to advise.
    """
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLargeError(
            f"{path}: larger than {max_bytes // (1024 * 1024)} MB, the most tbwan reads "
            "from one file: split it or check it is the right file"
        )
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise FileEncodingError(f"{path}: is {name} text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileEncodingError(
            f"{path}: line {line} is not UTF-8 (byte {data[exc.start]:#04x} at offset "
            f"{exc.start}); save the file as UTF-8"
        ) from None


class _UniqueKeys:
    """Mixin for a PyYAML constructor: a mapping holding a key twice is an error."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Any:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                raise DuplicateKeyError(
                    f"line {line}: key {key_node.value!r} is already set on line "
                    f"{seen[key_node.value]}; keep one of them"
                )
            seen[key_node.value] = line
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseBase: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class UniqueKeyLoader(_UniqueKeys, _SafeBase):  # type: ignore[misc]
    """PyYAML's safe loader (the C parser when built), refusing duplicate keys."""


class StringLoader(_UniqueKeys, _BaseBase):  # type: ignore[misc]
    """Every scalar a string, as written: no YAML 1.1 coercion (``0123``, ``yes``,
    ``12:30`` stay as they are) and an empty value is ``""``; duplicate keys refused."""


def load_yaml(
    path: Path,
    *,
    strings: bool = False,
    error: type[TbwanError],
    max_bytes: int = MAX_FILE_BYTES,
) -> Any:
    """Parse ``path``; a syntax error is raised as ``error`` naming the file and line."""
    text = read_text(path, max_bytes=max_bytes)
    try:
        return yaml.load(text, Loader=StringLoader if strings else UniqueKeyLoader)
    except DuplicateKeyError as exc:
        raise DuplicateKeyError(f"{path}: {exc.message}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise error(f"{path}: not valid YAML{where} ({problem}); fix the syntax") from None

"""Output filters after ``|``: include, exclude, begin, section, count. Pure."""

from __future__ import annotations

import re


def _section(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    out: list[str] = []
    keep = False
    for line in lines:
        if line and not line[0].isspace():
            keep = bool(pattern.search(line))
        elif not line:
            keep = False
        if keep:
            out.append(line)
    return out


def apply_pipe(output: str, pipe: str) -> str:
    """Filter ``output`` by a pipe expression such as ``include ip scp``.

    >>> apply_pipe("a 1\\nb 2\\n a 3", "include a")
    'a 1\\n a 3'
    >>> apply_pipe("x\\ninterface Lo0\\n shutdown\\n!", "section interface")
    'interface Lo0\\n shutdown'
    """
    words = pipe.strip().lstrip("|").strip().split(None, 1)
    if not words:
        return "% Incomplete command."
    kind = words[0].lower()
    expr = words[1] if len(words) > 1 else ""
    try:
        pattern = re.compile(expr)
    except re.error:
        return "% Invalid input detected at '^' marker."
    lines = output.split("\n")
    if "include".startswith(kind):
        lines = [ln for ln in lines if pattern.search(ln)]
    elif "exclude".startswith(kind):
        lines = [ln for ln in lines if not pattern.search(ln)]
    elif "begin".startswith(kind):
        idx = next((i for i, ln in enumerate(lines) if pattern.search(ln)), len(lines))
        lines = lines[idx:]
    elif "section".startswith(kind):
        lines = _section(lines, pattern)
    elif "count".startswith(kind):
        return f"Number of lines which match regexp = {sum(bool(pattern.search(x)) for x in lines)}"
    else:
        return "% Invalid input detected at '^' marker."
    return "\n".join(lines)

"""The terminal line discipline of a lab device's shell: echo, backspace, end of line.

One for every dialect: bytes are echoed and collected until CR, LF or CR LF ends the
line, which goes to the session's ``done`` callback; backspace and DEL erase a character.
A dialect says whether it echoes at all (IOS hides the enable secret), what Ctrl-Z types
(IOS: ``end``) and whether other control bytes are kept (Junos drops them).
"""

from __future__ import annotations

from collections.abc import Callable

CTRL_Z = 26


class LineEditor:
    """The line being typed, and how a dialect edits it."""

    def __init__(self, *, ctrl_z: bytes | None = None, printable_only: bool = False) -> None:
        self.line = bytearray()
        self.ctrl_z, self.printable_only = ctrl_z, printable_only

    def take_line(self) -> str:
        """The finished line (decoded), leaving an empty one."""
        text = self.line.decode(errors="replace")
        self.line = bytearray()
        return text

    def feed(
        self,
        data: bytes,
        out: bytearray,
        done: Callable[[bytearray], bool],
        echo: Callable[[], bool] = lambda: True,
    ) -> bool:
        """Edit with ``data``, echoing into ``out`` while ``echo()`` says so (asked per
        byte: a line of the same chunk may turn echo off, as ``enable`` does before the
        secret); ``done(out)`` runs for each finished line (read it with
        :meth:`take_line`). False once ``done`` ends the session.

        >>> ed, lines = LineEditor(ctrl_z=b"end"), []
        >>> out = bytearray()
        >>> ed.feed(b"sh x\\x7fver\\r\\n\\x1a", out, lambda o: lines.append(ed.take_line()) or True)
        True
        >>> lines, bytes(out)
        (['sh ver', 'end'], b'sh x\\x08 \\x08ver')
        """
        i, n = 0, len(data)
        while i < n:
            b = data[i]
            i += 1
            if b in (13, 10):
                if b == 13 and i < n and data[i] == 10:
                    i += 1
                if not done(out):
                    return False
            elif b in (8, 127):
                if self.line:
                    self.line.pop()
                    out += b"\x08 \x08"
            elif b == CTRL_Z and self.ctrl_z is not None:
                self.line = bytearray(self.ctrl_z)
                if not done(out):
                    return False
            elif not self.printable_only or b >= 32 or b == 9:
                self.line.append(b)
                if echo():
                    out.append(b)
        return True

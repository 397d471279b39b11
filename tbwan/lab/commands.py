"""One CLI session of a simulated device: modes, prompts, command dispatch. Pure (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tbwan.lab import fileops
from tbwan.lab.editor import INCOMPLETE, INVALID, ConfigEditor, caret
from tbwan.lab.models import Credentials
from tbwan.lab.network.exec_cmds import COMMANDS as NETWORK_COMMANDS
from tbwan.lab.pipes import apply_pipe
from tbwan.lab.show_commands import SHOWS
from tbwan.lab.state import DeviceState

Handler = Callable[["Session", list[str]], str]


@dataclass
class Trie:
    """Keyword tree of exec commands (IOS accepts unique prefixes)."""

    children: dict[str, Trie]
    handler: Handler | None = None
    takes_args: bool = False

    @classmethod
    def build(cls, table: dict[str, tuple[Handler, bool]]) -> Trie:
        """Build from ``{"show running-config": (handler, takes_args)}``."""
        root = cls({})
        for words, (handler, args) in table.items():
            node = root
            for w in words.split():
                node = node.children.setdefault(w, cls({}))
            node.handler, node.takes_args = handler, args
        return root

    def match(self, tokens: list[str]) -> tuple[Handler, list[str]] | tuple[None, str | int]:
        """Return (handler, args), or (None, error) / (None, index of the bad token)."""
        node, i = self, 0
        while i < len(tokens):
            tok = tokens[i].lower()
            hits = (
                [tok] if tok in node.children else [k for k in node.children if k.startswith(tok)]
            )
            if len(hits) == 1:
                node, i = node.children[hits[0]], i + 1
                continue
            if len(hits) > 1:
                return None, f'% Ambiguous command:  "{" ".join(tokens[: i + 1])}"'
            if node.handler is not None and node.takes_args:
                break
            return None, i
        if node.handler is None:
            return None, INCOMPLETE
        return node.handler, tokens[i:]


class Session:
    """An interactive session: feed it lines, it answers text and keeps the mode."""

    def __init__(self, state: DeviceState, creds: Credentials, user: str) -> None:
        self.state, self.creds, self.user = state, creds, user
        self.privileged = False
        self.editor: ConfigEditor | None = None
        self.closed = False
        self.echo = True
        self._pending: Callable[[str], str] | None = None
        self._pending_prompt = ""

    @property
    def prompt(self) -> str:
        """What the device shows before input."""
        if self._pending is not None:
            return self._pending_prompt
        host = self.state.hostname
        if self.editor is not None:
            return f"{host[:20]}({self.editor.mode})#"
        return f"{host}{'#' if self.privileged else '>'}"

    def ask(self, prompt: str, then: Callable[[str], str], echo: bool = True) -> str:
        """Wait for an answer to ``prompt``; ``then`` handles it."""
        self._pending, self._pending_prompt, self.echo = then, prompt, echo
        return ""

    def feed(self, line: str) -> str:
        """Handle one input line and return the output (without the next prompt)."""
        self.state.expire_timer()
        if self._pending is not None:
            pending, self._pending, self.echo = self._pending, None, True
            return pending(line)
        if self.editor is not None:
            return self._config_line(line)
        return self.exec_line(line, self.prompt)

    def exec_line(self, line: str, prompt: str) -> str:
        """Run an exec command (``prompt`` places the ``^`` marker)."""
        m = re.match(r"^(.*?)\s+\|\s*(.*)$", line)
        cmd, pipe = (m.group(1), m.group(2)) if m else (line, "")
        tokens = cmd.split()
        if not tokens:
            return ""
        trie = PRIV if self.privileged else USER
        handler, args = trie.match(tokens)
        if handler is None:
            if isinstance(args, int):
                return caret(prompt, line, args)
            return str(args)
        assert isinstance(args, list)
        out = handler(self, args)
        return apply_pipe(out, pipe) if pipe else out

    def _config_line(self, line: str) -> str:
        assert self.editor is not None
        body = line.strip()
        if body.startswith("do ") and self.editor.banner is None:
            return self.exec_line(body[3:], self.prompt + "do ")
        self.editor.reject = self.state.fault.reject_re
        effect = self.editor.apply(line)
        if effect is None:
            self.editor = None
            return ""
        if effect.changed:
            self.state.changed(self.user)
        if effect.error is not None:
            if effect.error == INVALID:
                return caret(self.prompt, line, 0)
            return effect.error
        return ""


def _show_run(s: Session, args: list[str]) -> str:
    return s.state.config_text()


def _show_start(s: Session, args: list[str]) -> str:
    return "Using 1234 out of 33554432 bytes\n" + s.state.startup.rstrip("\n")


def _enable(s: Session, args: list[str]) -> str:
    if s.privileged:
        return ""

    def check(answer: str) -> str:
        if answer == s.creds.enable_secret:
            s.privileged = True
            return ""
        return "% Bad secrets"

    return s.ask("Password: ", check, echo=False)


def _disable(s: Session, args: list[str]) -> str:
    s.privileged = False
    return ""


def _exit(s: Session, args: list[str]) -> str:
    s.closed = True
    return ""


def _terminal(s: Session, args: list[str]) -> str:
    return ""


def _configure_terminal(s: Session, args: list[str]) -> str:
    if args[:2] == ["revert", "timer"]:
        if len(args) < 3 or not args[2].isdigit():
            return INCOMPLETE
        if not s.state.archive_enabled:
            return "%Please turn config archive on before using Rollback Confirmed Change"
        s.state.start_revert_timer(s.user, int(args[2]), s.state.running.copy())
    elif args:
        return caret(s.prompt + "configure terminal ", " ".join(args), 0)
    s.editor = ConfigEditor(s.state.running, s.state.fault.reject_re)
    return "Enter configuration commands, one per line.  End with CNTL/Z."


def _copy(s: Session, args: list[str]) -> str:
    if len(args) < 2:
        return INCOMPLETE
    src, dst = args[0], args[1]
    if s.state.has_line("file prompt quiet"):
        return fileops.do_copy(s.state, src, dst, s.user)
    default = fileops.default_dest_name(dst)

    def answer(reply: str) -> str:
        name = reply.strip() or default
        target = dst if name == default else f"flash:/{name}"
        return fileops.do_copy(s.state, src, target, s.user)

    return s.ask(f"Destination filename [{default}]? ", answer)


def _write(s: Session, args: list[str]) -> str:
    if args and "terminal".startswith(args[0].lower()):
        return s.state.config_text()
    if args and not "memory".startswith(args[0].lower()):
        return INVALID
    s.state.save()
    return "Building configuration...\n[OK]"


def _replace(s: Session, args: list[str]) -> str:
    if "force" in args or s.state.has_line("file prompt quiet"):
        return fileops.configure_replace(s.state, args, s.user)

    def answer(reply: str) -> str:
        if reply.strip().lower() in ("y", "yes"):
            return fileops.configure_replace(s.state, args, s.user)
        return ""

    return s.ask(
        "This will apply all necessary additions and deletions\nto replace the current "
        "running configuration with the\ncontents of the specified configuration file, "
        "which is\nassumed to be a complete configuration, not a partial\nconfiguration. "
        "Enter Y if you are sure you want to proceed. ? [no]: ",
        answer,
    )


def _confirm(s: Session, args: list[str]) -> str:
    if s.state.pending is None:
        return "%No Rollback Confirmed Change pending"
    s.state.pending = None
    return ""


def _revert(s: Session, args: list[str]) -> str:
    pending = s.state.pending
    if pending is None:
        return "%No Rollback Confirmed Change pending"
    if args[:1] == ["now"]:
        s.state.running, s.state.pending = pending.snapshot, None
        s.state.changed(s.user)
        return "Rollback Done"
    return INCOMPLETE


def _delete(s: Session, args: list[str]) -> str:
    names = [a for a in args if not a.startswith("/")]
    name = fileops.flash_name(names[0]) if names else None
    if name is None or name not in s.state.flash:
        return fileops.NO_SUCH.format(names[0] if names else "")
    del s.state.flash[name]
    return ""


_COMMON: dict[str, tuple[Handler, bool]] = {
    "enable": (_enable, False),
    "exit": (_exit, False),
    "logout": (_exit, False),
    "quit": (_exit, False),
    "terminal length": (_terminal, True),
    "terminal width": (_terminal, True),
    "terminal no": (_terminal, True),
    "terminal monitor": (_terminal, True),
    **SHOWS,
    **NETWORK_COMMANDS,  # ping, traceroute, routing, neighbours: the network model
}

_PRIV: dict[str, tuple[Handler, bool]] = {
    **_COMMON,
    "disable": (_disable, False),
    "show running-config": (_show_run, True),
    "show startup-config": (_show_start, False),
    "show archive": (lambda s, a: fileops.show_archive(s.state), False),
    "show archive config rollback timer": (
        lambda s, a: fileops.show_rollback_timer(s.state),
        False,
    ),
    "show archive config differences": (
        lambda s, a: fileops.archive_differences(s.state, a),
        True,
    ),
    "show archive config incremental-diffs": (
        lambda s, a: fileops.archive_incremental(s.state, a),
        True,
    ),
    "show flash:": (lambda s, a: fileops.dir_cmd(s.state, []), False),
    "dir": (lambda s, a: fileops.dir_cmd(s.state, a), True),
    "verify": (lambda s, a: fileops.verify_md5(s.state, a), True),
    "more": (lambda s, a: fileops.more_cmd(s.state, a), True),
    "copy": (_copy, True),
    "delete": (_delete, True),
    "write": (_write, True),
    "configure terminal": (_configure_terminal, True),
    "configure replace": (_replace, True),
    "configure confirm": (_confirm, False),
    "configure revert": (_revert, True),
}


USER = Trie.build(_COMMON)
PRIV = Trie.build(_PRIV)

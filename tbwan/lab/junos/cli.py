"""The Junos CLI of a lab SRX over SSH: operational mode (``>``) and configuration mode (``#``).

Enough for Netmiko's ``juniper_junos`` driver and an engineer: ``set cli ...``,
``show ...``, ``configure [exclusive|private]``, ``set``/``delete``, ``edit``/``top``/``up``,
``show | compare``, ``commit [check|confirmed N|comment "x"|and-quit]``, ``rollback N``,
``exit [configuration-mode]``, ``quit``.
"""

from __future__ import annotations

import re

from tbwan.lab.junos.cli_text import OperFallback, config_output, run_command
from tbwan.lab.junos.state import JunosState
from tbwan.lab.junos.store import ConfigError
from tbwan.lab.junos.tree import LIST_KEYWORDS, JunosSyntaxError, check_path, split_words

_CLI_SET = {
    "screen-length": "Screen length set to {}",
    "screen-width": "Screen width set to {}",
    "complete-on-space": "Disabling complete-on-space",
    "timestamp": "",
}
_COMMIT = re.compile(
    r"^commit(?P<check>\s+check)?(?:\s+confirmed(?:\s+(?P<minutes>\d+))?)?"
    r'(?:\s+comment\s+(?:"(?P<qc>[^"]*)"|(?P<c>\S+)))?(?P<quit>\s+and-quit)?\s*$'
)


class JunosCli:
    """One CLI session: the text of each reply; the caller prints :attr:`prompt` after it."""

    def __init__(self, state: JunosState, user: str, fallback: OperFallback | None = None) -> None:
        self.state, self.user, self.fallback = state, user, fallback
        self.session = state.next_session()
        self.config = False
        self.exclusive = False
        self.edit: list[str] = []
        self.closed = False
        self.confirm_exit = False

    @property
    def banner(self) -> str:
        """What a login prints before the first prompt."""
        return f"--- JUNOS {self.state.version} Kernel 64-bit  JNPR-12.1-20230321.be2a3d4_buil"

    @property
    def prompt(self) -> str:
        """The prompt, with the ``[edit]`` context line in configuration mode."""
        if self.config:
            where = "[edit" + "".join(f" {w}" for w in self.edit) + "]"
            return f"\n{where}\n{self.user}@{self.state.hostname}# "
        return f"\n{self.user}@{self.state.hostname}> "

    def close(self) -> None:
        """The session ended: an exclusive edit's uncommitted changes are discarded."""
        if self.exclusive:
            self.state.store.unlock(self.session)

    def feed(self, line: str) -> str:
        """Run one line; return its output (no prompt)."""
        self.state.expire_timer()
        text = line.strip()
        if self.confirm_exit:
            self.confirm_exit = False
            if text in ("", "yes", "y"):
                return self._leave()
            return ""
        if not text:
            return ""
        return self._config(text) if self.config else self._oper(text)

    def _oper(self, text: str) -> str:
        words = split_words(text)
        if words[0] in ("quit", "exit"):
            self.closed = True
            return ""
        if words[:2] == ["set", "cli"] and len(words) >= 3 and words[2] in _CLI_SET:
            return _CLI_SET[words[2]].format(words[3] if len(words) > 3 else "")
        if words[0].startswith("conf") and "configure".startswith(words[0]):
            return self._enter(words[1:])
        out = run_command(self.state, text, fallback=self.fallback)
        if out is None:
            return _syntax_error(text, len(self.prompt.strip()) + 1)
        return out

    def _enter(self, args: list[str]) -> str:
        store = self.state.store
        if args[:1] == ["exclusive"]:
            try:
                store.lock(self.session, self.user)
            except ConfigError as exc:
                return f"error: {exc}"
            self.exclusive = True
            head = "warning: uncommitted changes will be discarded on exit\n"
        else:
            head = ""
            if store.lock_owner is not None and store.lock_owner != self.session:
                head = "warning: configuration database locked by another session\n"
            if store.modified:
                head += "The configuration has been changed but not committed\n"
        self.config, self.edit = True, []
        return head + "Entering configuration mode"

    def _config(self, text: str) -> str:
        store = self.state.store
        if text.startswith("run "):
            out = run_command(self.state, text[4:], fallback=self.fallback)
            return out if out is not None else _syntax_error(text[4:], 0)
        words = split_words(text)
        verb = words[0]
        try:
            if verb in ("set", "delete"):
                edits = [(verb, [*self.edit, *words[1:]])]
                self.state.refuse_faulty(edits)
                warnings = store.apply(edits, self.session)
                return "warning: statement not found" if warnings else ""
            if verb == "edit":
                check_path([*self.edit, *words[1:]])  # no such hierarchy: syntax error
                self.edit = [*self.edit, *words[1:]]
                return ""
            if verb in ("top", "up"):
                self.edit = [] if verb == "top" else _up(self.edit)
                return ""
            if verb == "show":
                return self._show(text)
            if verb == "rollback":
                n = int(words[1]) if len(words) > 1 else 0
                store.replace_candidate(store.rollback_tree(n), self.session)
                return "load complete"
            if verb.startswith("commit"):
                return self._commit(text)
            if verb in ("exit", "quit"):
                if self.edit and words[1:] != ["configuration-mode"]:
                    self.edit = []
                    return ""
                if store.modified and not self.exclusive:
                    self.confirm_exit = True
                    return (
                        "The configuration has been changed but not committed\n"
                        "Exit with uncommitted changes? [yes,no] (yes) "
                    )
                return self._leave()
        except JunosSyntaxError as exc:
            return _syntax_error(text, len(self.prompt.split("\n")[-1]), exc.word)
        except (ConfigError, ValueError) as exc:
            return f"error: {exc}"
        return _syntax_error(text, len(self.prompt.split("\n")[-1]))

    def _leave(self) -> str:
        if self.exclusive:
            self.state.store.unlock(self.session)
            self.exclusive = False
        self.config, self.edit = False, []
        return "Exiting configuration mode"

    def _show(self, text: str) -> str:
        command, _, pipe = text.partition("|")
        if pipe.strip().startswith("compare"):
            rest = pipe.split()
            n = int(rest[2]) if len(rest) > 2 and rest[1] == "rollback" else 0
            return self.state.diff(n).rstrip()
        words = split_words(command)[1:]
        if words[:1] == ["configuration"]:
            return run_command(self.state, text, candidate=True) or ""
        return config_output(self.state, self.state.store.candidate, [*self.edit, *words], pipe)

    def _commit(self, text: str) -> str:
        store = self.state.store
        match = _COMMIT.match(text)
        if match is None:
            return _syntax_error(text, len(self.prompt.split("\n")[-1]))
        if match.group("check"):
            store.confirm()
            return "configuration check succeeds"
        store.check_lock(self.session)
        lines = ["configuration check succeeds"]
        minutes = 0
        if " confirmed" in text:
            minutes = int(match.group("minutes") or "10")
            lines.append(
                f"commit confirmed will be automatically rolled back in {minutes} minutes "
                "unless confirmed"
            )
        comment = match.group("qc") or match.group("c") or ""
        store.commit(self.user, "cli", comment, minutes)
        lines.append("commit complete")
        if minutes:
            lines.append(f"\n# commit confirmed will be rolled back in {minutes} minutes")
        if match.group("quit"):
            lines.append(self._leave())
        return "\n".join(lines)


def _up(path: list[str]) -> list[str]:
    """One level up: an entry (``unit 0``) is one level of two words.

    >>> _up(["interfaces", "ge-0/0/5", "unit", "0"]), _up(["interfaces", "ge-0/0/5"])
    (['interfaces', 'ge-0/0/5'], ['interfaces'])
    """
    out = path[:-1]
    if out and out[-1] in LIST_KEYWORDS:
        out = out[:-1]
    return out


def _syntax_error(text: str, column: int, word: str | None = None) -> str:
    """Junos's caret under the word it could not take, then ``syntax error.``."""
    words = text.split()
    bad = word if word and word in words else (words[1] if len(words) > 1 else words[0])
    at = text.find(bad) if bad in text else 0
    return " " * (column + at) + "^\nsyntax error."

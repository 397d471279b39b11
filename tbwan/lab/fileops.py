"""Flash files, ``copy``, ``configure replace`` and the config archive (pure over state)."""

from __future__ import annotations

import hashlib

from tbwan.lab.archive_diff import contextual_diff, incremental_diff
from tbwan.lab.config_tree import Node
from tbwan.lab.editor import apply_text
from tbwan.lab.show_system import dir_listing
from tbwan.lab.state import DeviceState

FILE_SYSTEMS = ("flash:", "bootflash:")
RUNNING = ("running-config", "system:running-config", "system:/running-config")
STARTUP = ("startup-config", "nvram:startup-config", "nvram:/startup-config")
NO_SUCH = "%Error opening {} (No such file or directory)"


def flash_name(path: str) -> str | None:
    """The file name of a flash path, or None if ``path`` is not on flash.

    >>> flash_name("flash:/merge_config.txt")
    'merge_config.txt'
    >>> flash_name("'flash:/x.txt'")
    'x.txt'
    >>> flash_name("running-config") is None
    True
    """
    path = path.strip("'\"")
    for fs in FILE_SYSTEMS:
        if path.startswith(fs):
            return path[len(fs) :].lstrip("/")
    return None


def load_tree(text: str) -> Node:
    """A config file as the device would hold it after applying it to an empty config."""
    root = Node()
    apply_text(root, text.splitlines())
    return root


def read_source(state: DeviceState, src: str) -> bytes | str:
    """Bytes of a copy source, or an error message (str)."""
    if src in RUNNING:
        return state.config_text(header=False).encode()
    if src in STARTUP:
        return state.startup.encode()
    if src == "null:":
        return b""
    name = flash_name(src)
    if name is None:
        return "%Error parsing filename (Invalid argument)"
    if name not in state.flash:
        return NO_SUCH.format(src)
    return state.flash[name][0]


def error_lines(text: str, error: str) -> list[str]:
    """IOS's report of a rejected line inside a file operation."""
    return [text, "^", error]


def merge_into_running(state: DeviceState, data: bytes, user: str) -> str:
    """Apply a file to the running config (``copy FILE running-config``)."""
    effects = apply_text(
        state.running, data.decode(errors="replace").splitlines(), state.fault.reject_re
    )
    out: list[str] = []
    for effect in effects:
        if effect.error is not None:
            out.extend(error_lines(effect.text, effect.error))
    if any(e.changed for e in effects):
        state.changed(user)
    out.append(f"{len(data)} bytes copied in 0.041 secs ({len(data) * 24} bytes/sec)")
    return "\n".join(out)


def do_copy(state: DeviceState, src: str, dst: str, user: str) -> str:
    """Perform ``copy SRC DST`` once any prompt is answered."""
    data = read_source(state, src)
    if isinstance(data, str):
        return data
    if dst in RUNNING:
        return merge_into_running(state, data, user)
    if dst in STARTUP:
        if src in RUNNING:
            state.save()
            return "Building configuration...\n[OK]"
        state.startup = data.decode(errors="replace")
        return f"{len(data)} bytes copied in 0.020 secs"
    name = flash_name(dst)
    if name is None or not name:
        return "%Error parsing filename (Invalid argument)"
    state.write_flash(name, data)
    return f"{len(data)} bytes copied in 0.020 secs ({len(data) * 50} bytes/sec)"


def default_dest_name(dst: str) -> str:
    """Name offered in ``Destination filename [x]?``."""
    if dst in RUNNING:
        return "running-config"
    if dst in STARTUP:
        return "startup-config"
    return flash_name(dst) or dst


def dir_cmd(state: DeviceState, args: list[str]) -> str:
    """``dir [flash:[/FILE]]``."""
    target = args[0] if args else "flash:"
    name = flash_name(target)
    if name is None:
        return f"%Error opening {target} (Invalid argument)"
    return dir_listing(state.flash, name or None)


def verify_md5(state: DeviceState, args: list[str]) -> str:
    """``verify /md5 flash:/FILE``."""
    if len(args) != 2 or args[0] != "/md5":
        return "% Incomplete command."
    name = flash_name(args[1])
    if name is None or name not in state.flash:
        return NO_SUCH.format(args[1])
    digest = hashlib.md5(state.flash[name][0], usedforsecurity=False).hexdigest()
    return f"{'.' * 8}MD5 of {args[1]} Done!\nverify /md5 ({args[1]}) = {digest}"


def more_cmd(state: DeviceState, args: list[str]) -> str:
    """``more FILE``."""
    if not args:
        return "% Incomplete command."
    data = read_source(state, args[0])
    return data if isinstance(data, str) else data.decode(errors="replace").rstrip("\n")


def show_archive(state: DeviceState) -> str:
    """``show archive``: the ten archive slots, the newest marked."""
    if not state.archive_enabled:
        return " Archive feature not enabled"
    n = state.archive_count
    rows = []
    for slot in range(1, 11):
        if slot <= min(n, 10):
            index = n - min(n, 10) + slot
            mark = " <- Most Recent" if index == n else ""
            rows.append(f"   {slot:<9}flash:archive-{index}{mark}")
        else:
            rows.append(f"   {slot}")
    return "\n".join(
        [
            "The maximum archive configurations allowed is 10.",
            f"There are currently {n} archive configurations saved.",
            f"The next archive file will be named flash:archive-{n + 1}",
            " Archive #  Name",
            *rows,
        ]
    )


def show_rollback_timer(state: DeviceState) -> str:
    """``show archive config rollback timer`` (NAPALM reads ``User: NAME``)."""
    p = state.pending
    if p is None:
        return "%No Rollback Confirmed Change pending"
    return "\n".join(
        [
            f"Time configured(or reset): {p.configured.strftime('%H:%M:%S UTC %a %b %d %Y')}",
            "Timer type: Rollback",
            f"Timer value: {p.minutes} min",
            f"User: {p.user}",
        ]
    )


def archive_differences(state: DeviceState, args: list[str]) -> str:
    """``show archive config differences [A] B``: contextual diff of two configs."""
    files = [a for a in args if a != "ignorecase"]
    if not files or len(files) > 2:
        return "% Incomplete command."
    base: Node = state.running
    if len(files) == 2 and files[0] not in RUNNING:
        data = read_source(state, files[0])
        if isinstance(data, str):
            return data
        base = load_tree(data.decode(errors="replace"))
    data = read_source(state, files[-1])
    if isinstance(data, str):
        return data
    return contextual_diff(base, load_tree(data.decode(errors="replace")))


def archive_incremental(state: DeviceState, args: list[str]) -> str:
    """``show archive config incremental-diffs FILE [ignorecase]``."""
    if not args:
        return "% Incomplete command."
    data = read_source(state, args[0])
    if isinstance(data, str):
        return data
    return incremental_diff(state.running, data.decode(errors="replace"), state.fault.reject_re)


def configure_replace(state: DeviceState, args: list[str], user: str) -> str:
    """``configure replace FILE [force] [revert trigger error] [timer N]`` (after prompts)."""
    if not args:
        return "% Incomplete command."
    data = read_source(state, args[0])
    if isinstance(data, str):
        return data
    trigger = "trigger" in args
    timer = None
    if "timer" in args:
        idx = args.index("timer")
        if idx + 1 >= len(args) or not args[idx + 1].isdigit():
            return "% Incomplete command."
        timer = int(args[idx + 1])
        if not state.archive_enabled:
            return "%Please turn config archive on before using Rollback Confirmed Change"
    candidate = Node()
    effects = apply_text(
        candidate, data.decode(errors="replace").splitlines(), state.fault.reject_re
    )
    failed = [(e.text, e.error) for e in effects if e.error is not None]
    out: list[str] = []
    if failed and trigger:
        for line, err in failed:
            out.append(f"Failed to apply command {line.strip()}")
            out.append(err)
        out.append("Reverting to the original configuration...")
        out.append("The original configuration has been successfully restored.")
        return "\n".join(out)
    for line, err in failed:
        out.append(f"Failed to apply command {line}")
        out.append(err)
    snapshot = state.running.copy()
    state.running = candidate
    state.changed(user)
    state.archive_count += 1
    if timer is not None:
        state.start_revert_timer(user, timer, snapshot)
    out.extend(["Total number of passes: 1", "Rollback Done"])
    return "\n".join(out)

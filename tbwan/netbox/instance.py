"""The NetBox application itself: its venv, management commands, admin token, server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tbwan.errors import NetBoxError
from tbwan.netbox.http import netbox_status
from tbwan.netbox.state import NETBOX_VERSION, Home, read_pid
from tbwan.settings import env_settings

Say = Callable[[str], None]
PYTHON_ENV = "TBWAN_NETBOX_PYTHON"
ADMIN_USER = "admin"
TOKEN_DESCRIPTION = "tbwan (scripts/netbox up)"

# Runs inside NetBox (`netbox shell -c`): make the admin, replace tbwan's token, print it.
# The password comes from the environment so it never appears in a command line.
_MINT_TOKEN = f"""
import os
from users.models import Token, User
user, _ = User.objects.get_or_create(username={ADMIN_USER!r})
user.is_superuser = True
user.is_staff = True
user.is_active = True
user.set_password(os.environ["TBWAN_NETBOX_ADMIN_PASSWORD"])
user.save()
Token.objects.filter(user=user, description={TOKEN_DESCRIPTION!r}).delete()
token = Token(user=user, description={TOKEN_DESCRIPTION!r}, write_enabled=True)
token.full_clean()
token.save()
print("TBWAN_TOKEN=nbt_" + token.key + "." + token.token)
"""


def base_python() -> str:
    """A Python >= 3.12 to build NetBox's venv from (NetBox 4.7 requires it)."""
    override = env_settings().netbox_python
    if override:
        return override
    # tbwan itself requires Python >= 3.12, so its interpreter's base serves (venv
    # resolves a venv's python to the base installation).
    return sys.executable


def installed_version(home: Home) -> str | None:
    """The NetBox version in the state directory's venv, or None."""
    python = home.venv / "bin" / "python"
    if not python.exists():
        return None
    proc = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('netbox'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def ensure_venv(home: Home, say: Say) -> bool:
    """Install NetBox into ``home.venv`` unless that version is there; True if installed."""
    if installed_version(home) == NETBOX_VERSION:
        return False
    log = home.root / "pip.log"
    say(f"installing NetBox {NETBOX_VERSION} into {home.venv} (pip, 1-3 minutes; log {log})")
    if home.venv.exists():
        shutil.rmtree(home.venv)
    home.root.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        steps = [
            [base_python(), "-m", "venv", str(home.venv)],
            [str(home.venv / "bin" / "pip"), "install", "-q", f"netbox=={NETBOX_VERSION}"],
        ]
        for cmd in steps:
            if subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False).returncode:
                raise NetBoxError(f"installing NetBox failed: see {log}")
    return True


def netbox_env(home: Home) -> dict[str, str]:
    return {
        **os.environ,
        "NETBOX_ROOT": str(home.netbox_root),
        "DJANGO_SETTINGS_MODULE": "netbox.settings",
        "PYTHONWARNINGS": "ignore",
    }


def manage(home: Home, *args: str, extra_env: dict[str, str] | None = None) -> str:
    """Run a NetBox management command; return stdout, raise NetBoxError on failure."""
    cmd = [str(home.venv / "bin" / "netbox"), *args]
    proc = subprocess.run(
        cmd,
        env={**netbox_env(home), **(extra_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-10:])
        raise NetBoxError(f"`netbox {args[0]}` failed (exit {proc.returncode}):\n{tail}")
    return proc.stdout


def migrate(home: Home, say: Say) -> int:
    """Apply NetBox's migrations with progress; return how many were applied."""
    log = home.root / "migrate.log"
    cmd = [str(home.venv / "bin" / "netbox"), "migrate", "--no-input"]
    applied = 0
    started = time.monotonic()
    with (
        log.open("w", encoding="utf-8") as out,
        subprocess.Popen(
            cmd,
            env={**netbox_env(home), "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            out.flush()
            if line.lstrip().startswith("Applying "):
                applied += 1
                if applied == 1:
                    say("migrating an empty database (first run: a few minutes)")
                elif applied % 50 == 0:
                    say(f"  {applied} migrations applied ({time.monotonic() - started:.0f}s)")
        code = proc.wait()
    if code != 0:
        raise NetBoxError(f"`netbox migrate` failed (exit {code}): see {log}")
    if applied:
        say(f"  {applied} migrations applied in {time.monotonic() - started:.0f}s")
    return applied


def mint_token(home: Home, admin_password: str) -> str:
    """Create the admin user (if needed) and a fresh v2 API token; return the token."""
    out = manage(
        home,
        "shell",
        "--no-imports",
        "-c",
        _MINT_TOKEN,
        extra_env={"TBWAN_NETBOX_ADMIN_PASSWORD": admin_password},
    )
    for line in out.splitlines():
        if line.startswith("TBWAN_TOKEN="):
            return line.removeprefix("TBWAN_TOKEN=").strip()
    raise NetBoxError("creating the API token printed no token: run `netbox shell` to check")


def port_in_use(port: int) -> bool:
    """Whether something already listens on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_server(home: Home, port: int, workers: int) -> int:
    """Start gunicorn in the background on 127.0.0.1:``port``; return its pid."""
    home.log_file.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(home.venv / "bin" / "gunicorn"),
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--threads", "2",
        "--timeout", "300",
        "--no-control-socket",
        "--graceful-timeout", "5",
        "--preload",  # load Django once, then fork: workers are ready in seconds
        "--pythonpath", str(home.conf_dir),
        "tbwan_wsgi:application",
    ]  # fmt: skip
    with home.log_file.open("ab") as log:
        proc = subprocess.Popen(
            cmd,
            env=netbox_env(home),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=home.root,
        )
    home.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
    return proc.pid


def wait_until_serving(url: str, pid: int, log: Path, timeout: float, say: Say) -> None:
    """Poll ``/api/status/`` until NetBox answers; fail clearly on exit or timeout."""
    deadline = time.monotonic() + timeout
    next_note = time.monotonic() + 15
    while time.monotonic() < deadline:
        code, _ = netbox_status(url, None)
        if code in (200, 401, 403):
            return
        if read_pid_alive(pid) is False:
            raise NetBoxError(f"NetBox exited while starting: see {log}\n{tail_of(log)}")
        if time.monotonic() > next_note:
            say(f"  waiting for {url}/api/status/ ...")
            next_note = time.monotonic() + 15
        time.sleep(0.5)
    raise NetBoxError(
        f"NetBox did not answer on {url}/api/status/ within {timeout:.0f}s: see {log}; "
        "raise the bound with --timeout"
    )


def read_pid_alive(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        done = 0
    if done == pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def tail_of(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_server(home: Home, timeout: float = 20.0) -> bool:
    """Stop the gunicorn that ``up`` started (by its pid file); True if one was running."""
    pid = read_pid(home.pid_file)
    if pid is None:
        home.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and read_pid_alive(pid):
        time.sleep(0.2)
    if read_pid_alive(pid):
        os.killpg(pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
    home.pid_file.unlink(missing_ok=True)
    return True

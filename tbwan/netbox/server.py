"""``up``, ``down`` and ``status`` of the local NetBox that tests, CI and laptops use.

``up`` installs PostgreSQL and Redis from Debian if missing, starts them, creates the
database, installs NetBox into its own venv, writes its configuration, migrates, makes an
admin and an API token, serves NetBox on 127.0.0.1 and waits (bounded) for the API.
Every step reuses what exists, so a second ``up`` takes seconds. ``down`` stops only what
``up`` started. Run as ``scripts/netbox up`` or ``tbwan netbox up``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tbwan.errors import Exit, NetBoxError
from tbwan.netbox import instance, services
from tbwan.netbox.config import WSGI_MODULE, NetBoxConfig, render_configuration
from tbwan.netbox.http import netbox_status
from tbwan.netbox.state import (
    NETBOX_VERSION,
    Home,
    StartRecord,
    default_home,
    load_or_create_secrets,
    load_record,
    read_pid,
    save_record,
    write_private,
)
from tbwan.settings import env_settings

Say = Callable[[str], None]
DEFAULT_PORT = 8001
DEFAULT_REDIS_PORT = 6379
DEFAULT_DB = "tbwan_netbox"


def _or[T](value: str | None, default: T) -> str | T:
    """``value`` when the variable is set (even empty: it then fails to parse), else ``default``."""
    return default if value is None else value


@dataclass(frozen=True)
class Options:
    """How ``up`` runs; every value has an environment override (see ``from_env``)."""

    home: Home
    port: int = DEFAULT_PORT
    redis_port: int = DEFAULT_REDIS_PORT
    db_name: str = DEFAULT_DB
    timeout: float = 180.0
    workers: int = field(default_factory=lambda: min(2 * (os.cpu_count() or 1) + 1, 9))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def from_env(cls, port: int | None = None, timeout: float | None = None) -> Options:
        env = env_settings()
        return cls(
            home=Home(default_home()),
            port=port or int(_or(env.netbox_port, DEFAULT_PORT)),
            redis_port=int(_or(env.netbox_redis_port, DEFAULT_REDIS_PORT)),
            db_name=_or(env.netbox_db, DEFAULT_DB),
            timeout=timeout or float(_or(env.netbox_timeout, 180)),
        )


class Progress:
    """Prints each step with the seconds since ``up`` began (to stderr)."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)


def _token_works(url: str, token: str) -> bool:
    code, body = netbox_status(url, token)
    return code == 200 and body is not None


def _export(opts: Options, token: str) -> None:
    write_private(opts.home.url_file, opts.url + "\n")
    write_private(opts.home.token_file, token + "\n")


def _existing_token(home: Home) -> str | None:
    try:
        return home.token_file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def up(opts: Options, say: Say) -> str:
    """Bring NetBox up (idempotent); return its URL."""
    home = opts.home
    home.root.mkdir(parents=True, exist_ok=True)
    record = load_record(home)
    pid = read_pid(home.pid_file)
    token = _existing_token(home)
    if pid is not None and token and _token_works(opts.url, token):
        say(f"NetBox already serving {opts.url} (pid {pid}); token still valid")
        _export(opts, token)
        return opts.url

    if pid is None and instance.port_in_use(opts.port):
        # checked first: another NetBox on the port would answer our readiness probe
        raise NetBoxError(
            f"port {opts.port} on 127.0.0.1 is taken by a process this state directory "
            f"({home.root}) did not start: stop it, or use --port / TBWAN_NETBOX_PORT"
        )
    services.ensure_packages(say)
    cluster, pg_started = services.ensure_postgres(say)
    if pg_started:
        record.postgres_cluster = cluster.label
    if services.ensure_redis(opts.redis_port, home.redis_dir, say):
        record.redis_port = opts.redis_port
    save_record(home, record)

    secrets = load_or_create_secrets(home)
    stamp = home.root / "migrated"
    migrated_for = f"{NETBOX_VERSION} {opts.db_name}\n"
    if services.ensure_database(cluster, opts.db_name, opts.db_name, secrets.db_password):
        say(f"created database {opts.db_name} on PostgreSQL {cluster.label}")
        stamp.unlink(missing_ok=True)
    if instance.ensure_venv(home, say):
        stamp.unlink(missing_ok=True)

    config = NetBoxConfig(
        db_name=opts.db_name,
        db_user=opts.db_name,
        db_password=secrets.db_password,
        db_host="127.0.0.1",
        db_port=cluster.port,
        redis_port=opts.redis_port,
        secret_key=secrets.secret_key,
        pepper=secrets.pepper,
    )
    write_private(home.conf_dir / "configuration.py", render_configuration(config))
    (home.conf_dir / "__init__.py").touch()
    (home.conf_dir / "tbwan_wsgi.py").write_text(WSGI_MODULE, encoding="utf-8")

    # `migrate` costs ~15 s even with nothing to do: skip it when this database was
    # migrated by this NetBox version (the stamp goes when either is new).
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == migrated_for):
        say("applying NetBox migrations")
        instance.migrate(home, say)
        stamp.write_text(migrated_for, encoding="utf-8")

    if pid is None:
        say(f"starting NetBox {NETBOX_VERSION} on {opts.url} ({opts.workers} workers)")
        pid = instance.start_server(home, opts.port, opts.workers)
        record.netbox_port = opts.port
        save_record(home, record)
    instance.wait_until_serving(opts.url, pid, home.log_file, opts.timeout, say)

    if not (token and _token_works(opts.url, token)):
        say("creating the admin user and an API token")
        write_private(home.admin_password_file, secrets.admin_password + "\n")
        token = instance.mint_token(home, secrets.admin_password)
        if not _token_works(opts.url, token):
            raise NetBoxError(f"the new API token is refused by {opts.url}: see {home.log_file}")
    _export(opts, token)
    return opts.url


def down(opts: Options, say: Say, *, purge: bool = False) -> None:
    """Stop what ``up`` started; with ``purge`` also drop the database and state."""
    home = opts.home
    record = load_record(home)
    if instance.stop_server(home):
        say("stopped NetBox")
    else:
        say("NetBox was not running")
    if purge:
        cluster = services.find_cluster()
        if cluster is not None and cluster.online:
            services.drop_database(cluster, opts.db_name, opts.db_name)
            say(f"dropped database {opts.db_name}")
    if record.redis_port is not None:
        services.stop_redis(record.redis_port)
        say(f"stopped the Redis that up started (port {record.redis_port})")
    if record.postgres_cluster is not None:
        services.stop_postgres(record.postgres_cluster)
        say(f"stopped the PostgreSQL cluster that up started ({record.postgres_cluster})")
    save_record(home, StartRecord())
    # url and token stay: the next `up` reuses the token, and meanwhile tbwan reports
    # "cannot reach NetBox" rather than "no NetBox configured".
    if purge and home.root.exists():
        shutil.rmtree(home.root)
        say(f"removed {home.root}")


def status(opts: Options) -> tuple[bool, list[str]]:
    """Whether NetBox serves with a working token, and what runs, as lines for people."""
    home = opts.home
    record = load_record(home)
    pid = read_pid(home.pid_file)
    token = _existing_token(home)
    code, body = netbox_status(opts.url, token)
    if code == 200 and body is not None:
        head = f"NetBox {body.get('netbox-version', '?')} serving {opts.url} (pid {pid})"
    elif code:
        head = f"NetBox answers on {opts.url} (HTTP {code}: token missing or refused)"
    else:
        head = f"NetBox is not running on {opts.url}"
    cluster = services.find_cluster()
    pg = "not installed" if cluster is None else f"{cluster.label} port {cluster.port}"
    if cluster is not None:
        pg += " online" if cluster.online else " down"
    started_by_up = [
        name
        for name, value in (
            ("PostgreSQL", record.postgres_cluster),
            ("Redis", record.redis_port),
        )
        if value is not None
    ]
    redis = "answering" if services.redis_ping(opts.redis_port) else "not answering"
    return code == 200, [
        head,
        f"PostgreSQL: {pg}",
        f"Redis 127.0.0.1:{opts.redis_port}: {redis}",
        f"started by up (stopped by down): {', '.join(started_by_up) or 'NetBox only'}",
        f"state: {home.root} (url: {home.url_file.name}, token: {home.token_file.name})",
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m tbwan.netbox.server up|down|status``."""
    parser = argparse.ArgumentParser(prog="scripts/netbox", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up", help="install (if needed), start and wait for NetBox")
    p_up.add_argument("--port", type=int, default=None, help=f"default {DEFAULT_PORT}")
    p_up.add_argument("--timeout", type=float, default=None, help="seconds to wait for the API")
    p_down = sub.add_parser("down", help="stop what up started")
    p_down.add_argument("--purge", action="store_true", help="also drop the database and state")
    sub.add_parser("status", help="tell what runs")
    args = parser.parse_args(argv)
    opts = Options.from_env(getattr(args, "port", None), getattr(args, "timeout", None))
    say = Progress()
    try:
        if args.command == "up":
            url = up(opts, say)
            say("ready")
            print(f"NetBox URL:   {url}")
            print(f"API token in: {opts.home.token_file}")
            print(f"admin login:  admin / password in {opts.home.admin_password_file}")
        elif args.command == "down":
            down(opts, say, purge=args.purge)
        else:
            serving, lines = status(opts)
            print("\n".join(lines))
            return Exit.OK if serving else Exit.FAILED
    except NetBoxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    return Exit.OK


if __name__ == "__main__":
    sys.exit(main())

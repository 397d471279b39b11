"""PostgreSQL and Redis for the local NetBox: install from Debian, start, create the database.

No systemd is assumed: services are started directly (``pg_ctlcluster``,
``redis-server --daemonize yes``) and only what was started here is stopped later.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tbwan.errors import NetBoxError

Say = Callable[[str], None]

APT_PACKAGES = {
    # command that proves the package is there -> Debian package
    "pg_ctlcluster": "postgresql",
    "redis-server": "redis-server",
    # psycopg[c], pinned by NetBox, compiles against libpq
    "pg_config": "libpq-dev",
    "gcc": "gcc",
}
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
HOW_TO_RUN = (
    "run `sudo scripts/netbox up` once (it installs and starts PostgreSQL 15 and Redis "
    "from Debian's packages), or point tbwan at an existing NetBox with "
    "TBWAN_NETBOX_URL and TBWAN_NETBOX_TOKEN"
)


def is_root() -> bool:
    return os.geteuid() == 0


def run(
    cmd: Sequence[str],
    *,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    what: str,
) -> str:
    """Run ``cmd``; return its stdout or raise NetBoxError naming ``what`` failed.

    Secrets go through ``stdin`` or ``env``, never ``cmd``, so they stay out of ``ps``.
    """
    try:
        proc = subprocess.run(
            list(cmd),
            input=stdin,
            env=None if env is None else {**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise NetBoxError(f"{what}: {cmd[0]} is not installed; {HOW_TO_RUN}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-8:])
        raise NetBoxError(f"{what} failed (exit {proc.returncode}): {tail}")
    return proc.stdout


def missing_packages() -> list[str]:
    """Debian packages that ``up`` needs and that are not installed."""
    return [pkg for cmd, pkg in APT_PACKAGES.items() if shutil.which(cmd) is None]


def ensure_packages(say: Say) -> None:
    """``apt-get update`` once and install what is missing (root only)."""
    missing = missing_packages()
    if not missing:
        return
    if not is_root():
        raise NetBoxError(f"missing Debian packages {', '.join(missing)}: {HOW_TO_RUN}")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    say(f"installing {' '.join(missing)} from Debian (apt-get, about a minute)")
    run(["apt-get", "update", "-q"], env=env, what="apt-get update")
    run(["apt-get", "install", "-y", "-q", *missing], env=env, what="apt-get install")


@dataclass(frozen=True)
class Cluster:
    """A Debian PostgreSQL cluster as listed by ``pg_lsclusters``."""

    version: str
    name: str
    port: int
    online: bool

    @property
    def label(self) -> str:
        return f"{self.version}/{self.name}"


def parse_clusters(text: str) -> list[Cluster]:
    """Parse ``pg_lsclusters --no-header``.

    >>> parse_clusters("15  main    5432 down   postgres /var/lib/postgresql/15/main x.log\\n")
    [Cluster(version='15', name='main', port=5432, online=False)]
    """
    clusters = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[2].isdigit():
            online = fields[3].startswith("online")
            clusters.append(Cluster(fields[0], fields[1], int(fields[2]), online))
    return clusters


def find_cluster() -> Cluster | None:
    """The first PostgreSQL cluster on this machine, or None."""
    if shutil.which("pg_lsclusters") is None:
        return None
    clusters = parse_clusters(run(["pg_lsclusters", "--no-header"], what="pg_lsclusters"))
    return clusters[0] if clusters else None


def ensure_postgres(say: Say) -> tuple[Cluster, bool]:
    """A running cluster, and whether this call started it."""
    cluster = find_cluster()
    if cluster is None:
        if not is_root():
            raise NetBoxError(f"PostgreSQL is not installed: {HOW_TO_RUN}")
        say("creating PostgreSQL cluster 15/main")
        run(["pg_createcluster", "15", "main"], what="pg_createcluster")
        cluster = find_cluster()
        if cluster is None:
            raise NetBoxError("pg_createcluster made no cluster; check pg_lsclusters")
    if cluster.online:
        return cluster, False
    if not is_root():
        raise NetBoxError(f"PostgreSQL cluster {cluster.label} is down: {HOW_TO_RUN}")
    say(f"starting PostgreSQL {cluster.label} on port {cluster.port}")
    run(["pg_ctlcluster", cluster.version, cluster.name, "start"], what="pg_ctlcluster start")
    return Cluster(cluster.version, cluster.name, cluster.port, True), True


def stop_postgres(label: str) -> None:
    version, name = label.split("/", 1)
    run(["pg_ctlcluster", version, name, "stop"], what="pg_ctlcluster stop")


def can_login(port: int, db: str, user: str, password: str) -> bool:
    """Whether ``user`` can open ``db`` over TCP on 127.0.0.1 with ``password``."""
    if shutil.which("psql") is None:
        return False
    proc = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", db, "-tAc", "select 1"],
        env={**os.environ, "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "5"},
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode == 0


def _psql_as_postgres(port: int, sql: str, *, what: str, db: str = "postgres") -> str:
    cmd = ["runuser", "-u", "postgres", "--", "psql", "-p", str(port), "-d", db]
    return run([*cmd, "-v", "ON_ERROR_STOP=1", "-tA", "-f", "-"], stdin=sql, what=what)


def ensure_database(cluster: Cluster, db: str, user: str, password: str) -> bool:
    """Create (or re-key) the role and database; return True if the database is new."""
    for ident in (db, user):
        if not _IDENT.match(ident):
            raise NetBoxError(f"invalid PostgreSQL name {ident!r}: use [a-z_][a-z0-9_]*")
    if can_login(cluster.port, db, user, password):
        return False
    if not is_root():
        raise NetBoxError(f"cannot log into database {db} as {user}: {HOW_TO_RUN}")
    port = cluster.port
    role_exists = _psql_as_postgres(
        port, f"SELECT 1 FROM pg_roles WHERE rolname = '{user}';", what="look up role"
    ).strip()
    # password is letters and digits only (state.random_secret), so quoting is safe
    verb = "ALTER" if role_exists else "CREATE"
    _psql_as_postgres(port, f"{verb} ROLE {user} LOGIN PASSWORD '{password}';", what="role")
    db_exists = _psql_as_postgres(
        port, f"SELECT 1 FROM pg_database WHERE datname = '{db}';", what="look up database"
    ).strip()
    if not db_exists:
        _psql_as_postgres(port, f"CREATE DATABASE {db} OWNER {user};", what="create database")
    return not db_exists


def drop_database(cluster: Cluster, db: str, user: str) -> None:
    """Drop the database and role made by ``ensure_database`` (``down --purge``)."""
    _psql_as_postgres(cluster.port, f"DROP DATABASE IF EXISTS {db} WITH (FORCE);", what="drop")
    _psql_as_postgres(cluster.port, f"DROP ROLE IF EXISTS {user};", what="drop role")


def redis_ping(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a Redis answers PING on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis(port: int, workdir: Path, say: Say, timeout: float = 15.0) -> bool:
    """A Redis answering on 127.0.0.1:``port``; return True if this call started it."""
    if redis_ping(port):
        return False
    server = shutil.which("redis-server")
    if server is None:
        raise NetBoxError(f"redis-server is not installed: {HOW_TO_RUN}")
    workdir.mkdir(parents=True, exist_ok=True)
    say(f"starting Redis on 127.0.0.1:{port}")
    run(
        [
            server,
            "--daemonize", "yes",
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(workdir),
            "--pidfile", str(workdir / "redis.pid"),
            "--logfile", str(workdir / "redis.log"),
            "--save", "",
        ],
        what="redis-server",
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if redis_ping(port):
            return True
        time.sleep(0.2)
    raise NetBoxError(f"Redis did not answer on port {port} within {timeout:.0f}s: see {workdir}")


def stop_redis(port: int) -> None:
    """Ask the Redis on ``port`` to shut down without saving."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"SHUTDOWN NOSAVE\r\n")
            sock.recv(64)
    except OSError:
        pass

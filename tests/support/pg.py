"""A throwaway PostgreSQL server for the store tests.

`FAZHI_TEST_PG_URL` points the tests at a server someone already runs. Otherwise a cluster
is made in a temporary folder with the Debian binaries and stopped after the session; as
root it runs as the `postgres` user (initdb refuses root). With `FAZHI_REQUIRE_PG=1` (set
by scripts/test.sh) a server that cannot be started fails the tests instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


class Unavailable(RuntimeError):
    pass


def _bindir() -> Path:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(argv: list[str], user: str | None) -> None:
    if user is not None:
        argv = ["runuser", "-u", user, "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Unavailable(f"{' '.join(argv)} failed: {done.stderr.strip() or done.stdout.strip()}")


@contextlib.contextmanager
def server() -> Iterator[str]:
    """Yield the URL of a PostgreSQL server for the tests (superuser `fazhi`)."""
    given = os.environ.get("FAZHI_TEST_PG_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise Unavailable("running as root and there is no 'postgres' user") from exc
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="fazhi-pg-"))
    data = folder / "data"
    if user is not None:
        shutil.chown(folder, user)
    port = _free_port()
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-E",
                "UTF8",
                # a C locale would give pg_trgm no trigrams of Chinese characters
                "--locale=C.UTF-8",
                "-U",
                "fazhi",
                "--auth=trust",
            ],
            user,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder}"
            " -c fsync=off -c full_page_writes=off"
        )
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ],
            user,
        )
        try:
            yield f"postgresql://fazhi@127.0.0.1:{port}/postgres"
        finally:
            with contextlib.suppress(Unavailable):
                _run(
                    [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_counter = iter(range(1, 1_000_000))


@contextlib.contextmanager
def database(server_url: str) -> Iterator[str]:
    """A fresh, empty database on the server for one test; dropped afterwards."""
    import psycopg

    name = f"fazhi_t{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

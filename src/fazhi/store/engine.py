"""Where the corpus lives: resolving `--db` / `FAZHI_DB`, opening the engine, migrating.

A bare path (or nothing: the user data directory) means an embedded SQLite file; a
`postgresql://` URL means a shared PostgreSQL server reached through psycopg 3.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from fazhi.errors import FazhiError

ENV_VAR = "FAZHI_DB"
# RETURNING (3.35) in the writer, NULLS LAST (3.30) in the queries
MIN_SQLITE = (3, 35, 0)


def default_path() -> Path:
    """The SQLite file used when neither `--db` nor FAZHI_DB names one."""
    return Path(user_data_dir("fazhi", appauthor=False)) / "fazhi.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for `db`: a URL as given (postgresql:// → psycopg 3), a path as
    a SQLite file, nothing as FAZHI_DB or the default file."""
    target = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if target is None:
        target = str(default_path())
    if "://" not in target:
        path = Path(target).expanduser().resolve()
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix) :]
    return target


def open_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        # never echo a password: keep only what precedes the credentials
        shown = re.sub(r"//[^@/]*@", "//…@", url)
        raise FazhiError("store.url", f"数据库地址“{shown}”无法识别") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise FazhiError(
                "store.sqlite_version",
                f"SQLite 版本 {sqlite3.sqlite_version} 过旧：fazhi 需要 3.35 或更新的版本"
                "（可改用 PostgreSQL）",
            )
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FazhiError(
                    "store.path", f"无法创建数据库所在文件夹“{folder}”：{exc.strerror}"
                ) from exc
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise FazhiError("store.url", f"不支持的数据库“{backend}”：请使用 SQLite 文件或 PostgreSQL")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (the web UI, searches) run while an ingest writes; NORMAL sync is
    # crash-safe in WAL mode (a power cut may lose the last commits, never corrupt)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()
    # SQLite's lower() folds ASCII only; search compares with Python's str.lower()
    dbapi_connection.create_function("fazhi_lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creating it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("fazhi.store").joinpath("migrations"))
    )
    for attempt in range(3):
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # two programs opening a new database at once migrate one at a time
                    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(48211705)")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except OperationalError:
            # SQLite: another process holds the write lock while it creates the tables;
            # once it is done, the next attempt finds the schema at head and does nothing
            if attempt == 2 or engine.dialect.name != "sqlite":
                raise
            time.sleep(1.0)

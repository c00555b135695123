"""Shared test fixtures. The development set lives in ../shared (beside the project);
tests that need it skip when it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
EXAMPLES = ROOT / "examples"
EXPECTED = ROOT / "tests" / "data" / "expected"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return {p.stem: p.read_text(encoding="utf-8") for p in seed_paths()}


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    if not GOLD.is_dir():
        pytest.skip("../shared/gold is absent")
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


# -- the corpus store, on SQLite and on a real PostgreSQL --------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server (started for the session when none is given)."""
    import os

    from tests.support import pg

    try:
        with pg.server() as url:
            yield url
    except pg.Unavailable as exc:
        if os.environ.get("FAZHI_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required but could not be started: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, then a database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    from tests.support import pg

    server_url = request.getfixturevalue("pg_server")
    with pg.database(server_url) as url:
        yield url


@pytest.fixture
def store(db_url):
    from fazhi.store import Store

    with Store(db_url) as opened:
        yield opened

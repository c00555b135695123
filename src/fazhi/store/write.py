"""Storing one analysed document: its bytes, its analysis and the rows reviewers query,
all in one transaction, so a crash leaves either everything or nothing of it.

Writing is split in two so that a batch spends its single writer's time on the database
only: `prepare` (pure, run in the analysis workers) turns a contract into ready rows, the
JSON text and the search tokens; `store_prepared` (the writer) executes plain statements
with them. The statements bypass SQLAlchemy's compiler, which cost more than the inserts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from fazhi.checks import redact
from fazhi.store import search


@dataclass(frozen=True, slots=True)
class Saved:
    """What storing a document did: `created` is False when the same bytes already had an
    analysis by this analyser version (it is kept, or made current again)."""

    document_id: int
    analysis_id: int
    created: bool


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def release(version: str) -> tuple[int, ...]:
    """The release part of an analyser version ('0.2.0+3fa9…' → (0, 2, 0)), for order:
    the digest after '+' tells versions apart but not which is newer."""
    parts = []
    for piece in version.split("+", 1)[0].split("."):
        digits = re.match(r"\d+", piece)  # '1rc1' counts as 1
        parts.append(int(digits.group()) if digits else 0)
    return tuple(parts)


def level_of(metadata: dict[str, Any]) -> str | None:
    """The administrative level a report speaks for: a department of a county government
    reports at county level."""
    if metadata.get("issuer_kind") == "township":
        return "township"
    region = metadata.get("region") or {}
    for level in ("county", "city", "province"):
        if region.get(level):
            return level
    return None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _sections(sections: list[dict[str, Any]]) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """Sections depth first, each with its parent's position."""
    counter = 0
    stack: list[tuple[int | None, dict[str, Any]]] = [(None, s) for s in reversed(sections)]
    while stack:
        parent, section = stack.pop()
        position = counter
        counter += 1
        yield parent, section
        stack.extend((position, child) for child in reversed(section.get("children") or []))


ANALYSIS_COLUMNS = [
    "is_report",
    "genre",
    "error_code",
    "error_message",
    "title",
    "issuer",
    "issuer_kind",
    "level",
    "province",
    "city",
    "county",
    "region_code",
    "report_year",
    "doc_number",
    "signer",
    "issue_date",
    "published",
    "disclosure",
    "score",
]
CHILD_COLUMNS = {
    "sections": ("position", "parent_position", "level", "marker", "title", "kind"),
    "facts": [
        "position",
        "indicator",
        "value",
        "unit",
        "base_value",
        "base_unit",
        "kind",
        "approx",
        "subject",
        "text",
        "paragraph",
        "section",
    ],
    "findings": ("position", "rule", "severity", "message", "evidence"),
    "coverage": ("position", "area", "item", "covered"),
    "scores": ("position", "criterion", "name", "points", "weight", "reasons"),
}
_JSON_COLUMNS = {"evidence", "reasons"}


def analysis_values(contract: dict[str, Any]) -> dict[str, Any]:
    meta = contract.get("metadata") or {}
    region = meta.get("region") or {}
    error = contract.get("error") or {}
    review = contract.get("review") or {}
    return {
        "is_report": contract.get("is_report"),
        "genre": contract.get("genre"),
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "title": meta.get("title"),
        "issuer": meta.get("issuer"),
        "issuer_kind": meta.get("issuer_kind"),
        "level": level_of(meta) if meta else None,
        "province": region.get("province"),
        "city": region.get("city"),
        "county": region.get("county"),
        "region_code": region.get("code"),
        "report_year": meta.get("report_year"),
        "doc_number": meta.get("doc_number"),
        "signer": meta.get("signer"),
        "issue_date": _date(meta.get("issue_date")),
        "published": _date((contract.get("source") or {}).get("published")),
        "disclosure": meta.get("disclosure"),
        "score": review.get("score"),
    }


def _children(contract: dict[str, Any]) -> dict[str, list[tuple]]:
    review = contract.get("review") or {}
    coverage = [
        (area["code"], item["code"], bool(item["covered"]))
        for area in (review.get("coverage") or {}).get("areas") or []
        for item in area.get("items") or []
    ]
    rows = {
        "sections": [
            (parent, s.get("level", 1), s["marker"], s["title"], s.get("kind"))
            for parent, s in _sections(contract.get("sections") or [])
        ],
        "facts": [
            (
                f.get("indicator"),
                float(f["value"]),
                f.get("unit") or "",
                float(f.get("base_value", f["value"])),
                f.get("base_unit") or f.get("unit") or "",
                f.get("kind") or "",
                bool(f.get("approx")),
                f.get("subject") or "",
                f.get("text") or "",
                f.get("paragraph", 0),
                " / ".join(f.get("section") or []),
            )
            for f in contract.get("facts") or []
        ],
        "findings": [
            (f["rule"], f["severity"], f["message"], list(f.get("evidence") or []))
            for f in contract.get("findings") or []
        ],
        "coverage": coverage,
        "scores": [
            (c["code"], c["name"], float(c["points"]), float(c["weight"]), list(c["reasons"]))
            for c in review.get("card") or []
        ],
    }
    return {table: [(i, *row) for i, row in enumerate(items)] for table, items in rows.items()}


@dataclass(frozen=True, slots=True)
class Prepared:
    """An analysis ready to be written: made where the analysis ran."""

    sha256: str
    format: str | None
    values: dict[str, Any]
    contract_json: str
    text: str
    children: dict[str, list[tuple]]
    # FTS5 tokens (SQLite) or distinct bigrams (PostgreSQL; None: too many, scan the text)
    index: str | list[str] | None
    reviewed: bool


def prepare(contract: dict[str, Any], text: str, dialect: str, sha256: str) -> Prepared:
    # the stored and indexed text has personal data masked: masking keeps every length,
    # so paragraph offsets still hold, and no search can probe for a phone number
    text = redact(text)
    return Prepared(
        sha256=sha256,
        format=(contract.get("source") or {}).get("format"),
        values=analysis_values(contract),
        contract_json=json.dumps(contract, ensure_ascii=False),
        text=text,
        children=_children(contract),
        index=search.index_of(text, dialect),
        reviewed=contract.get("review") is not None,
    )


class _Sql:
    """Plain statements in the driver's own parameter style."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"

    def value(self, v: Any) -> Any:
        if self.sqlite and isinstance(v, date | datetime):
            return v.isoformat(" ") if isinstance(v, datetime) else v.isoformat()
        return v

    def run(self, statement: str, params: tuple = ()) -> Any:
        return self.connection.exec_driver_sql(statement, tuple(self.value(v) for v in params))

    def many(self, statement: str, rows: list[tuple]) -> None:
        self.connection.exec_driver_sql(statement, [tuple(self.value(v) for v in r) for r in rows])

    def marks(self, columns: tuple[str, ...] | list[str], json_columns=()) -> str:
        cast = (
            (lambda c: self.mark)
            if self.sqlite
            else (lambda c: f"CAST({self.mark} AS json)" if c in json_columns else self.mark)
        )
        return ", ".join(cast(c) for c in columns)


def _keep_stored(
    q: _Sql,
    connection: Connection,
    document_id: int,
    prepared: Prepared,
    version: str,
    replace: bool,
) -> Saved | None:
    """For a document already stored: the analysis to keep instead of writing this one,
    or None after retiring what this one supersedes."""
    m = q.mark
    current = q.run(
        f"SELECT id, analyser_version FROM analyses WHERE document_id = {m} AND current = {m}",
        (document_id, True),
    ).first()
    if current is not None and release(current[1]) > release(version):
        # a shared database outlives mixed installs: an older fazhi never replaces the
        # analysis a newer release made, not even when asked to redo its own
        return Saved(document_id, current[0], created=False)
    existing = q.run(
        f"SELECT id, current, reviewed FROM analyses"
        f" WHERE document_id = {m} AND analyser_version = {m}",
        (document_id, version),
    ).first()
    # an analysis with the review (score, coverage) supersedes one made without it
    if existing is not None and (replace or (prepared.reviewed and not existing[2])):
        retire(connection, document_id)
        q.run(f"DELETE FROM analyses WHERE id = {m}", (existing[0],))
        return None
    if existing is not None and existing[1]:
        return Saved(document_id, existing[0], created=False)
    retire(connection, document_id)
    if existing is not None:  # an analysis by this version was retired: bring it back
        q.run(f"UPDATE analyses SET current = {m} WHERE id = {m}", (True, existing[0]))
        text = q.run(f"SELECT text FROM analyses WHERE id = {m}", (existing[0],)).scalar_one()
        search.add_to_index(connection, existing[0], text or "")
        return Saved(document_id, existing[0], created=False)
    return None


def store_prepared(
    connection: Connection,
    prepared: Prepared,
    *,
    data: bytes,
    name: str,
    path: str | None,
    version: str,
    replace: bool = False,
) -> Saved:
    """Store a document and its analysis inside the caller's transaction. With `replace`
    an analysis by the same version is dropped and made afresh."""
    q = _Sql(connection)
    m = q.mark
    found = q.run(f"SELECT id FROM documents WHERE sha256 = {m}", (prepared.sha256,)).first()
    if found is None:  # a new document: nothing of it to compare with or supersede
        document_id = q.run(
            "INSERT INTO documents (sha256, name, path, format, size, ingested_at, content)"
            f" VALUES ({m}, {m}, {m}, {m}, {m}, {m}, {m}) RETURNING id",
            (prepared.sha256, name[:500], path, prepared.format, len(data), now(), data),
        ).scalar_one()
    else:
        document_id = found[0]
        kept = _keep_stored(q, connection, document_id, prepared, version, replace)
        if kept is not None:
            return kept
    columns = [
        "document_id",
        "analyser_version",
        "analysed_at",
        "current",
        "reviewed",
        "text",
        "contract",
        *ANALYSIS_COLUMNS,
    ]
    params = (
        document_id,
        version,
        now(),
        True,
        prepared.reviewed,
        prepared.text,
        prepared.contract_json,
        *(prepared.values[c] for c in ANALYSIS_COLUMNS),
    )
    analysis_id = q.run(
        f"INSERT INTO analyses ({', '.join(columns)})"
        f" VALUES ({q.marks(columns, {'contract'})}) RETURNING id",
        params,
    ).scalar_one()
    for table, rows in prepared.children.items():
        if not rows:
            continue
        columns = ("analysis_id", *CHILD_COLUMNS[table])
        q.many(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({q.marks(columns, _JSON_COLUMNS)})",
            [
                (
                    analysis_id,
                    *(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row),
                )
                for row in rows
            ],
        )
    search.insert_index(connection, analysis_id, prepared.index)
    return Saved(document_id, analysis_id, created=True)


def retire(connection: Connection, document_id: int) -> None:
    """Mark a document's current analysis as superseded and drop it from the index."""
    q = _Sql(connection)
    m = q.mark
    for analysis_id, text in q.run(
        f"SELECT id, text FROM analyses WHERE document_id = {m} AND current = {m}",
        (document_id, True),
    ).all():
        search.remove_from_index(connection, analysis_id, text or "")
        q.run(f"UPDATE analyses SET current = {m} WHERE id = {m}", (False, analysis_id))

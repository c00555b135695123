"""`Store`: the corpus as a Python object — open it, add reports, read them back.

    >>> from fazhi.store import Store
    >>> store = Store("corpus.db")                 # or a postgresql:// URL; None = FAZHI_DB
    >>> saved = store.add_file("报告.docx")          # analysed with review, stored once
    >>> store.report(saved.document_id)["metadata"]["issuer"]

Queries (`reports`, `search`, `indicator`, `summary`, `expected`) live in
`fazhi.store.query`; `Store` forwards to them so one object is all a caller needs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError

from fazhi import DEFAULT_MAX_BYTES, ingest
from fazhi.errors import FazhiError
from fazhi.pipeline import analyser_version, analyze_bytes
from fazhi.store import compare as comparisons
from fazhi.store import indicators, query, search
from fazhi.store import summary as summaries
from fazhi.store.engine import migrate, open_engine, resolve_url
from fazhi.store.models import AnalysisRow, DocumentRow, IngestErrorRow
from fazhi.store.write import Prepared, Saved, now, prepare, store_prepared


@dataclass(frozen=True, slots=True)
class StoredFile:
    document_id: int
    name: str
    format: str | None
    sha256: str
    size: int
    ingested_at: datetime
    content: bytes


@dataclass(frozen=True, slots=True)
class IngestError:
    path: str
    code: str
    message: str
    at: datetime
    sha256: str | None = None


class Store:
    """A corpus of reports in SQLite (a file path) or PostgreSQL (a URL)."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, engine: Engine | None = None):
        self.url = resolve_url(db) if engine is None else str(engine.url)
        self.engine = engine if engine is not None else open_engine(self.url)
        try:
            migrate(self.engine)
            if self.dialect == "sqlite":
                self._check_index()
        except Exception as exc:
            self.engine.dispose()
            if isinstance(exc, FazhiError):
                raise
            where = self.engine.url.render_as_string(hide_password=True)
            raise FazhiError("store.open", f"无法打开数据库“{where}”：{exc}") from exc

    def _check_index(self) -> None:
        """Rebuild the SQLite search index if it was made with other tokens (a Python
        with other Unicode tables): removing a row needs the tokens it was made with."""
        signature = search.index_signature() & 0x7FFFFFFF  # user_version is a signed int
        with self.engine.connect() as connection:
            if connection.exec_driver_sql("PRAGMA user_version").scalar() == signature:
                return
        try:
            with self.engine.begin() as connection:
                search.rebuild_index(connection)
                connection.exec_driver_sql(f"PRAGMA user_version = {int(signature)}")
        except OperationalError as exc:
            if "readonly" not in str(exc).replace(" ", ""):
                raise
            # a read-only store is searched as it is: it can remove no row, so the
            # tokens it was indexed with never need to be recomputed

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def save(
        self,
        data: bytes,
        name: str,
        contract: dict[str, Any],
        text: str,
        *,
        path: str | None = None,
        version: str | None = None,
        replace: bool = False,
    ) -> Saved:
        """Store a document and its analysis (the contract and the analysed text) in one
        transaction; an existing analysis by the same version is kept as it is, or
        replaced with `replace`."""
        sha256 = contract.get("source", {}).get("sha256") or _sha256(data)
        prepared = prepare(contract, text, self.dialect, sha256)
        return self.save_prepared(prepared, data, name, path=path, version=version, replace=replace)

    def save_prepared(
        self,
        prepared: Prepared,
        data: bytes,
        name: str,
        *,
        path: str | None = None,
        version: str | None = None,
        replace: bool = False,
    ) -> Saved:
        """`save` for an analysis already turned into rows by `write.prepare` (which a
        batch runs in its worker processes)."""
        version = version or analyser_version()
        for attempt in range(2):
            try:
                with self.engine.begin() as connection:
                    if path is not None:  # stored now: an earlier failure is history
                        connection.execute(
                            delete(IngestErrorRow).where(IngestErrorRow.path == path)
                        )
                    return store_prepared(
                        connection,
                        prepared,
                        data=data,
                        name=name,
                        path=path,
                        version=version,
                        replace=replace,
                    )
            except IntegrityError:
                # another writer stored the same bytes between our read and our insert;
                # the second attempt finds its row
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def add(
        self,
        data: bytes,
        name: str,
        *,
        path: str | None = None,
        review: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Saved:
        """Analyse `data` (its format named by `name`) and store it; stored bytes are not
        analysed again unless the analyser changed."""
        sha256 = _sha256(data)
        existing = self._current(sha256, review)
        if existing is not None:
            return existing
        # the contract names the file as the caller gave it, as `fazhi analyze` does
        doc = analyze_bytes(data, path or name, max_bytes=max_bytes, review=review)
        return self.save(data, name, doc.to_contract(), doc.text, path=path)

    def add_file(self, path: str | os.PathLike[str], **options: Any) -> Saved:
        """Read, analyse and store one file. Raises `FazhiError` when it cannot be read."""
        data = ingest.load_bytes(path, max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES))
        return self.add(data, Path(path).name, path=str(path), **options)

    def _current(self, sha256: str, reviewed: bool) -> Saved | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(DocumentRow.id, AnalysisRow.id)
                .join(AnalysisRow, AnalysisRow.document_id == DocumentRow.id)
                .where(DocumentRow.sha256 == sha256, *_fresh(None, reviewed))
            ).first()
        return Saved(row[0], row[1], created=False) if row else None

    def record_error(self, path: str, code: str, message: str, sha256: str | None = None) -> None:
        """Remember a file that could not be stored, for `errors()` (replacing what an
        earlier run recorded for the same path)."""
        # one statement, so that two programs recording the same file never leave two rows
        statement = (
            sqlite_insert(IngestErrorRow)
            if self.dialect == "sqlite"
            else postgresql_insert(IngestErrorRow)
        ).values(path=path, sha256=sha256, code=code, message=message, at=now())
        statement = statement.on_conflict_do_update(
            index_elements=["path"],
            set_={
                "sha256": statement.excluded.sha256,
                "code": statement.excluded.code,
                "message": statement.excluded.message,
                "at": statement.excluded.at,
            },
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def delete(self, document_id: int) -> bool:
        """Remove a document with all its analyses and index entries."""
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(AnalysisRow.id, AnalysisRow.text, AnalysisRow.current).where(
                    AnalysisRow.document_id == document_id
                )
            ).all()
            for row in rows:
                if row.current:
                    search.remove_from_index(connection, row.id, row.text or "")
            done = connection.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
            return done.rowcount > 0

    # -- reading ---------------------------------------------------------------

    def stored_hashes(self, version: str | None = None, *, reviewed: bool = False) -> set[str]:
        """SHA-256 of every document whose current analysis is by `version` (default: this
        analyser) and, with `reviewed`, has the review if it is a report: what an ingest
        can skip."""
        with self.engine.connect() as connection:
            return set(
                connection.scalars(
                    select(DocumentRow.sha256)
                    .join(AnalysisRow, AnalysisRow.document_id == DocumentRow.id)
                    .where(*_fresh(version, reviewed))
                )
            )

    def stale(self, version: str | None = None, *, reviewed: bool = False) -> list[int]:
        """Documents without a current analysis by `version` (with the review, when
        `reviewed`): what `reanalyze` redoes."""
        fresh = select(AnalysisRow.document_id).where(*_fresh(version, reviewed)).scalar_subquery()
        with self.engine.connect() as connection:
            return list(
                connection.scalars(
                    select(DocumentRow.id)
                    .where(DocumentRow.id.not_in(fresh))
                    .order_by(DocumentRow.id)
                )
            )

    def document_ids(self) -> list[int]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))

    def file(self, document_id: int) -> StoredFile | None:
        """The stored bytes of a document, as they were received."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.name,
                    DocumentRow.format,
                    DocumentRow.sha256,
                    DocumentRow.size,
                    DocumentRow.ingested_at,
                    DocumentRow.content,
                ).where(DocumentRow.id == document_id)
            ).first()
        return StoredFile(*row) if row else None

    def report(self, document_id: int) -> dict[str, Any] | None:
        """The contract JSON of a document's current analysis, with `id` added."""
        with self.engine.connect() as connection:
            contract = connection.scalar(
                select(AnalysisRow.contract).where(
                    AnalysisRow.document_id == document_id, AnalysisRow.current.is_(True)
                )
            )
        if contract is None:
            return None
        return {"id": document_id, **contract}

    def report_text(self, document_id: int) -> str | None:
        with self.engine.connect() as connection:
            return connection.scalar(
                select(AnalysisRow.text).where(
                    AnalysisRow.document_id == document_id, AnalysisRow.current.is_(True)
                )
            )

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def errors(self) -> list[IngestError]:
        """Files that could not be stored, and stored documents whose analysis failed."""
        with self.engine.connect() as connection:
            stmt = select(
                IngestErrorRow.path,
                IngestErrorRow.code,
                IngestErrorRow.message,
                IngestErrorRow.at,
                IngestErrorRow.sha256,
            )
            failed = select(
                func.coalesce(DocumentRow.path, DocumentRow.name),
                AnalysisRow.error_code,
                AnalysisRow.error_message,
                AnalysisRow.analysed_at,
                DocumentRow.sha256,
            ).join(DocumentRow, DocumentRow.id == AnalysisRow.document_id)
            failed = failed.where(
                AnalysisRow.current.is_(True), AnalysisRow.error_code.is_not(None)
            )
            rows = [*connection.execute(stmt).all(), *connection.execute(failed).all()]
        return sorted((IngestError(*row) for row in rows), key=lambda e: (e.at, e.path))

    reports = query.reports
    search = query.search
    findings = query.findings
    indicator = indicators.indicator
    summary = summaries.summary
    expected = summaries.expected
    coverage_matrix = comparisons.coverage_matrix
    score_ranking = comparisons.score_ranking
    finding_frequency = comparisons.finding_frequency
    indicators_present = comparisons.indicators_present
    indicator_series = comparisons.indicator_series


def _fresh(version: str | None, reviewed: bool) -> list:
    """Conditions on an analysis that need not be made again."""
    conditions = [
        AnalysisRow.current.is_(True),
        AnalysisRow.analyser_version == (version or analyser_version()),
    ]
    if reviewed:  # only reports get a review: anything else is complete without one
        conditions.append(AnalysisRow.reviewed.is_(True) | AnalysisRow.is_report.is_not(True))
    return conditions


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""The corpus tables: documents as received, their analyses (one per analyser version),
and the parts of an analysis that reviewers filter and aggregate on.

The full contract JSON of each analysis is kept too, so a report can be served exactly as
`fazhi analyze` printed it; the columns and child tables exist for querying. The search
index (an FTS5 table on SQLite, a tsvector and trigram index on PostgreSQL) is not an ORM
model: the migrations create it and `fazhi.store.search` maintains it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """A file as it was received: identified by the SHA-256 of its bytes."""

    __tablename__ = "documents"
    # a deleted report's number is never given to another: links to it stay dead
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))  # the file name as received
    path: Mapped[str | None] = mapped_column(Text)  # where it was ingested from, if a file
    format: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    # the bytes themselves, so that a new analyser version can re-read them
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class AnalysisRow(Base):
    """One analysis of a document by one analyser version; `current` marks the one in use."""

    __tablename__ = "analyses"
    __table_args__ = (
        UniqueConstraint("document_id", "analyser_version"),
        # one current analysis per document, whatever two writers do at once
        Index(
            "ux_analyses_one_current",
            "document_id",
            unique=True,
            sqlite_where=text("current"),
            postgresql_where=text("current"),
        ),
        Index("ix_analyses_current_year", "current", "report_year"),
        Index("ix_analyses_region", "province", "city", "county"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    analyser_version: Mapped[str] = mapped_column(String(64))
    analysed_at: Mapped[datetime] = mapped_column(DateTime)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_report: Mapped[bool | None] = mapped_column(Boolean)
    genre: Mapped[str | None] = mapped_column(String(40))
    error_code: Mapped[str | None] = mapped_column(String(60))
    error_message: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(200), index=True)
    issuer_kind: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str | None] = mapped_column(String(40))
    county: Mapped[str | None] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(12))
    report_year: Mapped[int | None] = mapped_column(Integer)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    signer: Mapped[str | None] = mapped_column(String(40))
    issue_date: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    disclosure: Mapped[str | None] = mapped_column(String(40))
    score: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, deferred=True)
    contract: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)


class _Part:
    """Rows that belong to one analysis, in the order the analysis gave them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SectionRow(_Part, Base):
    __tablename__ = "sections"

    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    parent_position: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(40))


class FactRow(_Part, Base):
    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_indicator", "indicator", "analysis_id"),)

    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str | None] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    base_value: Mapped[float] = mapped_column(Float)
    base_unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    approx: Mapped[bool] = mapped_column(Boolean)
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)


class FindingRow(_Part, Base):
    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_rule", "rule", "analysis_id"),)

    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON)


class CoverageRow(_Part, Base):
    __tablename__ = "coverage"

    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(80))
    covered: Mapped[bool] = mapped_column(Boolean)


class ScoreRow(_Part, Base):
    __tablename__ = "scores"

    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(40))
    points: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON)


class IngestErrorRow(Base):
    """A file that could not be stored at all (unreadable, too large); analysis errors of a
    stored document are kept on its analysis instead."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)  # the latest error per file
    sha256: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)

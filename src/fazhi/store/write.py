"""Storing one analysed document: its bytes, its analysis and the rows reviewers query,
all in one transaction, so a crash leaves either everything or nothing of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from fazhi.store import search
from fazhi.store.models import (
    AnalysisRow,
    CoverageRow,
    DocumentRow,
    FactRow,
    FindingRow,
    ScoreRow,
    SectionRow,
)


@dataclass(frozen=True, slots=True)
class Saved:
    """What storing a document did: `created` is False when the same bytes were already
    stored with an analysis by this analyser version (nothing was written)."""

    document_id: int
    analysis_id: int
    created: bool


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


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


def analysis_values(contract: dict[str, Any], version: str, reviewed: bool) -> dict[str, Any]:
    meta = contract.get("metadata") or {}
    region = meta.get("region") or {}
    error = contract.get("error") or {}
    review = contract.get("review") or {}
    return {
        "analyser_version": version,
        "analysed_at": now(),
        "current": True,
        "reviewed": reviewed,
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


def _children(analysis_id: int, contract: dict[str, Any]) -> Iterator[tuple[type, list[dict]]]:
    sections = [
        {
            "analysis_id": analysis_id,
            "position": position,
            "parent_position": parent,
            "level": s.get("level", 1),
            "marker": s["marker"],
            "title": s["title"],
            "kind": s.get("kind"),
        }
        for position, (parent, s) in enumerate(_sections(contract.get("sections") or []))
    ]
    yield SectionRow, sections
    facts = [
        {
            "analysis_id": analysis_id,
            "position": position,
            "indicator": f.get("indicator"),
            "value": float(f["value"]),
            "unit": f.get("unit") or "",
            "base_value": float(f.get("base_value", f["value"])),
            "base_unit": f.get("base_unit") or f.get("unit") or "",
            "kind": f.get("kind") or "",
            "approx": bool(f.get("approx")),
            "subject": f.get("subject") or "",
            "text": f.get("text") or "",
            "paragraph": f.get("paragraph", 0),
            "section": " / ".join(f.get("section") or []),
        }
        for position, f in enumerate(contract.get("facts") or [])
    ]
    yield FactRow, facts
    findings = [
        {
            "analysis_id": analysis_id,
            "position": position,
            "rule": f["rule"],
            "severity": f["severity"],
            "message": f["message"],
            "evidence": list(f.get("evidence") or []),
        }
        for position, f in enumerate(contract.get("findings") or [])
    ]
    yield FindingRow, findings
    review = contract.get("review") or {}
    coverage = [
        {
            "analysis_id": analysis_id,
            "position": position,
            "area": area["code"],
            "item": item["code"],
            "covered": bool(item["covered"]),
        }
        for position, (area, item) in enumerate(
            (area, item)
            for area in (review.get("coverage") or {}).get("areas") or []
            for item in area.get("items") or []
        )
    ]
    yield CoverageRow, coverage
    scores = [
        {
            "analysis_id": analysis_id,
            "position": position,
            "criterion": c["code"],
            "name": c["name"],
            "points": float(c["points"]),
            "weight": float(c["weight"]),
            "reasons": list(c.get("reasons") or []),
        }
        for position, c in enumerate(review.get("card") or [])
    ]
    yield ScoreRow, scores


def save_analysis(
    connection: Connection,
    *,
    data: bytes,
    sha256: str,
    name: str,
    path: str | None,
    contract: dict[str, Any],
    text: str,
    version: str,
    replace: bool = False,
) -> Saved:
    """Store a document and its analysis inside the caller's transaction. With `replace`
    an analysis by the same version is dropped and made afresh."""
    document_id = connection.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))
    if document_id is None:
        source = contract.get("source") or {}
        document_id = connection.scalar(
            insert(DocumentRow)
            .values(
                sha256=sha256,
                name=name[:500],
                path=path,
                format=source.get("format"),
                size=len(data),
                ingested_at=now(),
                content=data,
            )
            .returning(DocumentRow.id)
        )
    existing = connection.execute(
        select(AnalysisRow.id, AnalysisRow.current).where(
            AnalysisRow.document_id == document_id, AnalysisRow.analyser_version == version
        )
    ).first()
    if existing is not None and replace:
        retire(connection, document_id)
        connection.execute(delete(AnalysisRow).where(AnalysisRow.id == existing.id))
        existing = None
    if existing is not None and existing.current:
        return Saved(document_id, existing.id, created=False)
    retire(connection, document_id)
    if existing is not None:  # an analysis by this version was retired: bring it back
        connection.execute(
            update(AnalysisRow).where(AnalysisRow.id == existing.id).values(current=True)
        )
        stored = connection.scalar(select(AnalysisRow.text).where(AnalysisRow.id == existing.id))
        search.add_to_index(connection, existing.id, stored or "")
        return Saved(document_id, existing.id, created=False)
    values = analysis_values(contract, version, reviewed=contract.get("review") is not None)
    analysis_id = connection.scalar(
        insert(AnalysisRow)
        .values(document_id=document_id, text=text, contract=contract, **values)
        .returning(AnalysisRow.id)
    )
    for model, rows in _children(analysis_id, contract):
        if rows:
            connection.execute(insert(model), rows)
    search.add_to_index(connection, analysis_id, text)
    return Saved(document_id, analysis_id, created=True)


def retire(connection: Connection, document_id: int) -> None:
    """Mark a document's current analysis as superseded and drop it from the index."""
    for row in connection.execute(
        select(AnalysisRow.id, AnalysisRow.text).where(
            AnalysisRow.document_id == document_id, AnalysisRow.current.is_(True)
        )
    ).all():
        search.remove_from_index(connection, row.id, row.text or "")
        connection.execute(
            update(AnalysisRow).where(AnalysisRow.id == row.id).values(current=False)
        )

"""Reading the corpus: lists of reports, search, findings and an indicator across regions
and years. Every function takes the `Store` first and is also a `Store` method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

from fazhi.errors import FazhiError
from fazhi.store import search as fts
from fazhi.store.filters import Filters, like_escape, reject_control

if TYPE_CHECKING:
    from fazhi.store.corpus import Store

MAX_PAGE = 1000
# NULLS LAST everywhere: PostgreSQL would put reports without a year or score first
_ORDERS = {
    "year": "a.report_year DESC NULLS LAST, a.province, a.city, a.county, a.issuer, a.document_id",
    "year_asc": "a.report_year ASC NULLS LAST, a.province, a.city, a.county, a.issuer, a.document_id",
    "score": "a.score DESC NULLS LAST, a.document_id",
    "score_asc": "a.score ASC NULLS LAST, a.document_id",
    "issuer": "a.issuer NULLS LAST, a.report_year DESC NULLS LAST, a.document_id",
    "issuer_desc": "a.issuer DESC NULLS LAST, a.report_year DESC NULLS LAST, a.document_id",
    "ingested": "a.document_id DESC",
}


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One report in a list: who, where, which year, how it scored, what was found."""

    id: int
    name: str
    title: str | None
    issuer: str | None
    issuer_kind: str | None
    level: str | None
    province: str | None
    city: str | None
    county: str | None
    report_year: int | None
    issue_date: date | None
    is_report: bool | None
    score: float | None
    error: str | None
    findings: dict[str, int] = field(default_factory=dict)  # severity -> count

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["issue_date"] = self.issue_date.isoformat() if self.issue_date else None
        return out


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    items: list[Any]
    limit: int | None
    offset: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    report: ReportRow
    hits: int
    snippets: list[fts.Snippet]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.report.to_dict(),
            "hits": self.hits,
            "snippets": [{**s.to_dict(), "html": s.html()} for s in self.snippets],
        }


_REPORT_COLUMNS = (
    "a.document_id, d.name, a.title, a.issuer, a.issuer_kind, a.level, a.province, a.city,"
    " a.county, a.report_year, a.issue_date, a.is_report, a.score, a.error_message"
)


def _page_sql(limit: int | None, offset: int) -> str:
    if limit is not None and not 0 < limit <= MAX_PAGE:
        raise FazhiError("query.limit", f"每页条数应在 1 到 {MAX_PAGE} 之间")
    if offset < 0:
        raise FazhiError("query.offset", "起始位置不能为负数")
    return (f" LIMIT {int(limit)}" if limit is not None else "") + (
        f" OFFSET {int(offset)}" if offset else ""
    )


def _rows(
    store: Store, where: str, params: dict[str, Any], order: str, page: str
) -> tuple[list[ReportRow], int]:
    """One page of reports and the number of all that match, in one pass over them."""
    if order not in _ORDERS:
        raise FazhiError("query.order", f"排序方式“{order}”无效，可选：{'、'.join(_ORDERS)}")
    # the window count rides on the page query: a search is evaluated once, not twice
    statement = (
        f"SELECT a.id AS analysis_id, {_REPORT_COLUMNS}, COUNT(*) OVER () AS matching"
        f" FROM analyses a JOIN documents d ON d.id = a.document_id WHERE {where}"
        f" ORDER BY {_ORDERS[order]}{page}"
    )
    with store.engine.connect() as connection:
        rows = connection.execute(sql(statement), params).all()
        if rows:
            total = rows[0].matching
        else:  # a page past the end says nothing of how many there are
            total = connection.scalar(sql(f"SELECT COUNT(*) FROM analyses a WHERE {where}"), params)
        counts: dict[int, dict[str, int]] = {}
        if rows:
            ids = ",".join(str(int(r.analysis_id)) for r in rows)
            for analysis_id, severity, n in connection.execute(
                sql(
                    "SELECT analysis_id, severity, COUNT(*) FROM findings"
                    f" WHERE analysis_id IN ({ids}) GROUP BY analysis_id, severity"
                )
            ):
                counts.setdefault(analysis_id, {})[severity] = n
    items = [
        ReportRow(*_dated(row[1:-1]), findings=counts.get(row.analysis_id, {})) for row in rows
    ]
    return items, total


def _dated(values: tuple) -> tuple:
    # through a raw statement SQLite hands dates back as text and booleans as 0/1
    values = list(values)
    if isinstance(values[10], str):
        values[10] = date.fromisoformat(values[10])
    if values[11] is not None:
        values[11] = bool(values[11])
    return tuple(values)


def reports(
    store: Store,
    filters: Filters | None = None,
    *,
    order: str = "year",
    limit: int | None = 50,
    offset: int = 0,
) -> Page:
    """Reports matching `filters`, newest first by default (`order`: year, score,
    score_asc, issuer, ingested, and year_asc, issuer_desc reversed)."""
    where, params = (filters or Filters()).where()
    page = _page_sql(limit, offset)
    items, total = _rows(store, where, params, order, page)
    return Page(total, items, limit, offset)


def search(
    store: Store,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int | None = 20,
    offset: int = 0,
    order: str = "year",
    snippets: int = 3,
    text_filter: Callable[[str], str] | None = None,
) -> Page:
    """Reports whose text holds every term of `query`, with highlighted passages.
    `text_filter` rewrites each text before its passages are cut (the API masks
    personal data with it, so that a passage never ends inside a half-shown number)."""
    terms = fts.normalise_query(query)
    where, params = (filters or Filters()).where()
    match = fts.match_clause(terms, store.dialect)
    where = f"{where} AND {match.where}"
    params = {**params, **match.params}
    page = _page_sql(limit, offset)
    rows, total = _rows(store, where, params, order, page)
    hits: list[SearchHit] = []
    if rows:
        ids = ",".join(str(r.id) for r in rows)
        with store.engine.connect() as connection:
            texts = dict(
                connection.execute(
                    sql(
                        "SELECT document_id, text FROM analyses"
                        f" WHERE current = :t AND document_id IN ({ids})"
                    ),
                    {"t": True},
                ).all()
            )
        for row in rows:
            text = texts.get(row.id) or ""
            if text_filter is not None:
                text = text_filter(text)
            n, passages = fts.snippets(text, terms, limit=snippets)
            hits.append(SearchHit(row, n, passages))
    return Page(total, hits, limit, offset)


@dataclass(frozen=True, slots=True)
class FindingRow:
    report_id: int
    issuer: str | None
    report_year: int | None
    rule: str
    severity: str
    message: str
    evidence: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def findings(
    store: Store,
    filters: Filters | None = None,
    *,
    rule: str | None = None,
    severity: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> Page:
    """Findings of the reports matching `filters`, optionally of one rule or severity."""
    import json

    where, params = (filters or Filters()).where()
    reject_control(rule, "query.control", "规则代码含有控制字符")
    if rule:
        if rule.endswith("."):  # a family: 'arith.' is every arithmetic rule
            where += " AND f.rule LIKE :rule ESCAPE '\\'"
            params["rule"] = like_escape(rule) + "%"
        else:
            where += " AND f.rule = :rule"
            params["rule"] = rule
    if severity:
        if severity not in ("error", "warning", "info"):
            raise FazhiError("query.severity", "严重程度应为 error、warning 或 info")
        where += " AND f.severity = :severity"
        params["severity"] = severity
    base = f"FROM findings f JOIN analyses a ON a.id = f.analysis_id WHERE {where}"
    statement = (
        "SELECT a.document_id, a.issuer, a.report_year, f.rule, f.severity, f.message,"
        f" f.evidence {base} ORDER BY a.report_year DESC, a.issuer, a.document_id, f.position"
        + _page_sql(limit, offset)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(sql(statement), params).all()
        total = connection.scalar(sql(f"SELECT COUNT(*) {base}"), params)
    items = [
        FindingRow(*row[:6], evidence=json.loads(row[6]) if isinstance(row[6], str) else row[6])
        for row in rows
    ]
    return Page(total, items, limit, offset)

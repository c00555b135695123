"""Reports side by side, for the compare page: coverage of the nine areas per report, the
score ranking, how often each review rule fires, and one indicator across regions and
years. Every function takes the `Store` first and `Filters`, and is also a `Store`
method; results are plain dicts ready for JSON.

Lists are capped (a heat-map of 500 rows reads as noise); each result says how many
reports matched and how many it shows, so the page can say what was left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

from fazhi.errors import FazhiError
from fazhi.store.filters import LEVEL_LABELS, Filters
from fazhi.store.indicators import GROUP_LABELS, indicator
from fazhi.store.summary import RuleCount

if TYPE_CHECKING:
    from fazhi.store.corpus import Store

HEATMAP_LIMIT = 60
RANKING_LIMIT = 60
RULES_LIMIT = 30
BARS_LIMIT = 30
LINES_LIMIT = 12
# what an indicator can be grouped by on the page: places, level, issuer
GROUPINGS = {key: GROUP_LABELS[key] for key in ("province", "city", "county", "level", "issuer")}
_SEVERITY_RANK = "CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
_SEVERITIES = ("error", "warning", "info")


def _label(issuer: str | None, name: str, year: int | None) -> str:
    """Who wrote it and for which year; the file name when the issuer was not found."""
    who = issuer or name
    return f"{who}（{year}年度）" if year is not None else who


def _unique(labels: list[str], ids: list[int]) -> list[str]:
    # two files of one issuer and year would share a row of a chart: the id tells them apart
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [
        f"{label} #{i}" if seen[label] > 1 else label for label, i in zip(labels, ids, strict=True)
    ]


def coverage_matrix(
    store: Store, filters: Filters | None = None, *, limit: int = HEATMAP_LIMIT
) -> dict[str, Any]:
    """For each report with a review (newest first, at most `limit`), the share of the
    items of each of the nine areas it covers."""
    from fazhi.score.coverage import coverage_map

    where, params = (filters or Filters()).where()
    with store.engine.connect() as connection:
        reports = connection.execute(
            sql(
                "SELECT a.id, a.document_id, a.issuer, d.name, a.report_year,"
                " COUNT(*) OVER () AS matching FROM analyses a"
                " JOIN documents d ON d.id = a.document_id"
                f" WHERE {where} AND EXISTS (SELECT 1 FROM coverage c WHERE c.analysis_id = a.id)"
                " ORDER BY a.report_year DESC NULLS LAST, a.province, a.city, a.county,"
                f" a.issuer, a.document_id LIMIT {int(limit)}"
            ),
            params,
        ).all()
        counted: list[Any] = []
        if reports:
            ids = ",".join(str(int(r.id)) for r in reports)
            counted = connection.execute(
                sql(
                    "SELECT analysis_id, area, SUM(CASE WHEN covered THEN 1 ELSE 0 END), COUNT(*)"
                    f" FROM coverage WHERE analysis_id IN ({ids}) GROUP BY analysis_id, area"
                )
            ).all()
    names = {area.code: area.name for area in coverage_map()}
    # an area an older analysis has but the current map lacks keeps a column of its own
    areas = [*names, *sorted({row[1] for row in counted} - set(names))]
    cells: dict[int, dict[str, tuple[int, int]]] = {}
    for analysis_id, area, covered, total in counted:
        cells.setdefault(analysis_id, {})[area] = (int(covered or 0), int(total))
    labels = _unique(
        [_label(r.issuer, r.name, r.report_year) for r in reports],
        [r.document_id for r in reports],
    )
    rows = []
    for report, label in zip(reports, labels, strict=True):
        mine = cells.get(report.id, {})
        covered = sum(c for c, _ in mine.values())
        total = sum(t for _, t in mine.values())
        rows.append(
            {
                "id": report.document_id,
                "label": label,
                "issuer": report.issuer,
                "report_year": report.report_year,
                # None where the report has no item of an area: unknown, not 0 %
                "shares": [
                    round(mine[a][0] / mine[a][1], 4) if mine.get(a, (0, 0))[1] else None
                    for a in areas
                ],
                "counts": [list(mine[a]) if a in mine else None for a in areas],
                "ratio": round(covered / total, 4) if total else None,
            }
        )
    return {
        "areas": [{"code": code, "name": names.get(code, code)} for code in areas],
        "reports": rows,
        "total": reports[0].matching if reports else 0,
        "limit": limit,
    }


def score_ranking(
    store: Store, filters: Filters | None = None, *, limit: int = RANKING_LIMIT
) -> dict[str, Any]:
    """Reports with a score, best first (at most `limit`), with issuer, region and year."""
    where, params = (filters or Filters()).where()
    with store.engine.connect() as connection:
        rows = connection.execute(
            sql(
                "SELECT a.document_id, a.issuer, d.name, a.province, a.city, a.county,"
                " a.report_year, a.score, COUNT(*) OVER () AS matching, AVG(a.score) OVER ()"
                " AS mean FROM analyses a JOIN documents d ON d.id = a.document_id"
                f" WHERE {where} AND a.score IS NOT NULL"
                f" ORDER BY a.score DESC, a.document_id LIMIT {int(limit)}"
            ),
            params,
        ).all()
    labels = _unique(
        [_label(r.issuer, r.name, r.report_year) for r in rows], [r.document_id for r in rows]
    )
    return {
        "reports": [
            {
                "id": r.document_id,
                "label": label,
                "issuer": r.issuer,
                "region": " ".join(p for p in (r.province, r.city, r.county) if p) or None,
                "report_year": r.report_year,
                "score": round(float(r.score), 1),
            }
            for r, label in zip(rows, labels, strict=True)
        ],
        "total": rows[0].matching if rows else 0,
        "mean": round(float(rows[0].mean), 1) if rows else None,
        "limit": limit,
    }


def rule_counts(
    store: Store, filters: Filters | None = None, *, limit: int = RULES_LIMIT
) -> list[RuleCount]:
    """Each review rule with the number of reports it fired on and of its findings, most
    widespread first. The severity is the gravest the rule was given: the summary's
    MIN(severity) orders the words alphabetically, which puts 'info' before 'warning'."""
    where, params = (filters or Filters()).where()
    with store.engine.connect() as connection:
        rows = connection.execute(
            sql(
                f"SELECT f.rule, MIN({_SEVERITY_RANK}), COUNT(DISTINCT f.analysis_id), COUNT(*)"
                f" FROM findings f JOIN analyses a ON a.id = f.analysis_id WHERE {where}"
                " GROUP BY f.rule ORDER BY COUNT(DISTINCT f.analysis_id) DESC, COUNT(*) DESC,"
                f" f.rule LIMIT {int(limit)}"
            ),
            params,
        ).all()
    return [RuleCount(rule, _SEVERITIES[int(rank)], n, k) for rule, rank, n, k in rows]


def finding_frequency(
    store: Store, filters: Filters | None = None, *, limit: int = RULES_LIMIT
) -> dict[str, Any]:
    """`rule_counts` with each rule's Chinese title, and the number of reviewed reports
    they were found among (the denominator of "in how many reports")."""
    from fazhi.checks.catalogue import rules

    known = rules()
    where, params = (filters or Filters()).where()
    with store.engine.connect() as connection:
        reviewed = connection.scalar(
            sql(f"SELECT COUNT(*) FROM analyses a WHERE {where} AND a.reviewed = :reviewed"),
            {**params, "reviewed": True},
        )
    items = [
        {
            "rule": r.rule,
            "title": known[r.rule].title if r.rule in known else r.rule,
            "severity": r.severity,
            "reports": r.reports,
            "findings": r.findings,
        }
        for r in rule_counts(store, filters, limit=limit)
    ]
    return {"rules": items, "reports": reviewed or 0, "limit": limit}


def indicators_present(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """The catalogued indicators the matching reports state, with how many reports state
    each, most widely reported first: what the page's indicator picker offers."""
    from fazhi.figures.catalogue import catalogue

    known = catalogue().indicators
    where, params = (filters or Filters()).where()
    with store.engine.connect() as connection:
        rows = connection.execute(
            sql(
                "SELECT f.indicator, COUNT(DISTINCT a.id) FROM facts f"
                f" JOIN analyses a ON a.id = f.analysis_id WHERE {where}"
                " AND f.indicator IS NOT NULL GROUP BY f.indicator"
                " ORDER BY COUNT(DISTINCT a.id) DESC, f.indicator"
            ),
            params,
        ).all()
    # a code an older analyser used and the catalogue dropped cannot be queried: left out
    return [
        {
            "code": code,
            "name": known[code].name,
            "reports": n,
            "additive": known[code].measure in ("count", "amount"),
        }
        for code, n in rows
        if code in known
    ]


def indicator_series(
    store: Store,
    code: str,
    *,
    by: str = "county",
    filters: Filters | None = None,
    bars: int = BARS_LIMIT,
    lines: int = LINES_LIMIT,
) -> dict[str, Any]:
    """One indicator per group (`by`) and year, as the charts draw it: the total of a
    count or amount, the mean of a rate or duration (they do not add up). `groups` holds
    the `bars` groups with the most reports (then the largest values); the first `lines`
    of them are the ones drawn as lines over the years."""
    if by not in GROUPINGS:
        raise FazhiError("query.by", f"分组方式“{by}”无效，可选：{'、'.join(GROUPINGS)}")
    table = indicator(store, code, by=by, filters=filters)
    groups: dict[tuple, dict[str, Any]] = {}
    for row in table.rows:
        value = row.total if table.additive else row.mean
        group = groups.setdefault(row.group, {"values": {}, "reports": {}, "count": 0})
        group["values"][row.report_year] = value
        group["reports"][row.report_year] = row.reports
        group["count"] += row.reports
    years = sorted({row.report_year for row in table.rows if row.report_year is not None})
    has_undated = any(row.report_year is None for row in table.rows)
    columns: list[int | None] = [*years, None] if has_undated else list(years)

    def weight(item: tuple[tuple, dict[str, Any]]) -> tuple:
        latest = next(
            (v for y in reversed(columns) if (v := item[1]["values"].get(y)) is not None), 0
        )
        return (-item[1]["count"], -(latest or 0), _group_label(item[0], by))

    ranked = sorted(groups.items(), key=weight)
    return {
        "indicator": table.code,
        "name": table.name,
        "unit": table.unit,
        "additive": table.additive,
        "statistic": "合计" if table.additive else "平均值",
        "by": by,
        "by_label": GROUPINGS[by],
        "years": columns,
        "groups": [
            {
                "label": _group_label(key, by),
                "short": _group_short(key, by),
                "values": [data["values"].get(y) for y in columns],
                "reports": [data["reports"].get(y, 0) for y in columns],
            }
            for key, data in ranked[:bars]
        ],
        "total_groups": len(groups),
        "bars_limit": bars,
        "lines_limit": lines,
    }


def _group_label(key: tuple, by: str) -> str:
    if by == "level":
        return LEVEL_LABELS.get(key[0] or "", key[0] or "（未识别）")
    return " ".join(part for part in key if part) or "（未识别）"


def _group_short(key: tuple, by: str) -> str:
    """The last two parts of a place (扬州市江都区): enough to tell two counties apart
    without the province on every bar."""
    if by in ("level", "issuer", "province"):
        return _group_label(key, by)
    parts = [part for part in key if part]
    return "".join(parts[-2:]) or "（未识别）"


def choices(store: Store) -> dict[str, list[Any]]:
    """The years, provinces and cities of current reports, for the page's filter menus."""
    with store.engine.connect() as connection:
        flag = {"t": True}
        years = connection.scalars(
            sql(
                "SELECT DISTINCT report_year FROM analyses WHERE current = :t"
                " AND report_year IS NOT NULL ORDER BY report_year DESC"
            ),
            flag,
        ).all()
        places = connection.execute(
            sql(
                "SELECT DISTINCT province, city FROM analyses WHERE current = :t"
                " AND province IS NOT NULL ORDER BY province, city"
            ),
            flag,
        ).all()
    provinces = sorted({p for p, _ in places})
    cities = sorted({c for _, c in places if c})
    return {"years": list(years), "provinces": provinces, "cities": cities}

"""The compare page: reports side by side in charts (plotly.js, served by the app).

`GET /compare` renders the page with the data of every chart in a JSON block, so it draws
at once; the chart data also comes from `/api/compare/...`, which the page's script asks
again when the indicator or its grouping changes (the filters reload the page: they
change every chart). The JSON routes are page plumbing, not the documented API, so they
stay out of /docs like the pages do.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from fazhi.errors import FazhiError
from fazhi.store import Filters, Store
from fazhi.store import compare as comparisons
from fazhi.web.api import redact_json
from fazhi.web.errors import HttpError
from fazhi.web.guard import Reader
from fazhi.web.pages import page_filters, render

router = APIRouter(include_in_schema=False)
_FILTER_KEYS = ("province", "city", "county", "year", "level")
_MAX_TEXT = 100  # longer than any place name: a longer value is not a filter but noise
# what a chart says instead of an empty plot: (whole corpus, with filters chosen)
EMPTY_STATES = {
    "no_indicators": (
        "报告库中还没有可比较的指标数据",
        "符合筛选条件的报告中没有可比较的指标数据",
    ),
    "no_indicator_data": ("报告库中还没有这项指标的数据", "符合筛选条件的报告中没有这项指标的数据"),
    "no_years": ("这项指标的数据没有年度，无法画出历年变化",) * 2,
    "no_coverage": (
        "报告库中还没有审查过的报告，无法比较覆盖情况",
        "没有符合筛选条件、已审查的报告，无法比较覆盖情况",
    ),
    "no_reviewed": ("报告库中还没有审查过的报告", "没有符合筛选条件、已审查的报告"),
    "no_findings": ("所审查的 {n} 份报告中没有发现问题",) * 2,
    "no_scores": ("报告库中还没有已评分的报告", "没有符合筛选条件、已评分的报告"),
}


def _filters(request: Request) -> tuple[Filters, dict[str, str]]:
    return page_filters(request, _FILTER_KEYS)


def _grouping(request: Request) -> str:
    by = request.query_params.get("by", "").strip() or "county"
    if by not in comparisons.GROUPINGS:
        choices = "、".join(f"{k}（{v}）" for k, v in comparisons.GROUPINGS.items())
        raise FazhiError("query.by", f"分组方式“{by[:40]}”无效，可选：{choices}")
    return by


def _series(store: Store, code: str, by: str, filters: Filters) -> dict[str, Any]:
    try:
        return store.indicator_series(code, by=by, filters=filters)
    except FazhiError as exc:
        if exc.code == "query.indicator":  # an unknown code is a missing resource
            raise HttpError(404, exc.code, exc.message) from exc
        raise


def _store(request: Request) -> Store:
    return request.app.state.store


def _choices(store: Store, chosen: dict[str, str]) -> dict[str, list[Any]]:
    """The filter menus; a chosen value no report has stays in its menu, selected, so
    the form shows the filter that emptied the charts."""
    menus = comparisons.choices(store)
    for key, menu in (("year", "years"), ("province", "provinces"), ("city", "cities")):
        value = int(chosen[key]) if key == "year" and key in chosen else chosen.get(key)
        if value is not None and value not in menus[menu]:
            menus[menu] = [value, *menus[menu]]
    return menus


# -- the page --------------------------------------------------------------------------


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, _reader: Reader) -> HTMLResponse:
    store = _store(request)
    filters, chosen = _filters(request)
    by = _grouping(request)
    indicators = store.indicators_present(filters)
    wanted = request.query_params.get("indicator", "").strip()
    if len(wanted) > _MAX_TEXT:
        raise FazhiError("query.too_long", f"指标代码过长（不超过 {_MAX_TEXT} 个字）")
    # an asked-for indicator is shown even when no report states it (its empty state
    # says so); otherwise the most widely reported one
    code = wanted or (indicators[0]["code"] if indicators else "")
    data = {
        "filters": chosen,
        "by": by,
        "indicator": code,
        "indicators": indicators,
        "series": _series(store, code, by, filters) if code else None,
        "coverage": store.coverage_matrix(filters),
        "ranking": store.score_ranking(filters),
        "findings": store.finding_frequency(filters),
        "documents": store.count(),
        "messages": {key: texts[bool(chosen)] for key, texts in EMPTY_STATES.items()},
    }
    if code and data["series"] is not None and not any(i["code"] == code for i in indicators):
        # a catalogued code no report states: still in the picker, so the choice shows
        data["indicators"] = [
            *indicators,
            {
                "code": code,
                "name": data["series"]["name"],
                "reports": 0,
                "additive": data["series"]["additive"],
            },
        ]
    return render(
        request,
        "compare.html",
        {
            "active": "compare",
            "data": redact_json(data),
            "chosen": chosen,
            "choices": _choices(store, chosen),
            "groupings": comparisons.GROUPINGS,
            "clear_link": "/compare"
            + (f"?{urlencode({'indicator': code, 'by': by})}" if code else ""),
            "limits": {
                "heatmap": comparisons.HEATMAP_LIMIT,
                "ranking": comparisons.RANKING_LIMIT,
                "rules": comparisons.RULES_LIMIT,
                "bars": comparisons.BARS_LIMIT,
                "lines": comparisons.LINES_LIMIT,
            },
        },
    )


# -- the charts' data ------------------------------------------------------------------


@router.get("/api/compare/indicators")
def compare_indicators(request: Request, _reader: Reader) -> dict[str, Any]:
    """The indicators the matching reports state, for the picker."""
    filters, _ = _filters(request)
    return {"items": _store(request).indicators_present(filters)}


@router.get("/api/compare/indicators/{code}")
def compare_indicator(
    request: Request,
    _reader: Reader,
    code: Annotated[str, Path(max_length=_MAX_TEXT)],
) -> dict[str, Any]:
    """One indicator per group and year (bars and lines)."""
    filters, _ = _filters(request)
    return redact_json(_series(_store(request), code, _grouping(request), filters))


@router.get("/api/compare/coverage")
def compare_coverage(request: Request, _reader: Reader) -> dict[str, Any]:
    """Share of covered items per report and area (the heat-map)."""
    filters, _ = _filters(request)
    return redact_json(_store(request).coverage_matrix(filters))


@router.get("/api/compare/ranking")
def compare_ranking(request: Request, _reader: Reader) -> dict[str, Any]:
    """Reports by score, best first."""
    filters, _ = _filters(request)
    return redact_json(_store(request).score_ranking(filters))


@router.get("/api/compare/findings")
def compare_findings(request: Request, _reader: Reader) -> dict[str, Any]:
    """How many reports each review rule fired on."""
    filters, _ = _filters(request)
    return redact_json(_store(request).finding_frequency(filters))

"""The REST API over a corpus store (FastAPI; interactive documentation at /docs).

    >>> from fazhi.store import Store
    >>> from fazhi.web import create_app
    >>> app = create_app(Store("corpus.db"))      # any ASGI server; or serve(store)

Everything the API serves as JSON has personal data (mobile, ID-card and bank-card
numbers) masked by `fazhi.checks.redact`; only `/api/reports/{id}/file` hands back the
original document as it was uploaded. Errors are JSON `{"detail": 中文说明, "code": …}`:
400 for a bad parameter, 404 for an unknown report, 413 for an upload that is too large,
422 (FastAPI's own) for a parameter of the wrong type.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

import fazhi
from fazhi.checks import redact
from fazhi.errors import FazhiError
from fazhi.store import Filters, Store
from fazhi.store.query import MAX_PAGE
from fazhi.web.errors import ErrorBody, HttpError

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases
EXPORT_NAME = "法治政府建设年度报告"
_EXPORT_TYPES = (  # as fazhi.store.export.MEDIA_TYPES gives them (checked by the tests)
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/csv; charset=utf-8",
    "application/x-ndjson",
)
_MEDIA_TYPES = {
    "txt": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "html": "text/html",
    "ofd": "application/ofd",
}


def redact_json(obj: Any) -> Any:
    """`obj` with personal data masked in every string it holds, at any depth."""
    if isinstance(obj, str):
        # a mobile number has 11 digits: a shorter string cannot hold one
        return redact(obj) if len(obj) >= 11 else obj
    if isinstance(obj, dict):
        return {key: redact_json(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple):
        return [redact_json(value) for value in obj]
    return obj


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the real one per RFC 5987."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "download"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)
    if suffix:
        fallback += "." + suffix
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# -- models shown in /docs ---------------------------------------------------------------


class ReportPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ItemPage(BaseModel):
    total: int
    items: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    documents: int
    version: str


# -- parameters --------------------------------------------------------------------------


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_filters(
    province: Annotated[str | None, Query(description="省份，如“江苏省”")] = None,
    city: Annotated[str | None, Query(description="地级市，如“扬州市”")] = None,
    county: Annotated[str | None, Query(description="区县，如“江都区”")] = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="报告年度")] = None,
    level: Annotated[
        str | None, Query(description="层级：province、city、county 或 township")
    ] = None,
    issuer: Annotated[str | None, Query(description="报告主体名称中的一段")] = None,
    score_min: Annotated[float | None, Query(allow_inf_nan=False, description="最低分")] = None,
    score_max: Annotated[float | None, Query(allow_inf_nan=False, description="最高分")] = None,
    rule: Annotated[
        str | None, Query(description="有此规则的审查意见（以“.”结尾时为一类规则）")
    ] = None,
    indicator: Annotated[str | None, Query(description="载有此指标的数据")] = None,
    reports_only: Annotated[bool, Query(description="只要年度报告，不要其他文件")] = False,
) -> Filters:
    """The filters every corpus query takes; an empty parameter means no filter."""
    return Filters(
        province=province or None,
        city=city or None,
        county=county or None,
        year=year,
        level=level or None,
        issuer=issuer or None,
        score_min=score_min,
        score_max=score_max,
        rule=rule or None,
        indicator=indicator or None,
        reports_only=reports_only,
    )


StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(get_filters)]
ReportId = Annotated[int, Path(description="报告编号（上传时返回的 id）")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="跳过前多少条")]


def _not_found(document_id: int) -> HttpError:
    return HttpError(404, "report.not_found", f"没有编号为 {document_id} 的报告")


# -- endpoints ---------------------------------------------------------------------------

# every route answers a malformed parameter with the same Chinese error body
VALIDATION_ERROR = {422: {"model": ErrorBody, "description": "参数类型或取值不对"}}
router = APIRouter(prefix="/api", responses=VALIDATION_ERROR)
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorBody, "description": "参数无效"}}


@router.get("/reports", tags=["报告"], response_model=ReportPage, responses=_ERRORS)
def list_reports(
    store: StoreDep,
    filters: FiltersDep,
    order: Annotated[
        str,
        Query(
            description="排序：year（年度，默认）、year_asc、score、score_asc、issuer、issuer_desc、ingested"
        ),
    ] = "year",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="每页条数")] = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """按地区、年度、层级、得分等条件列出报告。"""
    page = store.reports(filters, order=order, limit=limit, offset=offset)
    return {
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "items": redact_json([row.to_dict() for row in page.items]),
    }


@router.get(
    "/reports/{document_id}",
    tags=["报告"],
    responses={404: {"model": ErrorBody, "description": "没有这份报告"}},
)
def get_report(document_id: ReportId, store: StoreDep) -> dict[str, Any]:
    """一份报告的完整分析结果（fazhi.report/1 格式的 JSON），个人信息已遮盖。"""
    report = store.report(document_id) if 0 < document_id <= MAX_ID else None
    if report is None:
        raise _not_found(document_id)
    return redact_json(report)


@router.get(
    "/reports/{document_id}/file",
    tags=["报告"],
    response_class=Response,
    responses={
        200: {
            # as received: the media type follows the stored format
            "content": {t: {} for t in {*_MEDIA_TYPES.values(), "application/octet-stream"}},
            "description": "原始文件",
        },
        404: {"model": ErrorBody, "description": "没有这份报告"},
    },
)
def get_report_file(document_id: ReportId, store: StoreDep) -> Response:
    """下载上传时的原始文件（原样返回，未遮盖个人信息）。"""
    stored = store.file(document_id) if 0 < document_id <= MAX_ID else None
    if stored is None:
        raise _not_found(document_id)
    return Response(
        content=stored.content,
        media_type=_MEDIA_TYPES.get(stored.format or "", "application/octet-stream"),
        headers={
            "Content-Disposition": content_disposition(stored.name),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "ETag": f'"{stored.sha256}"',
        },
    )


@router.get("/search", tags=["检索"], response_model=ItemPage, responses=_ERRORS)
def search_reports(
    store: StoreDep,
    filters: FiltersDep,
    q: Annotated[str, Query(description="搜索词，多个词以空格分隔（须全部出现）")],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="每页条数")] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """全文检索：正文含有全部搜索词的报告，附命中段落（`html` 中以 <mark> 标出）。"""
    # the store keeps and indexes the text with personal data masked: a search cannot
    # probe for a number, and passages never show one
    page = store.search(q, filters, limit=limit, offset=offset)
    items = [
        {
            **redact_json(hit.report.to_dict()),
            "hits": hit.hits,
            "snippets": [{**s.to_dict(), "html": s.html()} for s in hit.snippets],
        }
        for hit in page.items
    ]
    return {"total": page.total, "items": items}


@router.get(
    "/indicators/{code}",
    tags=["统计"],
    responses={**_ERRORS, 404: {"model": ErrorBody, "description": "没有这个指标"}},
)
def indicator_table(
    store: StoreDep,
    filters: FiltersDep,
    code: Annotated[str, Path(description="指标代码，如 reconsideration.correction_rate")],
    by: Annotated[
        str, Query(description="分组：province、city、county（默认）、level、issuer、year、report")
    ] = "county",
) -> dict[str, Any]:
    """某项指标按地区（或层级、主体）和年度汇总：数量与金额合计，比率只给均值和极值。"""
    try:
        table = store.indicator(code, by=by, filters=filters)
    except FazhiError as exc:
        if exc.code == "query.indicator":  # an unknown code is a missing resource
            raise HttpError(404, exc.code, exc.message) from exc
        raise
    return redact_json(table.to_dict())


@router.get("/findings", tags=["统计"], response_model=ItemPage, responses=_ERRORS)
def list_findings(
    store: StoreDep,
    filters: FiltersDep,
    severity: Annotated[str | None, Query(description="严重程度：error、warning 或 info")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="每页条数")] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """审查意见列表。`rule` 在此处选出该规则（须写全名）的意见，其余条件筛选报告。"""
    rule = filters.rule
    page = store.findings(
        replace(filters, rule=None),
        rule=rule,
        severity=severity or None,
        limit=limit,
        offset=offset,
    )
    return {"total": page.total, "items": redact_json([f.to_dict() for f in page.items])}


@router.get("/summary", tags=["统计"], responses=_ERRORS)
def corpus_summary(
    store: StoreDep,
    filters: FiltersDep,
    by: Annotated[str, Query(description="地区分组：province、city（默认）或 county")] = "city",
    top: Annotated[int, Query(ge=1, le=100, description="列出最常见的多少条审查规则")] = 10,
) -> dict[str, Any]:
    """概况：文件数、报告数、平均分、各年度份数、各地区各年度份数与均分、常见审查意见。"""
    return redact_json(store.summary(filters, by=by, top=top).to_dict())


@router.get(
    "/export",
    tags=["导出"],
    response_class=StreamingResponse,
    responses={
        200: {"content": {t: {} for t in _EXPORT_TYPES}, "description": "导出文件"},
        **_ERRORS,
    },
)
def export_table(
    store: StoreDep,
    filters: FiltersDep,
    fmt: Annotated[
        Literal["xlsx", "csv", "jsonl"],
        Query(alias="format", description="格式：xlsx（默认）、csv 或 jsonl"),
    ] = "xlsx",
    table: Annotated[
        Literal["reports", "facts", "findings", "coverage"],
        Query(description="CSV 导出哪张表：reports（默认）、facts、findings 或 coverage"),
    ] = "reports",
) -> StreamingResponse:
    """导出符合条件的报告（个人信息已遮盖），以附件下载。

    xlsx 为一个工作簿，含报告、指标、问题、覆盖四张表；csv 为 `table` 指定的一张表；
    jsonl 每行一份报告的完整 JSON。响应头 `X-Fazhi-Reports` 为导出的报告份数。
    """
    from fazhi.store import export as exporter

    # the export is written whole first (an xlsx cannot be streamed while it is made):
    # in memory up to 16 MB, then in a temporary file
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    try:
        reports = exporter.export(store, fmt, spool, filters=filters, table=table, redact=True)
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := spool.read(64 * 1024):
                yield chunk
        finally:
            spool.close()

    # only a CSV holds one table; a workbook has them all, JSON lines the whole contracts
    name = f"{EXPORT_NAME}_{table}" if fmt == "csv" and table != "reports" else EXPORT_NAME
    return StreamingResponse(
        chunks(),
        media_type=exporter.MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={
            "Content-Disposition": content_disposition(f"{name}.{fmt}"),
            "Content-Length": str(size),
            "X-Fazhi-Reports": str(reports),
        },
    )


@router.get("/health", tags=["系统"], response_model=Health)
def health(store: StoreDep) -> dict[str, Any]:
    """服务状态：数据库中的文件数与 fazhi 版本。"""
    return {"status": "ok", "documents": store.count(), "version": fazhi.__version__}

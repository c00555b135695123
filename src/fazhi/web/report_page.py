"""The report page (/reports/{id}) and its downloads: the review opinion (.docx), the
analysis (JSON) and the report's rows of the corpus export (.xlsx).

Everything shown or handed out here has personal data masked: the page and the JSON go
through `redact_json`, the stored text is kept masked, the opinion is masked string by
string after it is built (its quotations already are, but its file name and messages
need not be), and the workbook is exported with `redact=True`.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import fields, is_dataclass, replace
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from fazhi.checks import redact
from fazhi.store import Filters, Store
from fazhi.web.api import MAX_ID, content_disposition, redact_json
from fazhi.web.errors import HttpError
from fazhi.web.guard import Reader
from fazhi.web.pages import render
from fazhi.web.report_parts import file_name
from fazhi.web.report_view import MAX_MARKED_FINDINGS, build_view

router = APIRouter(include_in_schema=False)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _id(document_id: str) -> int:
    """The id in the address; anything but a stored document's number is a 404 page (a
    word or an id beyond 32 bits names no report, rather than being a bad request)."""
    if re.fullmatch(r"[0-9]{1,10}", document_id) and 0 < int(document_id) <= MAX_ID:
        return int(document_id)
    raise HttpError(404, "report.not_found", f"没有编号为 {document_id[:40]} 的报告")


def _contract(store: Store, document_id: int) -> dict[str, Any]:
    report = store.report(document_id)
    if report is None:
        raise HttpError(404, "report.not_found", f"没有编号为 {document_id} 的报告")
    return redact_json(report)


def _base_name(contract: dict[str, Any]) -> str:
    """What the downloads are called: the issuer, or the file's name without extension."""
    issuer = (contract.get("metadata") or {}).get("issuer")
    base = issuer or PurePath(file_name(contract)).stem or f"报告{contract.get('id', '')}"
    # a name fit for any file system: no separators, controls or reserved characters
    base = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "_", redact(base)).strip(" ._")
    return base[:80] or "报告"


def _rule_titles() -> dict[str, str]:
    from fazhi.checks.catalogue import rules

    try:
        return {code: rule.title for code, rule in rules().items()}
    except Exception:  # a broken rules file must not take the page down: codes are shown
        return {}


@router.get("/reports/{document_id}", response_class=HTMLResponse)
def report_page(request: Request, document_id: str, _reader: Reader) -> HTMLResponse:
    store: Store = request.app.state.store
    number = _id(document_id)
    contract = _contract(store, number)
    # stores keep the text masked already; masking again (same length, so the offsets of
    # the facts hold) costs little and covers a store written before they did
    text = redact(store.report_text(number) or "")
    view = build_view(contract, text, rule_titles=_rule_titles())
    return render(
        request,
        "report.html",
        {
            "active": None,
            "id": number,
            "view": view,
            "meta": view.meta,
            "max_marked": MAX_MARKED_FINDINGS,
        },
    )


def _masked(value: Any) -> Any:
    """`value` with personal data masked in every string, inside dataclasses too."""
    if isinstance(value, str):
        return redact(value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _masked(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, tuple | list):
        return type(value)(_masked(v) for v in value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    return value


@router.get("/reports/{document_id}/opinion.docx")
def opinion_docx(request: Request, document_id: str, _reader: Reader) -> Response:
    from fazhi.opinion import build_opinion, to_docx
    from fazhi.pipeline import analyze_bytes

    store: Store = request.app.state.store
    number = _id(document_id)
    contract = _contract(store, number)
    stored = store.file(number)
    if stored is None:
        raise HttpError(404, "report.not_found", f"没有编号为 {number} 的报告")
    # the opinion needs the full analysis (rule explanations, coverage): made again from
    # the stored bytes, under the name the file was stored with
    doc = analyze_bytes(stored.content, stored.name, review=True)
    if doc.error is not None:
        raise HttpError(
            409, "report.unreadable", f"这份文件无法分析，不能生成审查意见：{doc.error.message}"
        )
    if doc.is_report is False:
        raise HttpError(
            409, "report.not_a_report", "这份文件不是法治政府建设年度报告，没有审查意见"
        )
    data = to_docx(_masked(build_opinion(doc)))
    return Response(
        content=data,
        media_type=DOCX_TYPE,
        headers={
            "Content-Disposition": content_disposition(f"{_base_name(contract)}_审查意见.docx")
        },
    )


@router.get("/reports/{document_id}/report.json")
def report_json(request: Request, document_id: str, _reader: Reader) -> Response:
    store: Store = request.app.state.store
    contract = _contract(store, _id(document_id))
    body = json.dumps(contract, ensure_ascii=False, indent=1).encode("utf-8")
    return Response(
        content=body,
        media_type="application/json",
        headers={
            "Content-Disposition": content_disposition(f"{_base_name(contract)}_分析结果.json")
        },
    )


@router.get("/reports/{document_id}/report.xlsx")
def report_xlsx(request: Request, document_id: str, _reader: Reader) -> Response:
    from fazhi.store import export as exporter

    store: Store = request.app.state.store
    number = _id(document_id)
    contract = _contract(store, number)
    out = io.BytesIO()  # one report: a small workbook, made whole in memory
    exporter.export(store, "xlsx", out, filters=Filters(document_id=number), redact=True)
    return Response(
        content=out.getvalue(),
        media_type=XLSX_TYPE,
        headers={
            "Content-Disposition": content_disposition(f"{_base_name(contract)}_分析结果.xlsx")
        },
    )

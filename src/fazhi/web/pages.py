"""The workspace's pages: server-rendered HTML over the same store as the API.

Templates are Jinja2 with autoescaping on, so every piece of document text reaches the
browser as text; scripts come only from /static (the Content-Security-Policy allows no
other), data for them travels in `<script type="application/json">` blocks or from the
JSON API. This module owns the page plumbing (templates, static files, login, errors)
and the corpus page; the report and compare pages have modules of their own.
"""

from __future__ import annotations

import math
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import fazhi
from fazhi.checks import redact
from fazhi.errors import FazhiError
from fazhi.store import Filters, Store
from fazhi.store.filters import LEVEL_LABELS
from fazhi.store.query import ReportRow
from fazhi.web.access import CSRF_FIELD
from fazhi.web.errors import HttpError
from fazhi.web.guard import (
    Admin,
    LoginRequired,
    Reader,
    check_csrf,
    client_of,
    refuse_if_throttled,
    session_of,
    set_session,
)
from fazhi.web.uploads import size_text

_HERE = Path(str(resources.files("fazhi.web")))
templates = Jinja2Templates(directory=str(_HERE / "templates"))
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
ORDER_LABELS = {
    "year": "年度（新→旧）",
    "year_asc": "年度（旧→新）",
    "score": "得分（高→低）",
    "score_asc": "得分（低→高）",
    "issuer": "报告主体",
    "issuer_desc": "报告主体（倒序）",
    "ingested": "最近上传",
}
PAGE_SIZE = 50
MAX_FILTER_CHARS = 100
templates.env.globals.update(
    severity_labels=SEVERITY_LABELS,
    level_labels=LEVEL_LABELS,
    version=fazhi.__version__,
)


def plotly_path() -> Path:
    """plotly.js as shipped inside the plotly wheel: served by the app, never a CDN."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plotly_url() -> str:
    import plotly

    # the version in the address lets browsers keep the 4 MB file for good
    return f"/static/vendor/plotly-{plotly.__version__}.min.js"


templates.env.globals["plotly_url"] = plotly_url


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """A page with what every template needs: the session, its CSRF token, the login."""
    session = session_of(request)
    access = request.app.state.access
    values = {
        "request": request,
        "user": session.user,
        "csrf": session.csrf,
        "csrf_field": CSRF_FIELD,
        "can_log_in": access.can_log_in,
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, values, status_code=status)


def render_error(request: Request, status: int, code: str, message: str) -> Response:
    """Errors on pages are pages; a page that needs a login sends the visitor to it."""
    if status == 401 and code == "auth.required" and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
    return render(
        request, "error.html", {"status": status, "code": code, "message": message}, status
    )


router = APIRouter(include_in_schema=False)


# -- corpus ----------------------------------------------------------------------------


PAGE_FILTERS = ("province", "city", "county", "year", "level", "issuer", "rule")


def page_filters(
    request: Request, keys: tuple[str, ...] = PAGE_FILTERS
) -> tuple[Filters, dict[str, str]]:
    """The filters named by `keys` from a page's query string (the corpus page takes all,
    the compare page the regional ones); blank fields mean no filter. A bad value is a
    FazhiError naming it: a 400 page, or a 400 JSON answer for a chart request."""
    params = request.query_params
    chosen = {key: params.get(key, "").strip() for key in keys}
    for key, value in chosen.items():
        if len(value) > MAX_FILTER_CHARS:
            raise FazhiError("query.too_long", f"筛选条件 {key} 过长（最多 {MAX_FILTER_CHARS} 字）")
    year = None
    if chosen.get("year"):
        # both databases keep years as 32-bit integers: a huge one must not reach SQL
        if not (chosen["year"].isascii() and chosen["year"].isdigit()):
            raise FazhiError("query.year", f"年度“{chosen['year']}”应为整数")
        year = int(chosen["year"])
        if not 1 <= year <= 9999:
            raise FazhiError("query.year", f"年度“{chosen['year']}”超出范围")
    values = {key: chosen[key] or None for key in keys if key != "year"}
    return Filters(year=year, **values), {key: value for key, value in chosen.items() if value}


def _masked_row(row: ReportRow) -> ReportRow:
    return replace(
        row,
        name=redact(row.name),
        title=redact(row.title) if row.title else row.title,
        issuer=redact(row.issuer) if row.issuer else row.issuer,
    )


@router.get("/", response_class=HTMLResponse)
def corpus_page(
    request: Request,
    _reader: Reader,
    q: Annotated[str, Query(max_length=200)] = "",
    order: str = "year",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> HTMLResponse:
    store: Store = request.app.state.store
    filters, chosen = page_filters(request)
    if order not in ORDER_LABELS:
        order = "year"
    offset = (page - 1) * PAGE_SIZE
    query = q.strip()
    if query:
        found = store.search(query, filters, limit=PAGE_SIZE, offset=offset)
        rows = [hit.report for hit in found.items]
        hits = found.items
    else:
        found = store.reports(filters, order=order, limit=PAGE_SIZE, offset=offset)
        rows, hits = found.items, []
    # names, titles and issuers are stored as found; what a page shows is masked
    rows = [_masked_row(row) for row in rows]
    pages = max(1, math.ceil(found.total / PAGE_SIZE))

    def link(**changes: Any) -> str:
        values = {**chosen, "q": query, "order": order, "page": page, **changes}
        return "/?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})

    return render(
        request,
        "corpus.html",
        {
            "rows": rows,
            "hits": hits,
            "total": found.total,
            "documents": store.count(),
            "q": query,
            "order": order,
            "orders": ORDER_LABELS,
            "chosen": chosen,
            "page": page,
            "pages": pages,
            "link": link,
            "export_link": "/api/export?" + urlencode({"format": "xlsx", **chosen}),
            "filtered": bool(chosen) or bool(query),
            "max_files": request.app.state.max_files,
            "max_bytes": request.app.state.max_upload_bytes,
            "max_size": size_text(request.app.state.max_upload_bytes),
        },
    )


@router.post("/reports/{document_id}/delete")
def delete_report(
    request: Request,
    document_id: int,
    _admin: Admin,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    store: Store = request.app.state.store
    if not (0 < document_id < 2**31) or not store.delete(document_id):
        raise HttpError(404, "report.not_found", f"没有编号为 {document_id} 的报告")
    return RedirectResponse(f"/?{urlencode({'deleted': document_id})}", status_code=303)


# -- login -----------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    # only a path of this site: never an open redirect to another host
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    check_csrf(request, csrf)
    access = request.app.state.access
    if not access.can_log_in:
        raise HttpError(
            403, "auth.not_configured", "尚未设置管理员密码：请在服务器上运行 fazhi passwd"
        )
    refuse_if_throttled(request)
    if not access.check(username, password):
        request.app.state.throttle.failed(client_of(request))
        context = {"next": _safe_next(next), "failed": True, "username": username}
        return render(request, "login.html", context, status=401)
    request.app.state.throttle.succeeded(client_of(request))
    # a new session (and CSRF token) at login: a token seen before it is worth nothing
    set_session(request, access.new_session(access.admin_user))
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(request, csrf)
    # the old cookie, wherever a copy of it is, no longer logs anyone in
    request.app.state.revoked.add(session_of(request))
    set_session(request, replace(request.app.state.access.new_session(), user=None))
    return RedirectResponse("/", status_code=303)


# -- the app ---------------------------------------------------------------------------


def add_pages(app: FastAPI) -> None:
    """Mount the workspace on an app made by `fazhi.web.create_app`."""
    from fazhi.web import compare_page, report_page

    app.state.render_error = render_error

    @app.get(plotly_url(), include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            plotly_path(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(router)
    app.include_router(report_page.router)
    app.include_router(compare_page.router)


__all__ = ["LoginRequired", "add_pages", "render", "render_error", "templates"]

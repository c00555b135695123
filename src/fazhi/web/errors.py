"""How the API answers when something is wrong: always JSON `{"detail", "code"}` with
the message in Chinese, whatever raised it — a bad parameter of ours (FazhiError), a
request FastAPI could not validate, Starlette's own 404/405, or a defect (500)."""

from __future__ import annotations

import http
import re

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from fazhi.errors import FazhiError


class HttpError(FazhiError):
    """A request the API answers with `status` (404, 413 …) and a Chinese message; any
    other `FazhiError` is a bad parameter (400)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status


class ErrorBody(BaseModel):
    detail: str
    code: str


_HTTP_MESSAGES = {
    400: "请求无效",
    404: "没有这个地址",
    405: "此地址不支持该请求方法",
    413: "请求内容过大",
    500: "服务器内部错误",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARSE_MESSAGES = {
    "There was an error parsing the body": "请求内容无法解析，请以 multipart/form-data 上传文件",
}

# what a query parameter failed, in words a user reads (pydantic's error types)
_VALIDATION = {
    "missing": "缺少必填参数",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "is_instance_of": "类型不对（应上传文件）",
    "value_error": "无效",
    "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
}
_WHERE = {"query": "参数", "path": "路径中的", "body": "上传内容中的"}


def _error(status: int, code: str, message: str, request: Request | None = None) -> Response:
    # the workspace's pages answer with a page; the API (and /docs) with JSON
    from fazhi.web.guard import add_security_headers

    page = getattr(request.app.state, "render_error", None) if request is not None else None
    if page is not None and not request.url.path.startswith(("/api/", "/docs/", "/openapi")):
        response = page(request, status, code, message)
    else:
        response = JSONResponse({"detail": message, "code": code}, status_code=status)
    # a 500 is answered outside the session middleware: the headers are set here as well
    add_security_headers(response)
    return response


# parameters named as a user knows them (the code name follows in brackets)
_NAMES = {
    "page": "页码",
    "year": "年度",
    "limit": "每页条数",
    "offset": "跳过条数",
    "q": "检索词",
    "score_min": "最低分",
    "score_max": "最高分",
    "document_id": "报告编号",
}


def _invalid(error: dict) -> str:
    location = list(error.get("loc") or ())
    where = _WHERE.get(str(location[0]), "") if location else ""
    field = ".".join(str(p) for p in location[1:])
    if field in _NAMES:
        field = f"{_NAMES[field]}（{field}）"
    name = (where + " " if where else "") + (field or "请求")
    template = _VALIDATION.get(error.get("type", ""))
    if template is None:
        return f"{name} 无效（{error.get('msg', '')}）"
    context = dict(error.get("ctx") or {})
    if "expected" in context:  # "'xlsx', 'csv' or 'jsonl'" in Chinese punctuation
        expected = str(context["expected"]).replace("'", "").replace(" or ", "、")
        context["expected"] = expected.replace(", ", "、")
    return f"{name} " + template.format(**context)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _error(422, "request.invalid", "；".join(_invalid(e) for e in exc.errors()), request)


async def _fazhi_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FazhiError)
    # a bad parameter is 400; `HttpError` says otherwise (404, 413 …)
    return _error(getattr(exc, "status", 400), exc.code, exc.message, request)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = str(exc.detail)
    try:
        phrase = http.HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = ""
    if detail == phrase and exc.status_code in _HTTP_MESSAGES:
        detail = _HTTP_MESSAGES[exc.status_code]
    if detail in _PARSE_MESSAGES:
        detail = _PARSE_MESSAGES[detail]
    elif exc.status_code == 400 and not _CJK.search(detail):  # the multipart parser's own
        detail = f"请求内容无法解析（{detail}）"
    response = _error(exc.status_code, f"http.{exc.status_code}", detail, request)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _internal_error(request: Request, _exc: Exception) -> Response:
    return _error(500, "internal.error", "服务器内部错误，请稍后再试或联系管理员", request)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(FazhiError, _fazhi_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)

"""`POST /api/reports`: uploads for the REST API. A cap on the whole request body, and
each file read in chunks up to its own limit before it is analysed and stored.

The body cap is an ASGI middleware, so it holds before any multipart parsing: a request
that declares too large a `Content-Length` is refused at once, and one sent in chunks is
cut off as soon as it passes the cap. Starlette spools each file part to a temporary file
(in memory up to 1 MB, on disk beyond); `read_limited` then takes at most the per-file
limit plus one byte of it into memory.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any, BinaryIO

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartParser
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fazhi.checks import redact
from fazhi.errors import FazhiError
from fazhi.ingest.formats import supported_suffixes
from fazhi.store import Store
from fazhi.web.errors import ErrorBody, HttpError
from fazhi.web.guard import Admin, check_csrf

CHUNK = 1024 * 1024
# multipart framing of one file part (boundary, Content-Disposition, Content-Type): a
# request of `max_files` files each just within the limit must not be refused as a whole
PART_OVERHEAD = 4096
UNNAMED = "未命名文件"
# control characters, and the bidirectional overrides that make a name read otherwise
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class UploadError(BaseModel):
    code: str
    message: str


class UploadResult(BaseModel):
    name: str
    id: int | None
    created: bool
    sha256: str | None
    is_report: bool | None
    issuer: str | None
    report_year: int | None
    score: float | None
    error: UploadError | None


def size_text(n: int) -> str:
    """A byte count for people: 512 字节, 2.0 KB, 50.0 MB."""
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def body_limit(max_upload_bytes: int, max_files: int) -> int:
    """The largest request body accepted: `max_files` files each at the size limit."""
    return max_files * (max_upload_bytes + PART_OVERHEAD)


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware answering 413 to a request whose body is over `limit` bytes,
    whether it says so in `Content-Length` or only turns out so while it is read."""

    def __init__(
        self, app: ASGIApp, limit: int, *, upload_path: str = "/api/reports", other: int = 64 * 1024
    ) -> None:
        self.app = app
        self.upload_limit = limit
        self.upload_path = upload_path
        # a login form, a delete button: nothing but the upload needs more than a few KB,
        # and a form parser would otherwise hold up to 1 MB per field of a stranger's POST
        self.other_limit = other

    def _refusal(self, limit: int) -> JSONResponse:
        return JSONResponse(
            {
                "detail": f"请求内容过大：一次上传的总量不能超过 {size_text(limit)}",
                "code": "upload.too_large",
            },
            status_code=413,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"] == self.upload_path
        limit = self.upload_limit if upload else self.other_limit
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            # nothing of the body is read; the server discards it after the answer
            await self._refusal(limit)(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's answer to the broken body is replaced by ours
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self._refusal(limit)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers") or ():
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def read_limited(file: BinaryIO, limit: int) -> bytes | None:
    """The content of `file` read in chunks, or None as soon as it passes `limit` bytes."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = file.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)


def clean_name(filename: str | None) -> str:
    """The file's own name, without any folder a browser sent along and without control
    characters."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = _UNSAFE.sub("", name).strip()
    return name[:255] or UNNAMED


def _entry(name: str, *, code: str | None = None, message: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "id": None,
        "created": False,
        "sha256": None,
        "is_report": None,
        "issuer": None,
        "report_year": None,
        "score": None,
        "error": {"code": code, "message": message} if code else None,
    }


def store_upload(store: Store, name: str, file: BinaryIO, max_bytes: int) -> dict[str, Any]:
    """Analyse (with review) and store one uploaded file; what happened, as one entry of
    the upload answer. A file that cannot be analysed is stored with its error; one of an
    unsupported type or over `max_bytes` is not stored at all."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in supported_suffixes():
        allowed = " ".join(sorted(supported_suffixes()))
        return _entry(
            name,
            code="input.format",
            message=f"“{name}”的文件类型不受支持（支持 {allowed}），未保存",
        )
    data = read_limited(file, max_bytes)
    if data is None:
        return _entry(
            name,
            code="input.too_large",
            message=f"“{name}”太大，超过了 {size_text(max_bytes)} 的上限，未保存",
        )
    if not data.strip():  # nothing a later analyser could read either: not worth a row
        return _entry(name, code="input.empty", message=f"“{name}”是空文件，未保存")
    try:
        saved = store.add(data, name, review=True, max_bytes=max_bytes)
    except FazhiError as exc:
        return _entry(name, code=exc.code, message=exc.message)
    contract = store.report(saved.document_id) or {}
    metadata = contract.get("metadata") or {}
    review = contract.get("review") or {}
    error = contract.get("error")
    return {
        "name": name,
        "id": saved.document_id,
        "created": saved.created,
        "sha256": hashlib.sha256(data).hexdigest(),
        "is_report": contract.get("is_report"),
        "issuer": metadata.get("issuer"),
        "report_year": metadata.get("report_year"),
        "score": review.get("score"),
        "error": {"code": error.get("code"), "message": error.get("message")} if error else None,
    }


def _masked(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with personal data masked (a file name may hold a phone number)."""
    error = entry["error"]
    return {
        **{key: redact(value) if isinstance(value, str) else value for key, value in entry.items()},
        "error": {**error, "message": redact(error["message"])} if error else None,
    }


router = APIRouter(responses={422: {"model": ErrorBody, "description": "参数类型或取值不对"}})

# Starlette keeps up to 1 MB of every uploaded part in memory before spilling it to disk,
# and the file count is checked only after the whole form is parsed: with hundreds of
# parts in one request that is hundreds of MB. 64 KB per part keeps a request small.
MultiPartParser.spool_max_size = 64 * 1024


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "一份或多份报告（字段名 files）",
                        }
                    },
                    "required": ["files"],
                }
            }
        },
    }
}


@router.post(
    "/reports",
    tags=["报告"],
    response_model=list[UploadResult],
    openapi_extra=_UPLOAD_BODY,
    responses={
        201: {"model": list[UploadResult], "description": "至少新保存了一份文件"},
        400: {"model": ErrorBody, "description": "没有上传文件"},
        401: {"model": ErrorBody, "description": "未登录"},
        403: {"model": ErrorBody, "description": "未设置管理员，或缺少 CSRF 令牌"},
        413: {"model": ErrorBody, "description": "文件过多或请求内容过大"},
    },
)
async def upload_reports(
    request: Request, response: Response, _admin: Admin
) -> list[dict[str, Any]]:
    """上传报告（需管理员：登录后的会话加 `X-CSRF-Token` 请求头，或 HTTP Basic 认证）：
    逐份分析（含审查评分）并保存。

    每份文件在返回列表中有一项：`id`、`created`（此前未保存过为 true；同一文件再次上传
    为 false，不重复保存）、`sha256`、`is_report`、`issuer`、`report_year`、`score` 和
    `error`。无法分析的文件照样保存并在 `error` 中说明；类型不受支持（`input.format`）
    或超过单个文件大小上限（`input.too_large`）的文件不保存，`id` 为 null。
    有新保存的文件时状态码为 201，否则为 200。没有文件为 400，文件过多或请求总量
    过大为 413。
    """
    # the login is checked before the body is read: a stranger's upload is refused
    # without a byte of it being parsed
    check_csrf(request)
    state = request.app.state
    try:
        form = await request.form(max_files=state.max_files + 1, max_fields=20)
    except StarletteHTTPException as exc:
        if "Too many files" in str(exc.detail):
            raise HttpError(
                413, "upload.too_many_files", f"一次最多上传 {state.max_files} 份文件"
            ) from exc
        raise
    try:
        chosen = [
            u
            for u in form.getlist("files")
            if isinstance(u, StarletteUploadFile) and (u.filename or u.size)
        ]
        if not chosen:
            raise HttpError(
                400, "upload.no_files", "没有收到文件：请以 files 字段上传一份或多份报告"
            )
        if len(chosen) > state.max_files:
            raise HttpError(413, "upload.too_many_files", f"一次最多上传 {state.max_files} 份文件")
        results = [
            _masked(
                await run_in_threadpool(
                    store_upload,
                    state.store,
                    clean_name(u.filename),
                    u.file,
                    state.max_upload_bytes,
                )
            )
            for u in chosen
        ]
    finally:
        await form.close()
    if any(result["created"] for result in results):
        response.status_code = 201
    return results

"""The application: the REST API, the workspace's pages, the documentation, sessions and
limits put together over one store.

    >>> from fazhi.store import Store
    >>> from fazhi.web import create_app
    >>> app = create_app(Store("corpus.db"))      # any ASGI server; or serve(store)
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute

import fazhi
from fazhi.store import Store
from fazhi.web import uploads
from fazhi.web.access import Access, load_access
from fazhi.web.api import router
from fazhi.web.docs import add_offline_docs
from fazhi.web.errors import add_error_handlers
from fazhi.web.guard import Revoked, SessionMiddleware, Throttle, require_reader
from fazhi.web.uploads import BodyLimit, body_limit


def create_app(
    store: Store,
    *,
    access: Access | None = None,
    max_upload_bytes: int = fazhi.DEFAULT_MAX_BYTES,
    max_files: int = 50,
    pages: bool = True,
) -> FastAPI:
    """The workspace (pages at /, unless `pages` is false) and the API (/api, /docs) over
    `store`. `access` says who may browse, upload and delete; by default the settings in
    the configuration file (`fazhi passwd` writes it), or, without one, open browsing and
    no uploads. An uploaded file over `max_upload_bytes` is refused on its own; a request
    over `max_files` files, or over `max_files` × (`max_upload_bytes` + 4 KB of multipart
    framing) in all, is answered 413 without reading the rest."""
    if max_upload_bytes < 1 or max_files < 1:
        raise ValueError("max_upload_bytes and max_files must be positive")
    app = FastAPI(
        title="法治政府建设年度报告分析",
        version=fazhi.__version__,
        description=(
            "上传、检索和统计法治政府建设年度报告。所有 JSON 中的手机号码、身份证号码和"
            '银行卡号均已遮盖；错误以 `{"detail": 说明, "code": 代码}` 返回。'
        ),
        docs_url=None,  # /docs is served from local files: see fazhi.web.docs
        redoc_url=None,
        openapi_url=None,  # …and /openapi.json with it, behind the reader's check
    )
    add_offline_docs(app)
    app.state.store = store
    app.state.access = access if access is not None else load_access()
    app.state.revoked = Revoked()
    app.state.throttle = Throttle()
    app.state.max_upload_bytes = max_upload_bytes
    app.state.max_files = max_files
    for api_router in (uploads.router, router):
        _chinese_summaries(api_router)
    app.include_router(uploads.router, prefix="/api")
    app.include_router(router, dependencies=[Depends(require_reader)])
    if pages:
        from fazhi.web.pages import add_pages

        add_pages(app)
    add_error_handlers(app)
    app.add_middleware(SessionMiddleware)
    # outermost: an oversized body is refused before anything else reads it
    app.add_middleware(BodyLimit, limit=body_limit(max_upload_bytes, max_files))
    return app


def _chinese_summaries(api_router: APIRouter) -> None:
    """/docs titles each operation with its summary, by default the English function
    name: the first sentence of the Chinese docstring says it better."""
    for route in api_router.routes:
        if isinstance(route, APIRoute) and not route.summary and route.description:
            first = route.description.strip().splitlines()[0]
            route.summary = re.split(r"[：。]", first, maxsplit=1)[0]


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> None:
    """Run the workspace and API with uvicorn until interrupted. `access`,
    `max_upload_bytes`, `max_files` and `pages` go to `create_app`, any other option to
    `uvicorn.run` (log_level, proxy_headers …)."""
    import uvicorn

    keys = ("max_upload_bytes", "max_files", "access", "pages")
    limits = {key: options.pop(key) for key in keys if key in options}
    uvicorn.run(create_app(store, **limits), host=host, port=port, **options)

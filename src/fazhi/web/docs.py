"""The interactive API documentation at /docs, served with no request leaving the machine.

FastAPI's default page loads Swagger UI from a CDN, which an offline intranet cannot
reach; the `swagger-ui-bundle` wheel carries the same files, and the app serves them.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from fazhi.web.guard import CONTENT_SECURITY_POLICY, Reader

ASSETS = "/static/swagger"
# the bundled Swagger UI (4.x) reads OpenAPI 3.0 only; FastAPI writes 3.1 at /openapi.json
DOCS_SCHEMA = "/docs/openapi-3.0.json"


def add_offline_docs(app: FastAPI) -> None:
    """Serve /docs from the bundled Swagger UI files (create the app with docs_url=None)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger")

    # the schema and the documentation are readers' pages like any other: closed when
    # browsing is (create the app with openapi_url=None so FastAPI adds no open copy)
    @app.get("/openapi.json", include_in_schema=False)
    def schema(_reader: Reader) -> dict[str, Any]:
        return app.openapi()

    @app.get(DOCS_SCHEMA, include_in_schema=False)
    def schema_for_docs(_reader: Reader) -> dict[str, Any]:
        return as_openapi_30(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(_reader: Reader) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=DOCS_SCHEMA,
            title=f"{app.title} — 接口文档",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
            # Swagger UI would fetch a validity badge from validator.swagger.io
            swagger_ui_parameters={"validatorUrl": None},
        )
        # the workspace allows only its own script files; this page starts Swagger UI
        # with one inline script, allowed by its hash and nothing else
        page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "script-src 'self'", "script-src 'self' " + " ".join(_inline_hashes(page.body))
        )
        return page


def _inline_hashes(html: bytes) -> list[str]:
    scripts = re.findall(rb"<script>(.*?)</script>", html, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in scripts]


def as_openapi_30(schema: dict[str, Any]) -> dict[str, Any]:
    """The same API described in OpenAPI 3.0: 3.1's `anyOf [X, null]` becomes a nullable
    X, the only 3.1 construct FastAPI's schemas here use."""

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: convert(value) for key, value in node.items()}
        options = out.get("anyOf")
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            out.pop("anyOf")
            if len(rest) == 1:
                out.update(rest[0])
            else:
                out["anyOf"] = rest
            out["nullable"] = True
        if out.get("type") == "null":
            out.pop("type")
            out["nullable"] = True
        return out

    converted = convert(copy.deepcopy(schema))
    converted["openapi"] = "3.0.3"
    return converted

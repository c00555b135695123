"""The interactive API documentation at /docs, served with no request leaving the machine.

FastAPI's default page loads Swagger UI from a CDN, which an offline intranet cannot
reach; the `swagger-ui-bundle` wheel carries the same files, and the app serves them.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/swagger"


def add_offline_docs(app: FastAPI) -> None:
    """Serve /docs from the bundled Swagger UI files (create the app with docs_url=None)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — 接口文档",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
            # Swagger UI would fetch a validity badge from validator.swagger.io
            swagger_ui_parameters={"validatorUrl": None},
        )

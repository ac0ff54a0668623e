"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), served from the files the ``fastapi-offline`` package
installs (Swagger UI 5, which reads OpenAPI 3.1, and ReDoc 2), so both work without a network.

``swagger-ui-bundle`` ships Swagger UI 4, which refuses FastAPI's OpenAPI 3.1 ("Unable to render
this definition"), so it is not used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, Response

__all__ = ["ASSETS", "ASSET_DIR", "DOCS_PAGES", "router", "tidy_responses"]

router = APIRouter(include_in_schema=False)
ASSET_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
TITLE = "UN documents QA · API"
DOCS_PAGES = ("/docs", "/redoc", "/docs/oauth2-redirect")
"""The pages whose HTML runs an inline start-up script (the only CSP exception)."""


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title=TITLE,
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon.png",
        oauth2_redirect_url="/docs/oauth2-redirect",
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title=TITLE,
        redoc_js_url="/docs/assets/redoc.standalone.js",
        redoc_favicon_url="/docs/assets/favicon.png",
        with_google_fonts=False,
    )


REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
"""ReDoc's side-menu logo, fetched from a CDN by the packaged script; served without it (no network, CSP)."""


@lru_cache(maxsize=1)
def _redoc_script() -> bytes:
    text = (ASSET_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOC_LOGO, "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E").encode()


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> Response:
    if name not in ASSETS:
        raise HTTPException(404, f"no such documentation asset {name!r}: see /docs")
    if name == "redoc.standalone.js":
        return Response(_redoc_script(), media_type=ASSETS[name])
    return FileResponse(ASSET_DIR / name, media_type=ASSETS[name])


def tidy_responses(app: FastAPI) -> None:
    """Drop 413 (body too large) from the documented responses of operations that take no body (GET, DELETE)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in ("post", "put", "patch") and isinstance(operation, dict):
                    operation.get("responses", {}).pop("413", None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""``/docs``: Swagger UI served from the installed ``swagger-ui-bundle`` package, so it works offline.

ReDoc is not served: no PyPI package the project installs ships its script, and the default page
loads it from a CDN. ``/redoc`` sends the reader to ``/docs``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from swagger_ui_bundle import swagger_ui_path

__all__ = ["ASSETS", "SWAGGER_DIR", "router"]

router = APIRouter(include_in_schema=False)
SWAGGER_DIR = Path(swagger_ui_path)
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="UN documents QA · API",
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon-32x32.png",
        oauth2_redirect_url="/docs/oauth2-redirect",
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/docs/assets/{name}")
def swagger_asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"no such documentation asset {name!r}")
    return FileResponse(SWAGGER_DIR / name, media_type=ASSETS[name])


@router.get("/redoc")
def redoc() -> RedirectResponse:
    return RedirectResponse("/docs")

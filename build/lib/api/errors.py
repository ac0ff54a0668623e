"""The one place where library errors become HTTP responses."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.schemas import ErrorResponse
from qa.exceptions import IndexStateError, NotFound, QAError, QueryError

__all__ = ["ERROR_RESPONSES", "BodySizeLimit", "install_error_handlers", "status_for"]

log = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown document or paragraph."},
    413: {"model": ErrorResponse, "description": "The request body is larger than the cap."},
    422: {"model": ErrorResponse, "description": "A field is missing, of the wrong type or out of range."},
    503: {"model": ErrorResponse, "description": "The index is not ready or cannot be read."},
}


def status_for(exc: QAError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, QueryError):
        return 422
    if isinstance(exc, IndexStateError):
        return 503
    return 400


def _error(status: int, message: str, detail: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message, "status": status}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status)


def _describe(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    parts = []
    clean = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        where = ".".join(loc) or "body"
        kind = e.get("type", "")
        if kind == "json_invalid":
            msg = "the body is not valid JSON"
        elif kind == "model_attributes_type" or (kind == "dict_type" and not loc):
            msg = 'the body must be a JSON object such as {"question": "…"}'
        elif kind == "missing":
            msg = f"{where} is required"
        elif kind == "extra_forbidden":
            msg = f"{where} is not a known field (use question, top_k, mode, documents)"
        else:
            msg = f"{where}: {e.get('msg', 'invalid')}"
        parts.append(msg)
        clean.append({"field": where, "message": str(e.get("msg", "")), "type": kind})
    return "; ".join(parts), clean


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        return _error(status_for(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = _describe(list(exc.errors()))
        return _error(422, message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such route: see /docs for the API"
        return _error(exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - last resort
        log.exception("unexpected error")
        return _error(500, "internal error; the server log has the details")


class BodySizeLimit:
    """Refuse request bodies above ``max_bytes`` with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._reject(send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        response = _error(413, f"the request body is larger than {self.max_bytes} bytes")
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class _TooLarge(Exception):
    pass

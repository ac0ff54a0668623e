"""The one place where library errors become HTTP responses."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.schemas import ErrorResponse
from corpus.readers.limits import ParseLimitExceeded
from corpus.sandbox import ParseStopped
from qa.exceptions import (
    CorpusWriteError,
    DocumentConflict,
    IndexStateError,
    NotFound,
    Overloaded,
    QAError,
    QueryError,
    UploadTooLarge,
)

__all__ = [
    "ECHO_CHARS",
    "ERROR_RESPONSES",
    "BodySizeLimit",
    "clip",
    "clip_message",
    "error_response",
    "install_error_handlers",
    "status_for",
]

log = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown document or paragraph."},
    413: {"model": ErrorResponse, "description": "The request body is larger than the cap."},
    422: {
        "model": ErrorResponse,
        "description": "A field is missing, of the wrong type or out of range, or the body cannot be read "
        "(not JSON, not UTF-8, nested too deeply, a number with too many digits).",
    },
    503: {
        "model": ErrorResponse,
        "description": "The index is not ready or cannot be read, or too many questions are waiting "
        "(then a `Retry-After` header says in how many seconds to try again).",
        "headers": {"Retry-After": {"description": "Seconds to wait (when busy).", "schema": {"type": "integer"}}},
    },
}


ECHO_CHARS = 200
"""The most characters of the request an error message repeats (a quoted value, a path, a field name)."""
_LONG_WORD = re.compile(rf"\S{{{ECHO_CHARS + 1},}}")
_QUOTED = re.compile(
    r"(?<!\w)'(?:[^'\\]|\\.)*'(?!\w)"  # a repr'd value: 'abc' (an apostrophe inside a word starts none)
    r'|(?<!\w)"(?:[^"\\]|\\.)*"(?!\w)',
    re.DOTALL,
)


def clip(text: str, limit: int = ECHO_CHARS) -> str:
    """``text`` (a piece of the request) as an error message may echo it: at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def clip_message(message: str) -> str:
    """An error message that echoes at most :data:`ECHO_CHARS` characters of any quoted value (``'…'``,
    ``"…"``) or any run of characters without a space (an unquoted file name or path)."""

    def cut(m: re.Match[str]) -> str:
        quoted = m.group(0)
        if len(quoted) <= ECHO_CHARS + 2:
            return quoted
        return f"{quoted[: ECHO_CHARS - 2]}…{quoted[-1]} ({len(quoted) - 2:,} characters)"

    message = _QUOTED.sub(cut, message)
    return _LONG_WORD.sub(lambda m: clip(m.group(0)), message)


def status_for(exc: QAError) -> int:
    if isinstance(exc, ParseLimitExceeded):
        # too long to read: 422 (the document is unprocessable in time); too big once unpacked: 413
        return 422 if exc.limit == "QA_PARSE_MAX_SECONDS" else 413
    if isinstance(exc, ParseStopped):
        return 503
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, DocumentConflict):
        return 409
    if isinstance(exc, UploadTooLarge):
        return 413
    if isinstance(exc, QueryError):
        return 422
    if isinstance(exc, IndexStateError | Overloaded | CorpusWriteError):
        return 503
    return 400


def _error(
    status: int,
    message: str,
    detail: list[dict[str, Any]] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": clip_message(message), "status": status}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(status: int, message: str, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error body, for middleware that answers before the app's handlers run."""
    return _error(status, message, headers=headers)


def _unreadable_body(cause: BaseException | None) -> str | None:
    """Which of the body's problems FastAPI reported as "There was an error parsing the body"."""
    if isinstance(cause, UnicodeDecodeError):
        return (
            f"the body is not valid UTF-8 (byte {cause.object[cause.start : cause.start + 1]!r} at offset "
            f"{cause.start}): send JSON encoded as UTF-8"
        )
    if isinstance(cause, RecursionError):
        return 'the body is nested too deeply: send a flat JSON object such as {"question": "…", "top_k": 5}'
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "a number in the body has more than 4,300 digits: top_k is a whole number from 1 to 50"
    return None


def allowed_methods(scope: Scope, routes: list[Any]) -> list[str]:
    """Every method some route answers at this path, found by asking the routes themselves (HEAD
    wherever GET is: see ``api.middleware.HeadAsGet``; GET and HEAD for static files)."""
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Mount):
            if isinstance(route.app, StaticFiles) and route.matches(scope)[0] != Match.NONE:
                methods |= {"GET", "HEAD"}
            continue
        for method in _METHODS:
            if route.matches({**scope, "method": method})[0] == Match.FULL:
                methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _describe(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    parts = []
    clean = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        where = clip(".".join(loc), 60) or "body"
        kind = e.get("type", "")
        if kind == "json_invalid":
            msg = "the body is not valid JSON"
        elif kind == "model_attributes_type" or (kind == "dict_type" and not loc):
            msg = 'the body must be a JSON object such as {"question": "…"}'
        elif kind == "missing":
            msg = f"{where} is required"
        elif kind in ("string_too_short", "string_pattern_mismatch") and loc and loc[0] in ("documents", "doc"):
            msg = f"{where} is empty: give a doc_id or symbol such as HSP/HA.2/4, or leave {loc[0]} out"
        elif kind == "extra_forbidden":
            msg = f"{where} is not a known field (use question, top_k, mode, documents, lang)"
        else:
            msg = f"{where}: {e.get('msg', 'invalid')}"
        parts.append(msg)
        clean.append({"field": where, "message": str(e.get("msg", "")), "type": kind})
    return "; ".join(parts), clean


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Overloaded) else None
        return _error(status_for(exc), str(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = _describe(list(exc.errors()))
        return _error(422, message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        message = str(exc.detail) if exc.detail else "error"
        status = exc.status_code
        if status == 404 and message == "Not Found":
            message = "no such route: see /docs for the API"
        elif status == 405:
            allowed = allowed_methods(request.scope, list(app.router.routes)) or sorted(
                m.strip() for m in headers.get("Allow", "").split(",") if m.strip()
            )
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed on {clip(request.url.path)}: use {' or '.join(allowed)}"
        elif status == 400 and (problem := _unreadable_body(exc.__cause__)):
            status, message = 422, problem
        return _error(status, message, headers=headers or None)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - last resort
        log.exception("unexpected error")
        return _error(500, "internal error; the server log has the details")


class BodySizeLimit:
    """Refuse request bodies above ``max_bytes`` with 413, whether or not Content-Length is sent.

    Without Content-Length (a chunked body) the count is kept as the app reads; going over raises an
    ``HTTPException(413)``, which FastAPI passes on untouched (any other error while reading the
    body it turns into a 400), so the answer is the same JSON 413 either way.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.uploads = uploads or {}
        """``{path: cap}`` for POSTs that carry files (``/documents``)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.max_bytes
        if scope.get("method") == "POST" and scope.get("path", "").rstrip("/") in self.uploads:
            cap = self.uploads[scope["path"].rstrip("/")]
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > cap:
                await self._reject(send, cap)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge(cap)
            return message

        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracked)
        except _TooLarge:
            if started:
                raise
            await self._reject(send, cap)

    async def _reject(self, send: Send, cap: int) -> None:
        response = _error(413, _TooLarge(cap).detail)
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class _TooLarge(StarletteHTTPException):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body is larger than {max_bytes:,} bytes: send a shorter question")

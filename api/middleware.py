"""HTTP-layer middleware: HEAD wherever GET is, security headers and the server's own time on every response."""

from __future__ import annotations

import time
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DOCS_CSP", "PAGE_CSP", "HeadAsGet", "SecurityHeaders", "ServerTiming"]

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Everything but the API docs: only the site's own files, no inline script or style, no framing."""

DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""``/docs`` and ``/redoc`` only: Swagger UI's and ReDoc's pages start with an inline script (and
ReDoc runs a blob: worker); still only the site's own files, nothing from another origin."""


class HeadAsGet:
    """Answer ``HEAD`` on every ``GET`` route: run it as ``GET`` and send the headers without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class SecurityHeaders:
    """``Content-Security-Policy``, ``X-Content-Type-Options``, ``X-Frame-Options`` and
    ``Referrer-Policy`` on every response; the strict policy everywhere but ``docs_paths``."""

    def __init__(self, app: ASGIApp, *, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in self.docs_paths else PAGE_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                # same-origin: the reader page reads its referrer to lead back to the search; other sites get none.
                headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, with_headers)


class ServerTiming:
    """``Server-Timing: …, app;dur=<ms>`` on every response: the time from the request reaching the app
    to its response starting (reading the body, admission, the worker thread, the route, serializing).

    A route's own stages (``/ask``: ``analyse``, ``encode``, ``rank``, ``serialize``) come first; what
    ``app`` has beyond their sum is the HTTP layer's cost. The client's time beyond ``app`` is the
    server's event loop and the network.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                own = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
                stages = headers.get("server-timing")
                headers["Server-Timing"] = f"{stages}, {own}" if stages else own
            await send(message)

        await self.app(scope, receive, timed)

"""uvicorn's HTTP/1.1 protocol with a header-read timeout, so slow clients cannot hold connections forever.

uvicorn closes an idle kept-alive connection after ``timeout_keep_alive`` seconds, but waits
without end for the headers of a request that has begun (or for the first byte of a new
connection). :func:`header_timeout_protocol` gives a protocol class that closes a connection
whose request headers are not complete ``seconds`` after the connection opened, or after the
first byte of its next request. Requests whose headers arrived are not limited (a large upload
may take its time; the body cap is :class:`api.errors.BodySizeLimit`).

>>> cls = header_timeout_protocol(5.0)
>>> cls.header_timeout
5.0
"""

from __future__ import annotations

import asyncio
import logging
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HeaderTimeoutProtocol", "header_timeout_protocol"]

log = logging.getLogger(__name__)


class HeaderTimeoutProtocol(H11Protocol):
    """:class:`H11Protocol` that disconnects a client still sending its request headers after
    :attr:`header_timeout` seconds."""

    header_timeout: float = 10.0

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # headers and body go out as two writes: with Nagle on, the body waits for the
            # client's delayed ACK (~40 ms a kept-alive request)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm_header_timer()  # part of a request's head: the clock runs (if it is not running yet)
        else:
            self._cancel_header_timer()  # the head is complete (or the connection is ending)

    def on_response_complete(self) -> None:
        self._cancel_header_timer()  # the keep-alive timeout takes over until the next request's first byte
        super().on_response_complete()

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        log.info("closing the connection of %s: no complete request head in %.1f s", client, self.header_timeout)
        self.transport.close()


def header_timeout_protocol(seconds: float) -> type[HeaderTimeoutProtocol]:
    """A :class:`HeaderTimeoutProtocol` class with this timeout (uvicorn's ``http=`` takes a class)."""
    if not seconds > 0:
        raise ValueError(f"the header timeout must be more than 0 seconds, not {seconds!r}")
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": float(seconds)})

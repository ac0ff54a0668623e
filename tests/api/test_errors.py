"""HTTP-layer errors over real HTTP (uvicorn) and the app: 413 for chunked bodies, 405 with Allow,
which body problem it was, and JSON everywhere the app can answer."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.server import running_server
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def server(searcher: Searcher, index_settings: Settings) -> Iterator[tuple[str, int]]:
    with running_server(create_app(index_settings, searcher=searcher)) as url:
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 80)


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def _request(
    server: tuple[str, int], method: str, path: str, body: object = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*server, timeout=60)
    try:
        chunked = (headers or {}).get("Transfer-Encoding") == "chunked"
        conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)  # type: ignore[arg-type]
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def test_chunked_body_over_the_cap_is_413(server: tuple[str, int]) -> None:
    chunks = iter([b'{"question": "'] + [b"x" * 8000] * 9 + [b'"}'])  # 72 kB, no Content-Length
    status, headers, body = _request(
        server, "POST", "/ask", chunks, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    )
    assert status == 413 and headers["content-type"] == "application/json"
    assert "larger than 64,000 bytes" in json.loads(body)["error"]


def test_chunked_body_under_the_cap_is_answered(server: tuple[str, int]) -> None:
    chunks = iter([b'{"question": ', b'"\xe6\x89\xa7\xe8\xa1\x8c\xe5\xb1\x80"', b', "top_k": 2}'])
    status, _, body = _request(
        server, "POST", "/ask", chunks, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    )
    assert status == 200 and len(json.loads(body)["results"]) == 2


@pytest.mark.parametrize("path", ["/", "/health", "/documents", "/static/app.js"])
def test_head_answers_like_get_without_a_body(server: tuple[str, int], path: str) -> None:
    status, headers, body = _request(server, "HEAD", path)
    got_status, got_headers, got_body = _request(server, "GET", path)
    assert status == got_status == 200 and body == b""
    assert headers["content-type"] == got_headers["content-type"]
    assert int(headers["content-length"]) == len(got_body)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/ask", "GET, HEAD, POST"),
        ("DELETE", "/ask", "GET, HEAD, POST"),
        ("POST", "/health", "GET, HEAD"),
        ("POST", "/", "GET, HEAD"),
        ("PATCH", "/documents", "GET, HEAD, POST"),  # POST uploads a document
        ("POST", "/documents/HSP%2FHA.2%2F4/paragraphs/19", "DELETE, GET, HEAD"),  # DELETE /documents/{doc_id:path}
    ],
)
def test_every_405_says_what_is_allowed(server: tuple[str, int], method: str, path: str, allowed: str) -> None:
    status, headers, body = _request(server, method, path)
    assert status == 405 and headers["allow"] == allowed
    error = json.loads(body)
    assert error["status"] == 405 and allowed.replace(", ", " or ") in error["error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"question": "\xff\xfe\xe6\x89"}', "not valid UTF-8"),
        (b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
        (b'{"question": "x", "top_k": ' + b"7" * 5000 + b"}", "more than 4,300 digits"),
    ],
)
def test_unreadable_bodies_say_which_problem(client: TestClient, body: bytes, message: str) -> None:
    r = client.post("/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and message in r.json()["error"]
    assert "There was an error parsing the body" not in r.text


def test_http_layer_errors_are_json(server: tuple[str, int]) -> None:
    for method, path in [("GET", "/nowhere"), ("GET", "/static/nope.js"), ("DELETE", "/"), ("GET", "/ask")]:
        status, headers, body = _request(server, method, path)
        assert status in (404, 405, 422) and headers["content-type"] == "application/json", (method, path)
        assert json.loads(body)["status"] == status

"""Security headers on every response; the page works under its strict Content-Security-Policy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.middleware import DOCS_CSP, PAGE_CSP
from api.server import running_server
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def _csp(policy: str) -> dict[str, str]:
    out = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value
    return out


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/read/HSP%2FHA.2%2F4", 200),
        ("GET", "/static/app.js", 200),
        ("GET", "/health", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/nowhere", 404),
        ("PUT", "/ask", 405),
        ("HEAD", "/", 200),
    ],
)
def test_every_response_has_the_security_headers(client: TestClient, method: str, path: str, status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = _csp(r.headers["content-security-policy"])
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe-inline" not in r.headers["content-security-policy"]


def test_the_413_carries_them_too(client: TestClient) -> None:
    r = client.post("/ask", content=b"x" * 70_000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-security-policy"] == PAGE_CSP


def test_api_docs_may_run_their_inline_script_and_nothing_else(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-security-policy"] == DOCS_CSP
        csp = _csp(DOCS_CSP)
        assert csp["script-src"] == "'self' 'unsafe-inline'" and csp["frame-ancestors"] == "'none'"
        assert r.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in client.get("/docs/nothing-here").headers["content-security-policy"]


@pytest.mark.browser
def test_the_page_works_under_its_policy(searcher: Searcher, index_settings: Settings) -> None:
    """Real Chromium: ask, read the results, follow a citation; no policy violation on the way."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    violations: list[str] = []
    with running_server(create_app(index_settings, searcher=searcher)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation',"
            " e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
        )
        page.goto(url + "/")
        page.fill("#q", "2022年全球有多少人无家可归？")
        page.click("#ask-button")
        page.wait_for_selector("#results li")
        assert "HSP/HA.2/4, para. 19" in page.inner_text("#results li")
        page.click("#results li a")
        page.wait_for_selector("[aria-current=true]")
        browser.close()
    assert violations == []

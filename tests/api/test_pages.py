"""The web page's files are served, with nothing loaded from outside and nothing a strict CSP blocks."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings

PAGES = ["/", "/read/000_b5f21519506bdb07"]
FILES = ["/static/app.js", "/static/read.js", "/static/style.css", "/static/favicon.svg"]


def test_pages_are_self_contained(searcher: Searcher, index_settings: Settings) -> None:
    with TestClient(create_app(index_settings, searcher=searcher)) as client:
        for path in PAGES + FILES:
            r = client.get(path)
            assert r.status_code == 200, path
            assert not re.search(r"(src|href)=[\"']https?://", r.text), path
            assert "@import" not in r.text
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", r.text), path


def test_pages_work_under_a_strict_csp(searcher: Searcher, index_settings: Settings) -> None:
    """No inline script, no inline event handler, no style attribute or element in the HTML or made by the JS."""
    with TestClient(create_app(index_settings, searcher=searcher)) as client:
        for path in PAGES:
            html = client.get(path).text
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
            assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), path
            assert not re.search(r"\sstyle\s*=|<style", html, re.IGNORECASE), path
        for path in ["/static/app.js", "/static/read.js"]:
            js = client.get(path).text
            assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js, path
            assert not re.search(r"setAttribute\(\s*[\"'](style|on[a-z]+)", js), path
            assert not re.search(r"new Function|setTimeout\(\s*[\"']", js), path

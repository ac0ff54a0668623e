"""The web page's files are served, with nothing loaded from outside."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings


def test_pages_are_self_contained(searcher: Searcher, index_settings: Settings) -> None:
    with TestClient(create_app(index_settings, searcher=searcher)) as client:
        for path in ["/", "/read/000_b5f21519506bdb07", "/static/app.js", "/static/read.js", "/static/style.css"]:
            r = client.get(path)
            assert r.status_code == 200, path
            assert not re.search(r"(src|href)=[\"']https?://", r.text), path
            assert "@import url(http" not in r.text

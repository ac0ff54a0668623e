"""``Server-Timing`` on a real uvicorn server: where a question's time went, stage by stage."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from api.main import create_app
from api.server import running_server
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def base(searcher: Searcher, index_settings: Settings) -> Iterator[str]:
    with running_server(create_app(index_settings, searcher=searcher)) as url:
        yield url


def _stages(header: str) -> dict[str, float]:
    stages = dict(re.findall(r"(\w+);dur=(\d+(?:\.\d+)?)", header))
    assert len(stages) == header.count(";dur="), header
    return {name: float(ms) for name, ms in stages.items()}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_ask_says_where_its_time_went(base: str, fmt: str) -> None:
    r = httpx.post(f"{base}/ask", params={"format": fmt}, json={"question": "2022年全球有多少人无家可归？"}, timeout=30)
    assert r.status_code == 200
    stages = _stages(r.headers["server-timing"])
    assert list(stages) == ["analyse", "encode", "rank", "serialize", "app"]
    assert stages["encode"] > 0  # the model ran for this question
    # The app's time holds every stage; took_ms (the search) is analyse + encode + rank.
    assert stages["app"] >= stages["analyse"] + stages["encode"] + stages["rank"] + stages["serialize"] - 0.05
    if fmt == "json":
        took = r.json()["took_ms"]
        assert took == pytest.approx(stages["analyse"] + stages["encode"] + stages["rank"], abs=0.05)


def test_bm25_only_still_encodes_for_the_judgement(base: str) -> None:
    r = httpx.get(f"{base}/ask", params={"q": "执行局", "mode": "bm25"}, timeout=30)
    assert r.status_code == 200
    assert _stages(r.headers["server-timing"])["encode"] > 0


@pytest.mark.parametrize(("path", "status"), [("/health", 200), ("/nowhere", 404)])
def test_every_response_has_the_app_time(base: str, path: str, status: int) -> None:
    r = httpx.get(f"{base}{path}", timeout=30)
    assert r.status_code == status
    assert list(_stages(r.headers["server-timing"])) == ["app"]


def test_an_error_has_the_app_time_only(base: str) -> None:
    r = httpx.post(f"{base}/ask", json={"question": "   "}, timeout=30)
    assert r.status_code == 422
    assert list(_stages(r.headers["server-timing"])) == ["app"]

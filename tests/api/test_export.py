"""Results as CSV, JSON and a citation list, from the API (query ``format=`` or the Accept header)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings

Q = "2022年全球有多少人无家可归？"


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "a byte-order mark so Excel reads the Chinese"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_by_query_and_by_accept(client: TestClient) -> None:
    data = client.get("/ask", params={"q": Q, "top_k": 3}).json()
    by_query = client.get("/ask", params={"q": Q, "top_k": 3, "format": "csv"})
    assert by_query.status_code == 200
    assert by_query.headers["content-type"].startswith("text/csv")
    rows = _rows(by_query.text)
    assert [r["citation"] for r in rows] == [h["citation"] for h in data["results"]]
    assert rows[0]["citation"] == "HSP/HA.2/4, para. 19"
    assert "1.5 亿人无家可归" in rows[0]["text"]
    assert "\n" not in rows[0]["text"]
    by_accept = client.get("/ask", params={"q": Q, "top_k": 3}, headers={"accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert _rows(by_accept.text) == rows


def test_citation_list_from_post(client: TestClient) -> None:
    r = client.post("/ask", params={"format": "md"}, json={"question": Q, "top_k": 2})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/markdown")
    entries = r.text.strip().split("\n\n")
    assert len(entries) == 2
    assert entries[0].startswith("HSP/HA.2/4, para. 19 — ")
    assert "1.5 亿人无家可归" in entries[0]
    by_accept = client.post("/ask", json={"question": Q, "top_k": 2}, headers={"accept": "text/markdown"})
    assert by_accept.text == r.text


def test_json_stays_the_default_and_has_marks(client: TestClient) -> None:
    r = client.post("/ask", json={"question": Q, "top_k": 3}, headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert client.post("/ask", params={"format": "json"}, json={"question": Q, "top_k": 3}).json()["results"] == [
        {**h} for h in body["results"]
    ]
    first = body["results"][0]
    assert first["marks"], "the answering sentence is marked"
    marked = "".join(first["text"][m["start"] : m["end"]] for m in first["marks"])
    assert "无家可归" in marked
    assert len(marked) < len(first["text"])


def test_unknown_format_is_a_json_422(client: TestClient) -> None:
    r = client.get("/ask", params={"q": Q, "format": "xlsx"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/json")
    assert "format" in r.json()["error"]

"""``/documents``: entries by id, footnotes in hits and paragraphs; uploads and deletes with an admin token."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def test_summary_and_annex_open_by_id(client: TestClient) -> None:
    r = client.get(f"/documents/{quote('HSP/HA/1/2', safe='')}/paragraphs/summary")
    assert r.status_code == 200, r.text
    assert r.json()["entry"] == "summary" and r.json()["citation"] == "HSP/HA/1/2, summary"
    r = client.get(f"/documents/HSP/HA.2/4/Add.2/paragraphs/{quote('annex, row 12')}")
    assert r.status_code == 200, r.text
    assert r.json()["entry"] == "annex, rows 1-30"
    r = client.get(f"/documents/HSP/HA.2/4/Add.2/paragraphs/{quote('annex, row 999')}")
    assert r.status_code == 404 and "annex, rows 1-30" in r.json()["error"]


def test_paragraph_carries_its_footnotes(client: TestClient) -> None:
    body = client.get("/documents/HSP%2FHA.2%2F4/paragraphs/40").json()
    assert body["footnotes"] == [{"mark": "5", "text": "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"}]
    assert body["entry"] == "40" and body["lang"] == "zh"


def test_question_about_a_footnote_finds_its_paragraph(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "赫尔辛基和坦佩雷参与了什么试运行？", "top_k": 5})
    assert r.status_code == 200, r.text
    hits = r.json()["results"]
    top = hits[0]
    assert top["citation"] == "HSP/HA.2/4, para. 40", [h["citation"] for h in hits]
    assert top["footnotes"][0]["mark"] == "5" and "坦佩雷" in top["footnotes"][0]["text"]
    assert all("entry" in h and h["entry"] for h in hits)

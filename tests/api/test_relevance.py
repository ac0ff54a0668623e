"""The relevance judgement over the API: ``answered`` and each result's ``match``, in JSON, CSV and md."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.export import NOT_ANSWERED
from qa.retrieval import Searcher
from qa.settings import Settings

ANSWERED = "2022年全球有多少人无家可归？"
UNANSWERED = "How many peacekeepers are deployed in the UN Mission in South Sudan?"


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def test_json_carries_the_judgement(client: TestClient) -> None:
    yes = client.post("/ask", json={"question": ANSWERED, "top_k": 5}).json()
    assert yes["answered"] is True
    assert yes["results"][0]["match"] == "strong" and 0 < yes["results"][0]["relevance"] <= 1
    assert {r["match"] for r in yes["results"]} <= {"strong", "related", "weak"}
    no = client.get("/ask", params={"q": UNANSWERED, "top_k": 5}).json()
    assert no["answered"] is False
    assert no["results"] and all(r["match"] != "strong" for r in no["results"])


def test_the_schema_documents_the_judgement(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert "answered" in schema["AskResponse"]["properties"]
    assert schema["ResultOut"]["properties"]["match"]["enum"] == ["strong", "related", "weak"]


def test_exports_carry_the_judgement(client: TestClient) -> None:
    rows = list(
        csv.DictReader(io.StringIO(client.get("/ask", params={"q": UNANSWERED, "format": "csv"}).text.lstrip("\ufeff")))
    )
    assert rows and {r["answered"] for r in rows} == {"no"}
    assert all(r["match"] in ("related", "weak") for r in rows)
    md = client.get("/ask", params={"q": UNANSWERED, "format": "md"}).text
    assert md.startswith(NOT_ANSWERED)
    answered_md = client.get("/ask", params={"q": ANSWERED, "format": "md"}).text
    assert not answered_md.startswith(NOT_ANSWERED)
    answered_rows = list(
        csv.DictReader(io.StringIO(client.get("/ask", params={"q": ANSWERED, "format": "csv"}).text.lstrip("\ufeff")))
    )
    assert answered_rows[0]["answered"] == "yes" and answered_rows[0]["match"] == "strong"

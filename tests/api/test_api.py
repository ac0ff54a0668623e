"""Every route and every error through the real app, index and model (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    # Room for the fifty concurrent questions below: back-pressure is tested in test_admission.py.
    settings = index_settings.model_copy(update={"max_waiting_questions": 64})
    with TestClient(create_app(settings, searcher=searcher)) as c:
        yield c


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["paragraphs"] >= 248
    assert body["model"].startswith("intfloat/multilingual-e5-small")
    assert len(body["index_fingerprint"]) == 16


def test_post_ask(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "2022年全球有多少人无家可归？", "top_k": 3})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"question", "mode", "language", "took_ms", "answered", "terms", "notes", "results"}
    assert body["notes"] == []
    assert body["mode"] == "hybrid" and len(body["results"]) == 3
    first = body["results"][0]
    assert first["citation"] == "HSP/HA.2/4, para. 19"
    assert first["rank"] == 1 and first["paragraph"] == "19" and first["symbol"] == "HSP/HA.2/4"
    assert first["source"] == "corpus/000_b5f21519506bdb07.txt" and first["lines"] == [76, 76]


def test_get_ask_matches_post(client: TestClient) -> None:
    q = "What did the Committee of Permanent Representatives confirm in the mid-term review?"
    got = client.get("/ask", params={"q": q, "top_k": 4, "mode": "dense"}).json()
    posted = client.post("/ask", json={"question": q, "top_k": 4, "mode": "dense"}).json()
    assert [r["citation"] for r in got["results"]] == [r["citation"] for r in posted["results"]]


def test_ask_filtered_and_null_symbol(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "城乡联系", "documents": ["001_2a97e9fcc96299fc"], "top_k": 2})
    results = r.json()["results"]
    assert results and all(x["symbol"] is None for x in results)
    assert results[0]["citation"].startswith("Executive Board of UN-Habitat, 2020 first session, agenda item 6")


def test_documents(client: TestClient) -> None:
    docs = client.get("/documents").json()
    assert [d["symbol"] for d in docs] == ["HSP/HA.2/4", None, "HSP/HA.2/4/Add.2", "HSP/HA/1/2", None]
    assert {"doc_id", "title", "session", "date", "language", "paragraphs", "source"} <= set(docs[0])


def test_document_by_encoded_symbol(client: TestClient) -> None:
    body = client.get("/documents/HSP%2FHA%2F1%2F2").json()
    assert body["doc_id"] == "003_588044482a18401b"
    assert body["items"][0]["paragraph"] is None and body["items"][1]["paragraph"] == "1"
    assert client.get("/documents/003_588044482a18401b").json()["doc_id"] == body["doc_id"]


def test_paragraph_route(client: TestClient) -> None:
    body = client.get("/documents/HSP%2FHA.2%2F4/paragraphs/19").json()
    assert body["citation_zh"] == "HSP/HA.2/4号文件第19段"
    assert client.get("/documents/000_b5f21519506bdb07/paragraphs/19").json() == body


@pytest.mark.parametrize(
    ("path", "message"),
    [("/documents/nope", "unknown document"), ("/documents/HSP%2FHA.2%2F4/paragraphs/999", "no paragraph")],
)
def test_not_found(client: TestClient, path: str, message: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and message in r.json()["error"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "   "}, 422, "empty"),
        ({"question": "字" * 2001}, 422, "2000"),
        ({"question": 5}, 422, "string"),
        ({"question": None}, 422, "string"),
        ({}, 422, "question is required"),
        ({"question": "x", "top_k": 0}, 422, "top_k"),
        ({"question": "x", "top_k": 51}, 422, "top_k"),
        ({"question": "x", "top_k": 2.5}, 422, "top_k"),
        ({"question": "x", "top_k": "5"}, 422, "top_k"),
        ({"question": "x", "mode": "magic"}, 422, "mode"),
        ({"question": "x", "documents": "HSP/HA.2/4"}, 422, "documents"),
        ({"question": "x", "documents": ["HSP/NOPE"]}, 404, "unknown document"),
        ({"question": "x", "colour": "red"}, 422, "not a known field"),
        ([1, 2], 422, "JSON object"),
        ("a string", 422, "JSON object"),
    ],
)
def test_ask_errors(client: TestClient, body: object, status: int, message: str) -> None:
    r = client.post("/ask", json=body)
    assert r.status_code == status
    assert message in r.json()["error"]


def test_not_json(client: TestClient) -> None:
    r = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["error"]


def test_body_too_large(client: TestClient) -> None:
    r = client.post(
        "/ask", content=b'{"question": "' + b"x" * 70_000 + b'"}', headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and "larger than" in r.json()["error"]


def test_get_ask_errors(client: TestClient) -> None:
    assert client.get("/ask").status_code == 422
    assert client.get("/ask", params={"q": "x", "top_k": "lots"}).status_code == 422
    assert client.get("/ask", params={"q": "x", "mode": "nope"}).status_code == 422


def test_unknown_route(client: TestClient) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and "/docs" in r.json()["error"]


def test_openapi_documents_every_route_and_error(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for route in ["/ask", "/documents", "/documents/{doc_id}", "/documents/{doc_id}/paragraphs/{number}", "/health"]:
        assert route in paths, route
    assert {"200", "404", "413", "422"} <= set(paths["/ask"]["post"]["responses"])
    examples = spec["components"]["schemas"]["AskRequest"]["examples"]
    assert any("人居署" in e["question"] for e in examples) and any(
        "Executive Board" in e["question"] for e in examples
    )
    assert client.get("/docs").status_code == 200


def test_fifty_concurrent_asks_match_single_answers(client: TestClient) -> None:
    questions = [
        "2022年全球有多少人无家可归？",
        "How many legal agreements did UN-Habitat sign between 2020 and 2022?",
        "世界城市论坛第九届会议在哪里举行",
        "resolution 26/2 fund",
        "城乡联系电子学习课程",
    ] * 10
    alone = {
        q: [r["citation"] for r in client.post("/ask", json={"question": q}).json()["results"]] for q in set(questions)
    }

    def ask(q: str) -> tuple[str, int, list[str]]:
        r = client.post("/ask", json={"question": q})
        return q, r.status_code, [x["citation"] for x in r.json()["results"]]

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(ask, questions))
    assert len(answers) == 50
    for q, status, citations in answers:
        assert status == 200 and citations == alone[q]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question=st.one_of(
        st.text(max_size=50),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Co"]), max_size=30),
        st.text(min_size=1900, max_size=2100),
        st.just(""),
        st.just("\x00\x01\x02"),
    ),
    top_k=st.integers(min_value=-5, max_value=60),
)
def test_no_question_gives_a_5xx(client: TestClient, question: str, top_k: int) -> None:
    r = client.post("/ask", json={"question": question, "top_k": top_k})
    assert r.status_code < 500
    if r.status_code != 200:
        assert r.json()["error"]
    g = client.get("/ask", params={"q": question, "top_k": top_k})
    assert g.status_code < 500


def test_cli_json_is_what_post_ask_returns(
    client: TestClient, index_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from qa.cli import app

    monkeypatch.setenv("QA_CACHE_PATH", str(index_settings.cache_path))
    question = "城乡联系电子学习课程"
    result = CliRunner().invoke(
        app,
        [
            "ask",
            question,
            "--json",
            "--top-k",
            "3",
            "--doc",
            "HSP/HA.2/4",
            "--index-dir",
            str(index_settings.index_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    from_cli = json.loads(result.stdout)
    from_api = client.post("/ask", json={"question": question, "top_k": 3, "documents": ["HSP/HA.2/4"]}).json()
    from_cli.pop("took_ms")
    from_api.pop("took_ms")
    assert from_cli == from_api


def test_top_k_accepts_json_whole_numbers(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "执行局", "top_k": 3.0})
    assert r.status_code == 200 and len(r.json()["results"]) == 3


def test_empty_document_entries_are_refused_as_the_schema_says(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    posted = spec["components"]["schemas"]["AskRequest"]["properties"]["documents"]["anyOf"][0]["items"]
    (doc_param,) = [p for p in spec["paths"]["/ask"]["get"]["parameters"] if p["name"] == "doc"]
    for items in (posted, doc_param["schema"]["anyOf"][0]["items"]):
        assert items["minLength"] == 1 and items["pattern"] == r"\S"
    for r in (
        client.post("/ask", json={"question": "x", "documents": [""]}),
        client.post("/ask", json={"question": "x", "documents": ["HSP/HA.2/4", "  "]}),
        client.get("/ask", params={"q": "x", "doc": ""}),
    ):
        assert r.status_code == 422 and "is empty: give a doc_id or symbol" in r.json()["error"]
    for documents in (None, []):
        assert client.post("/ask", json={"question": "执行局", "documents": documents}).status_code == 200

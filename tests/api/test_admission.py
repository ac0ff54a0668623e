"""Back-pressure: beyond QA_MAX_WAITING_QUESTIONS questions, 503 with Retry-After (real app, index, model)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings

LONG = ("联合国人居署执行局审议了战略计划执行情况、财务状况、利益攸关方参与政策和城乡联系，" * 60)[:1990]


@pytest.fixture(scope="module")
def small_client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    settings = index_settings.model_copy(update={"max_waiting_questions": 2})
    with TestClient(create_app(settings, searcher=searcher)) as c:
        yield c


def test_beyond_the_limit_a_question_gets_503_with_retry_after(small_client: TestClient) -> None:
    n = 10
    start = threading.Barrier(n)
    answers: list[tuple[int, dict[str, str], dict[str, object]]] = []

    def ask(i: int) -> None:
        start.wait()
        r = small_client.post("/ask", json={"question": f"{i}{LONG}", "top_k": 1})
        answers.append((r.status_code, dict(r.headers), r.json()))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    statuses = sorted(status for status, _, _ in answers)
    assert len(answers) == n and set(statuses) == {200, 503}, statuses
    assert statuses.count(200) >= 2  # the first two are always let in
    for status, headers, body in answers:
        if status == 503:
            assert 1 <= int(headers["retry-after"]) <= 60
            assert "QA_MAX_WAITING_QUESTIONS" in str(body["error"]) and body["status"] == 503
        else:
            assert body["results"] and body["notes"]  # a long question: the cut is reported
    # The places are given back: the service answers again.
    assert small_client.app.state.question_gate.inside == 0  # type: ignore[attr-defined]
    assert small_client.post("/ask", json={"question": "执行局的决定"}).status_code == 200


def test_the_503_is_documented(small_client: TestClient) -> None:
    spec = small_client.get("/openapi.json").json()
    busy = spec["paths"]["/ask"]["post"]["responses"]["503"]
    assert "Retry-After" in busy["headers"] and "too many questions" in busy["description"]


def test_long_question_notes_say_it_was_cut(small_client: TestClient) -> None:
    body = small_client.post("/ask", json={"question": LONG, "top_k": 3}).json()
    assert len(body["notes"]) == 1 and "first 256 tokens" in body["notes"][0]
    assert small_client.post("/ask", json={"question": LONG, "mode": "bm25"}).json()["notes"] == []
    assert small_client.get("/ask", params={"q": "执行局的决定"}).json()["notes"] == []

"""Judging over HTTP on a real server: the admin token, set names, concurrent saves, pooling."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from api.server import running_server
from eval.datasets import load_question_set
from qa.retrieval import Searcher
from qa.settings import Settings

TOKEN = "judge-secret"
AUTH = {"authorization": f"Bearer {TOKEN}"}
QUESTION = "2022年全球有多少人无家可归？"


@pytest.fixture(scope="module")
def questions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("questions")


@pytest.fixture(scope="module")
def url(searcher: Searcher, index_settings: Settings, questions_dir: Path) -> Iterator[str]:
    settings = index_settings.model_copy(update={"admin_token": TOKEN, "questions_dir": questions_dir})
    with running_server(create_app(settings, searcher=searcher)) as base:
        yield base


@pytest.fixture(scope="module")
def hits(searcher: Searcher) -> list[dict[str, str]]:
    found = searcher.search(QUESTION, top_k=10).hits
    return [{"doc": h.doc_id, "paragraph": h.paragraph} for h in found if h.paragraph is not None]


def test_nothing_is_written_without_the_token(
    searcher: Searcher, index_settings: Settings, url: str, questions_dir: Path, hits: list[dict[str, str]]
) -> None:
    body = {"set": "nothing", "question": QUESTION, "relevant": hits[:1], "who": "tester"}
    off = index_settings.model_copy(update={"admin_token": None, "questions_dir": questions_dir})
    with running_server(create_app(off, searcher=searcher)) as base:
        r = httpx.post(f"{base}/judgements", json=body, headers=AUTH)
        assert r.status_code == 403 and "QA_ADMIN_TOKEN" in r.json()["error"]
        assert httpx.get(f"{base}/judgements/pool", params={"set": "nothing"}).status_code == 403
    assert httpx.post(f"{url}/judgements", json=body).status_code == 401
    r = httpx.post(f"{url}/judgements", json=body, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json()["error"] == "wrong admin token"
    assert httpx.get(f"{url}/judgements/sets").status_code == 401
    assert not list(questions_dir.glob("nothing*"))


def test_a_judged_question_is_saved_in_the_set_format(
    url: str, questions_dir: Path, hits: list[dict[str, str]]
) -> None:
    body = {
        "set": "page",
        "question": QUESTION,
        "lang": "zh",
        "relevant": hits[:1],
        "not_relevant": hits[1:3],
        "who": "tester",
    }
    r = httpx.post(f"{url}/judgements", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    row = r.json()["question"]
    assert row["id"] == "page-0001" and row["relevant"] == hits[:1] and row["not_relevant"] == hits[1:3]
    assert row["judged"][0]["who"] == "tester" and row["judged"][0]["when"].endswith("+00:00")
    qset = load_question_set(questions_dir / "page.jsonl")  # the evaluation reads it as any set
    assert qset.questions[0].question == QUESTION and qset.questions[0].relevant == {
        (hits[0]["doc"], hits[0]["paragraph"]): 1
    }
    sets = httpx.get(f"{url}/judgements/sets", headers=AUTH).json()
    assert {"set": "page", "questions": 1} in sets


@pytest.mark.parametrize("name", ["../escape", "a/b", "..", ".hidden", "x" * 65, "", "nul\x00"])
def test_set_names_are_plain_file_names(url: str, questions_dir: Path, name: str, hits: list[dict[str, str]]) -> None:
    body = {"set": name, "question": QUESTION, "relevant": hits[:1], "who": "tester"}
    r = httpx.post(f"{url}/judgements", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    assert "error" in r.json()
    assert not list(questions_dir.parent.glob("escape*"))


def test_bad_judgements_are_clear_errors(url: str, hits: list[dict[str, str]]) -> None:
    base = {"set": "bad", "question": QUESTION, "who": "tester"}
    r = httpx.post(
        f"{url}/judgements", json={**base, "relevant": [{"doc": "HSP/HA.2/4", "paragraph": "999"}]}, headers=AUTH
    )
    assert r.status_code == 404 and "999" in r.json()["error"]
    r = httpx.post(
        f"{url}/judgements", json={**base, "relevant": [{"doc": "NO/SUCH/DOC", "paragraph": "1"}]}, headers=AUTH
    )
    assert r.status_code == 404
    r = httpx.post(f"{url}/judgements", json={**base, "relevant": []}, headers=AUTH)
    assert r.status_code == 400 and "mark at least one" in r.json()["error"]
    r = httpx.post(f"{url}/judgements", json={**base, "relevant": hits[:1], "not_relevant": hits[:1]}, headers=AUTH)
    assert r.status_code == 400
    r = httpx.post(f"{url}/judgements", json={**base, "question": "", "relevant": hits[:1]}, headers=AUTH)
    assert r.status_code == 422


def test_concurrent_saves_lose_nothing(url: str, questions_dir: Path, hits: list[dict[str, str]]) -> None:
    def new_question(i: int) -> int:
        body = {"set": "busy", "question": f"{QUESTION} ({i})", "relevant": hits[:1], "who": f"judge {i}"}
        return httpx.post(f"{url}/judgements", json=body, headers=AUTH, timeout=60).status_code

    def more_hits(i: int) -> int:
        body = {"set": "busy", "question": QUESTION, "relevant": [hits[i]], "who": f"judge {i}"}
        return httpx.post(f"{url}/judgements", json=body, headers=AUTH, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(new_question, range(16))) + list(pool.map(more_hits, range(len(hits))))
    assert codes == [200] * len(codes)
    rows = [json.loads(line) for line in (questions_dir / "busy.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 17 and len({r["id"] for r in rows}) == 17
    shared = next(r for r in rows if r["question"] == QUESTION)
    assert sorted((r["doc"], r["paragraph"]) for r in shared["relevant"]) == sorted(
        (h["doc"], h["paragraph"]) for h in hits
    )
    assert len(shared["judged"]) == len(hits)


def test_pool_shows_only_unjudged_hits(url: str, questions_dir: Path, hits: list[dict[str, str]]) -> None:
    body = {"set": "pooled", "question": QUESTION, "relevant": hits[:2], "who": "tester"}
    assert httpx.post(f"{url}/judgements", json=body, headers=AUTH).status_code == 200
    pool = httpx.get(f"{url}/judgements/pool", params={"set": "pooled"}, headers=AUTH, timeout=60).json()
    assert len(pool) == 1 and pool[0]["id"] == "pooled-0001" and pool[0]["judged"] == 2
    shown = {(h["doc_id"], h["paragraph"]) for h in pool[0]["hits"]}
    assert shown and not shown & {(h["doc"], h["paragraph"]) for h in hits[:2]}
    assert all(set(h["ranks"]) <= {"hybrid", "dense", "bm25"} and h["ranks"] for h in pool[0]["hits"])
    # Judging every pooled hit empties the pool.
    rest = [{"doc": d, "paragraph": p} for d, p in shown]
    r = httpx.post(
        f"{url}/judgements",
        json={"set": "pooled", "question_id": "pooled-0001", "not_relevant": rest, "who": "tester"},
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    assert httpx.get(f"{url}/judgements/pool", params={"set": "pooled"}, headers=AUTH, timeout=60).json() == []
    assert httpx.get(f"{url}/judgements/pool", params={"set": "absent"}, headers=AUTH).status_code == 404

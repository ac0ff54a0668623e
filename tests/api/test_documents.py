"""``/documents``: entries by id, footnotes in hits and paragraphs; uploads and deletes with an admin token."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.main import create_app
from index.embedding import Embedder
from qa.retrieval import Searcher
from qa.service import build_from_settings
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR


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


# -- writes: POST /documents and DELETE /documents/{doc_id} ---------------------------------------

TOKEN = "s3cret-token"
DATA = Path(__file__).parent.parent / "corpus" / "data"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    r = client.post("/documents", files={"file": ("a.txt", b"1. x.")})
    assert r.status_code == 403 and "QA_ADMIN_TOKEN" in r.json()["error"]
    r = client.delete("/documents/004_723cbf81696a18db", headers=AUTH)
    assert r.status_code == 403 and "QA_ADMIN_TOKEN" in r.json()["error"]


@pytest.fixture
def admin(tmp_path: Path, embedder: Embedder) -> Iterator[tuple[TestClient, Settings]]:
    """An app on a temporary corpus (one small bundled document) with writes enabled."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = "004_723cbf81696a18db.txt"
    (folder / name).write_bytes((CORPUS_DIR / name).read_bytes())
    cache = Path(os.environ.get("QA_TEST_CACHE", PROJECT_ROOT / "var" / "test-embedding-cache.sqlite"))
    settings = Settings(
        corpus_dir=folder,
        index_dir=tmp_path / "index",
        cache_path=cache,
        parse_cache_dir=tmp_path / "parse-cache",
        admin_token=TOKEN,
        max_upload_bytes=200_000,
    )
    build_from_settings(settings, progress=False)
    searcher = Searcher.open(settings, embedder=embedder)
    with TestClient(create_app(settings, searcher=searcher)) as c:
        yield c, settings


def _upload(client: TestClient, path: Path, **form: str) -> Response:
    return client.post("/documents", files={"file": (path.name, path.read_bytes())}, data=form, headers=AUTH)


def test_token_is_required_and_checked(admin: tuple[TestClient, Settings]) -> None:
    client, settings = admin
    report = (DATA / "en_only_report.txt").read_bytes()
    r = client.post("/documents", files={"file": ("r.txt", report)})
    assert r.status_code == 401 and "Bearer" in r.json()["error"]
    r = client.post("/documents", files={"file": ("r.txt", report)}, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 403 and r.json()["error"] == "wrong admin token"
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["004_723cbf81696a18db.txt"]


def test_upload_is_served_at_once_then_removed(admin: tuple[TestClient, Settings]) -> None:
    client, settings = admin
    before = client.get("/health").json()["paragraphs"]
    r = _upload(client, DATA / "en_only_report.txt")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "added" and body["symbol"] == "HSP/EB.2099/7" and body["language"] == "en"
    assert body["numbered_paragraphs"] == 6 and body["footnotes"] == 1
    assert body["paragraphs_indexed"] == before + 7 == client.get("/health").json()["paragraphs"]

    hits = client.post("/ask", json={"question": "Contributions to the non-earmarked fund amounted to"}).json()
    assert "HSP/EB.2099/7, para. 3" in [h["citation"] for h in hits["results"][:3]]
    p5 = client.get("/documents/HSP%2FEB.2099%2F7/paragraphs/5").json()
    assert p5["footnotes"][0]["text"].endswith("https://example.org/pilot-cities.")

    again = _upload(client, DATA / "en_only_report.txt")
    assert again.status_code == 200 and again.json()["status"] == "already indexed"

    changed = (DATA / "en_only_report.txt").read_bytes().replace(b"4.2 million", b"4.4 million")
    files = {"file": ("v2.txt", changed)}
    conflict = client.post("/documents", files=files, headers=AUTH)
    assert conflict.status_code == 409 and "replace" in conflict.json()["error"]
    replaced = client.post("/documents", files=files, data={"replace": "true"}, headers=AUTH)
    assert replaced.status_code == 201 and replaced.json()["replaced"] == body["doc_id"]
    assert "4.4 million" in client.get("/documents/HSP%2FEB.2099%2F7/paragraphs/3").json()["text"]

    kept = client.delete("/documents/004_723cbf81696a18db", headers=AUTH)
    assert kept.status_code == 400 and "never deletes" in kept.json()["error"]
    gone = client.delete("/documents/HSP/EB.2099/7", headers=AUTH)
    assert gone.status_code == 200, gone.text
    assert gone.json()["paragraphs_indexed"] == before
    assert client.get("/documents/HSP%2FEB.2099%2F7").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("tool.exe", b"MZ\x90\x00", 400, "unsupported file type '.exe'"),
        ("empty.txt", b"", 400, "the file is empty"),
        ("gbk.txt", "1. 第一段。".encode("gbk"), 400, "not UTF-8"),
        ("big.txt", b"1. x. " * 50_000, 413, "larger than"),
    ],
)
def test_bad_uploads_are_clear_errors(
    admin: tuple[TestClient, Settings], name: str, data: bytes, status: int, words: str
) -> None:
    client, settings = admin
    r = client.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert r.status_code == status and words in r.json()["error"], r.text
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["004_723cbf81696a18db.txt"]
    assert client.get("/health").json()["documents"] == 1


def test_two_uploads_at_once_and_questions_during_the_swap(admin: tuple[TestClient, Settings]) -> None:
    client, _ = admin
    paths = [DATA / "en_only_report.txt", DATA / "hsp_ha_2_4_en_excerpt.txt"]
    with ThreadPoolExecutor(4) as pool:
        uploads = [pool.submit(_upload, client, p) for p in paths]
        asks = [pool.submit(client.post, "/ask", json={"question": "人居署的旗舰方案有哪些？"}) for _ in range(6)]
        statuses = [f.result().status_code for f in uploads]
        asked = [f.result().status_code for f in asks]
    assert statuses == [201, 201]
    assert asked == [200] * 6
    health = client.get("/health").json()
    assert health["documents"] == 3
    assert {d["symbol"] for d in client.get("/documents").json()} >= {"HSP/EB.2099/7", "HSP/HA.2/4"}


def test_delete_with_lang_removes_only_that_version(admin: tuple[TestClient, Settings]) -> None:
    """``DELETE /documents/{symbol}?lang=fr`` takes out the French version and keeps the English one."""
    client, _ = admin
    report = (DATA / "en_only_report.txt").read_bytes()
    english = _upload(client, DATA / "en_only_report.txt")
    assert english.status_code == 201, english.text
    french = client.post("/documents", files={"file": ("fr.txt", report + b"\n")}, data={"lang": "fr"}, headers=AUTH)
    assert french.status_code == 201, french.text
    assert french.json()["doc_id"] != english.json()["doc_id"]

    gone = client.delete("/documents/HSP/EB.2099/7?lang=fr", headers=AUTH)
    assert gone.status_code == 200, gone.text
    assert gone.json()["doc_id"] == french.json()["doc_id"]
    left = {d["doc_id"]: d["language"] for d in client.get("/documents").json()}
    assert left.get(english.json()["doc_id"]) == "en" and french.json()["doc_id"] not in left

    missing = client.delete("/documents/HSP/EB.2099/7?lang=ru", headers=AUTH)
    assert missing.status_code == 404, missing.text
    assert english.json()["doc_id"] in {d["doc_id"] for d in client.get("/documents").json()}

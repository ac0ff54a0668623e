"""Hostile uploads and upload floods against a real uvicorn server: refused with the limit named,
nothing written, and /health and /ask answered throughout (real model, index, worker processes)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from api.server import running_server
from index.embedding import Embedder
from qa.retrieval import Searcher
from qa.service import build_from_settings
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR
from tests.fixtures.hostile_files import bomb_pdf, huge_xml_docx, long_paragraph_txt, many_paragraphs_txt, slow_pdf

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BUNDLED = "004_723cbf81696a18db.txt"
QUESTION = {"question": "执行局的决定", "top_k": 3}


@dataclass
class Served:
    url: str
    settings: Settings
    app: object
    files: list[str] = field(default_factory=list)


def _settings(tmp: Path, **limits: object) -> Settings:
    folder = tmp / "corpus"
    folder.mkdir()
    (folder / BUNDLED).write_bytes((CORPUS_DIR / BUNDLED).read_bytes())
    cache = Path(os.environ.get("QA_TEST_CACHE", PROJECT_ROOT / "var" / "test-embedding-cache.sqlite"))
    return Settings(
        corpus_dir=folder,
        index_dir=tmp / "index",
        cache_path=cache,
        parse_cache_dir=tmp / "parse-cache",
        admin_token=TOKEN,
        max_upload_bytes=5_000_000,
        **limits,  # type: ignore[arg-type]
    )


@pytest.fixture
def served(tmp_path: Path, embedder: Embedder, request: pytest.FixtureRequest) -> Iterator[Served]:
    limits = getattr(request, "param", {})
    settings = _settings(tmp_path, **limits)
    build_from_settings(settings, progress=False)
    app = create_app(settings, searcher=Searcher.open(settings, embedder=embedder))
    with running_server(app) as url:
        assert httpx.post(f"{url}/ask", json=QUESTION, timeout=120).status_code == 200  # the model is warm
        yield Served(url, settings, app, sorted(p.name for p in settings.corpus_dir.iterdir()))


LOW = {
    "parse_max_seconds": 3.0,
    "parse_max_inflated_mb": 4.0,
    "parse_max_paragraphs": 100,
    "parse_max_paragraph_chars": 2000,
}


def _probe(url: str, stop: threading.Event, seen: list[tuple[str, int, float]]) -> None:
    """Ask /health and /ask in turn until ``stop``, recording status and latency."""
    with httpx.Client(base_url=url, timeout=60) as client:
        while not stop.is_set():
            for method, path, body in (("GET", "/health", None), ("POST", "/ask", QUESTION)):
                started = time.perf_counter()
                r = client.request(method, path, json=body)
                seen.append((path, r.status_code, time.perf_counter() - started))
            time.sleep(0.05)


@pytest.mark.parametrize("served", [LOW], indirect=True)
def test_hostile_uploads_are_refused_naming_the_limit_while_questions_are_answered(
    served: Served, tmp_path: Path, un_docx: dict[str, Path]
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    cases = [
        (bomb_pdf(files / "bomb.pdf", inflated=32_000_000), 413, "QA_PARSE_MAX_INFLATED_MB"),
        (
            huge_xml_docx(files / "big.docx", like=un_docx["english"], xml_bytes=6_000_000),
            413,
            "QA_PARSE_MAX_INFLATED_MB",
        ),
        (many_paragraphs_txt(files / "many.txt", n=150), 413, "QA_PARSE_MAX_PARAGRAPHS"),
        (long_paragraph_txt(files / "long.txt", chars=5000), 413, "QA_PARSE_MAX_PARAGRAPH_CHARS"),
        (slow_pdf(files / "slow.pdf"), 422, "QA_PARSE_MAX_SECONDS"),
    ]
    stop = threading.Event()
    seen: list[tuple[str, int, float]] = []
    probe = threading.Thread(target=_probe, args=(served.url, stop, seen))
    probe.start()
    try:
        with httpx.Client(base_url=served.url, timeout=120) as client:
            for path, status, setting in cases:
                before = len(seen)
                started = time.perf_counter()
                r = client.post("/documents", files={"file": (path.name, path.read_bytes())}, headers=AUTH)
                took = time.perf_counter() - started
                assert r.status_code == status, r.text
                assert setting in r.json()["error"] and path.name in r.json()["error"]
                assert sorted(p.name for p in served.settings.corpus_dir.iterdir()) == served.files
                if setting == "QA_PARSE_MAX_SECONDS":
                    assert 3.0 <= took < 15
                    during = seen[before:]
                    assert {p for p, _, _ in during} == {"/health", "/ask"}, (before, seen)  # answered during the parse
    finally:
        stop.set()
        probe.join(timeout=60)
    assert seen and all(status == 200 for _, status, _ in seen), [s for s in seen if s[1] != 200]
    with httpx.Client(base_url=served.url) as client:
        assert client.get("/health").json()["documents"] == 1


@pytest.mark.parametrize("served", [{"parse_max_seconds": 8.0, "max_waiting_uploads": 40}], indirect=True)
def test_45_uploads_behind_a_slow_one_neither_starve_questions_nor_pile_up(served: Served, tmp_path: Path) -> None:
    slow = slow_pdf(tmp_path / "slow.pdf", chars=300_000).read_bytes()  # ~24 s of work on an idle core: stopped at 8 s
    bad = "1. 第一段。".encode("gbk")  # refused quickly by the reader (not UTF-8)
    pool_limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    shared = httpx.Client(base_url=served.url, timeout=300, limits=pool_limits)

    def upload(name: str, data: bytes) -> httpx.Response:
        return shared.post("/documents", files={"file": (name, data)}, headers=AUTH)

    stop = threading.Event()
    seen: list[tuple[str, int, float]] = []
    probe = threading.Thread(target=_probe, args=(served.url, stop, seen))
    with ThreadPoolExecutor(45) as pool:
        first = pool.submit(upload, "slow.pdf", slow)
        time.sleep(1.0)  # the slow one has its turn
        rest = [pool.submit(upload, f"bad{i}.txt", bad) for i in range(44)]
        probe.start()
        with httpx.Client(base_url=served.url, timeout=30) as client:
            listed = client.get("/documents")
        answers = [f.result() for f in rest]
        slow_answer = first.result()
    stop.set()
    probe.join(timeout=60)
    shared.close()
    assert slow_answer.status_code == 422 and "QA_PARSE_MAX_SECONDS" in slow_answer.json()["error"]
    assert listed.status_code == 200
    statuses = sorted(r.status_code for r in answers)
    # 40 places: the slow one and 39 more are let in (and refused by the reader), 5 get 503 at once.
    assert statuses == [400] * 39 + [503] * 5, statuses
    for r in answers:
        if r.status_code == 503:
            assert 1 <= int(r.headers["retry-after"]) <= 600 and "QA_MAX_WAITING_UPLOADS" in r.json()["error"]
        else:
            assert "not UTF-8" in r.json()["error"]
    assert seen and all(status == 200 for _, status, _ in seen), [s for s in seen if s[1] != 200]
    assert max(t for _, _, t in seen) < 10, sorted(t for _, _, t in seen)[-5:]
    assert served.app.state.upload_queue.inside == 0  # type: ignore[attr-defined]
    assert sorted(p.name for p in served.settings.corpus_dir.iterdir()) == served.files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigterm_does_not_wait_for_a_parse(tmp_path: Path, embedder: Embedder) -> None:
    settings = _settings(tmp_path, parse_max_seconds=120.0)
    build_from_settings(settings, progress=False)
    port = _free_port()
    env = {
        **os.environ,
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_CACHE_PATH": str(settings.cache_path),
        "QA_PARSE_CACHE_DIR": str(settings.parse_cache_dir),
        "QA_ADMIN_TOKEN": TOKEN,
        "QA_PARSE_MAX_SECONDS": "120",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "qa serve did not start"
            time.sleep(0.5)
        slow = slow_pdf(tmp_path / "slow.pdf", chars=200_000).read_bytes()  # minutes of parsing
        answers: list[object] = []

        def upload() -> None:
            try:
                r = httpx.post(f"{url}/documents", files={"file": ("slow.pdf", slow)}, headers=AUTH, timeout=120)
                answers.append(r.status_code)
            except httpx.HTTPError as exc:
                answers.append(type(exc).__name__)

        thread = threading.Thread(target=upload)
        thread.start()
        time.sleep(3.0)  # the worker is parsing
        assert thread.is_alive()
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert time.monotonic() - started < 15
        thread.join(timeout=30)
        assert answers and answers[0] in (503, "RemoteProtocolError", "ReadError", "ConnectError"), answers
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == [BUNDLED]


def test_a_bad_file_in_the_corpus_folder_is_skipped_at_start(
    tmp_path: Path, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path, parse_max_inflated_mb=4.0, parse_max_seconds=3.0)
    bomb_pdf(settings.corpus_dir / "bomb.pdf", inflated=32_000_000)
    slow_pdf(settings.corpus_dir / "slow.pdf")
    started = time.monotonic()
    with caplog.at_level("WARNING", logger="corpus.loading"):
        build_from_settings(settings, progress=False)
    assert time.monotonic() - started < 60
    assert "bomb.pdf" in caplog.text and "QA_PARSE_MAX_INFLATED_MB" in caplog.text
    assert "slow.pdf" in caplog.text and "QA_PARSE_MAX_SECONDS" in caplog.text
    app = create_app(settings, searcher=Searcher.open(settings, embedder=embedder))
    with running_server(app) as url:
        health = httpx.get(f"{url}/health", timeout=60)
        assert health.status_code == 200 and health.json()["documents"] == 1
        assert httpx.post(f"{url}/ask", json=QUESTION, timeout=120).status_code == 200

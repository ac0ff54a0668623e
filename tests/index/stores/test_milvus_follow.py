"""A server on Milvus follows the alias another process moves (issue 22, item 4): the document list, the
document filter and the ``/health`` counts are the new generation's, not the ones it opened with.

Against the session's real ``milvus-lite server``: a real ``qa serve`` process (uvicorn) with
``QA_STORE=milvus`` on a corpus of one bundled document, and a second process that runs ``qa add`` and
then ``qa remove`` (each builds a new generation and moves the alias). No restart in between.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from corpus.loading import load_corpus
from index.embedding import Embedder
from index.stores.milvus import MilvusConfig, MilvusStore, build_milvus
from index.stores.server import MilvusServer, free_port
from qa.retrieval import Searcher
from qa.service import IndexFollower
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import BILINGUAL_DIR, CORPUS_DIR

BUNDLED = "004_723cbf81696a18db.txt"
ADDED = BILINGUAL_DIR / "en_only_urban_heat.txt"
QUESTION = "urban heat islands cooling pilot"
FOLLOW_DEADLINE_S = 60.0
"""How long the test waits for the server to follow. The 2 s the issue asks is a benchmark figure
(`qa bench`, "follow"): a timed assertion here failed on a loaded machine (2.7 s at load 5 on 2 cores)."""


@pytest.fixture
def env(tmp_path: Path, index_settings: Settings, milvus_server: MilvusServer) -> dict[str, str]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / BUNDLED).write_bytes((CORPUS_DIR / BUNDLED).read_bytes())
    return {
        **os.environ,
        "QA_STORE": "milvus",
        "QA_MILVUS_URI": milvus_server.uri,
        "QA_MILVUS_COLLECTION": f"follow_{os.getpid()}_{time.monotonic_ns()}",
        "QA_MILVUS_INDEX_TYPE": "FLAT",
        "QA_CORPUS_DIR": str(folder),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_PARSE_CACHE_DIR": str(tmp_path / "parse-cache"),
        "QA_CACHE_PATH": str(index_settings.cache_path),  # shared: nothing is embedded twice across tests
    }


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        assert proc.poll() is None, f"qa serve ended: {(tmp_path / 'serve.log').read_text()[-3000:]}"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _qa(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _until(url: str, documents: int) -> tuple[dict[str, Any], float]:
    """``/health`` once it counts ``documents`` (or after the deadline), and the seconds it took."""
    started = time.monotonic()
    while True:
        health = httpx.get(f"{url}/health", timeout=10).json()
        waited = time.monotonic() - started
        if health["documents"] == documents or waited > FOLLOW_DEADLINE_S:
            return health, waited
        time.sleep(0.05)


def _listed(url: str) -> set[str]:
    response = httpx.get(f"{url}/documents", timeout=10)
    assert response.status_code == 200, response.text
    return {d["doc_id"] for d in response.json()}


def _ask(url: str, documents: list[str] | None = None) -> httpx.Response:
    body: dict[str, Any] = {"question": QUESTION, "top_k": 10, "mode": "bm25"}
    if documents is not None:
        body["documents"] = documents
    return httpx.post(f"{url}/ask", json=body, timeout=30)


def test_a_milvus_server_follows_qa_add_and_qa_remove_in_another_process(server: str, env: dict[str, str]) -> None:
    before = httpx.get(f"{server}/health", timeout=10).json()
    assert before["documents"] == 1 and before["faiss_type"] == "milvus-FLAT"
    opened = _listed(server)
    assert len(opened) == 1

    out = _qa(env, "add", str(ADDED))
    doc_id = out.split(": added ", 1)[1].split()[0]
    added, waited = _until(server, 2)
    assert added["documents"] == 2, f"the server still counts {added['documents']} documents after {waited:.1f} s"
    assert added["paragraphs"] > before["paragraphs"]
    assert added["index_generation"] != before["index_generation"]
    assert _listed(server) == opened | {doc_id}  # the document list is the new generation's
    detail = httpx.get(f"{server}/documents/{doc_id}", timeout=10)
    assert detail.status_code == 200 and detail.json()["items"]
    only = _ask(server, [doc_id])  # the filter knows the new document (it answered 404 before the fix)
    assert only.status_code == 200, only.text
    assert only.json()["results"] and {h["doc_id"] for h in only.json()["results"]} == {doc_id}

    _qa(env, "remove", doc_id)
    removed, waited = _until(server, 1)
    assert removed["documents"] == 1, f"the server still counts {removed['documents']} documents after {waited:.1f} s"
    assert removed["index_generation"] not in (before["index_generation"], added["index_generation"])
    assert _listed(server) == opened
    gone = _ask(server, [doc_id])
    assert gone.status_code == 404 and doc_id in gone.json()["error"]
    assert doc_id not in {h["doc_id"] for h in _ask(server).json()["results"]}


def test_the_follower_swaps_once_per_generation(
    tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder
) -> None:
    """In process: no move, no swap; a build elsewhere moves the alias: one swap to a searcher whose documents
    are the new generation's, while the old searcher's store still names the generation it was opened on."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / BUNDLED).write_bytes((CORPUS_DIR / BUNDLED).read_bytes())
    config = MilvusConfig(uri=milvus_server.uri, collection="follow_swap", index_type="FLAT")
    build_milvus(load_corpus(folder), embedder, config, progress=False)
    first = Searcher(MilvusStore.open(config), embedder)
    served = [first]
    settings = Settings(store="milvus", milvus_uri=config.uri, milvus_collection=config.collection)
    follower = IndexFollower(settings, current=lambda: served[-1], swap=served.append, interval=0.0)
    assert not follower.check() and served == [first]

    (folder / ADDED.name).write_bytes(ADDED.read_bytes())
    build_milvus(load_corpus(folder), embedder, config, progress=False)
    follower._watched = 0.0  # the next look is not held back by the watch interval
    assert follower.check() and len(served) == 2
    fresh = served[-1]
    assert len(fresh.documents) == 2 and len(first.documents) == 1
    assert fresh.store.opened != first.store.opened  # type: ignore[attr-defined]
    assert fresh.index.manifest.documents == 2
    follower._watched = 0.0
    assert not follower.check() and len(served) == 2

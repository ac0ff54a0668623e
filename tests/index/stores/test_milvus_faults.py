"""Milvus faults against a real ``milvus-lite server`` process of this module's own: frozen (SIGSTOP),
stopped and restarted, and rebuilt by another process while a store reads it."""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from corpus.loading import load_corpus
from index.embedding import Embedder
from index.stores.milvus import KEEP, Client, MilvusConfig, MilvusStore, build_milvus
from index.stores.milvus.connection import PAUSE
from index.stores.server import MilvusServer, free_port
from qa.exceptions import StoreUnavailable
from qa.retrieval import Searcher
from qa.service import build_from_settings
from qa.settings import PROJECT_ROOT, Settings

TINY = """---
symbol: HSP/EB.2023/1
title: 小型测试文件
---

1. 执行局批准了利益攸关方参与政策。

2. 人居署与世界卫生组织合作应对 COVID-19 大流行。

3. 城市固体废物管理和塑料污染问题。
"""

TIMEOUT = 2.0
QUESTION = {"question": "城市固体废物管理", "top_k": 3}


def _corpus(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.txt").write_text(TINY + extra, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MilvusServer]:
    root = tmp_path_factory.mktemp("milvus-faults")
    server = MilvusServer(root / "data", free_port(), root / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def served(server: MilvusServer, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> MilvusStore:
    config = MilvusConfig(uri=server.uri, collection="faults", index_type="FLAT", timeout=TIMEOUT)
    build_milvus(load_corpus(_corpus(tmp_path_factory.mktemp("faults") / "corpus")), embedder, config, progress=False)
    return MilvusStore.open(config, model=embedder.name, dim=embedder.dim)


def _recovered(client: TestClient, path: str, body: dict[str, object] | None = None) -> int:
    deadline = time.monotonic() + 60
    while True:
        status = (client.post(path, json=body) if body else client.get(path)).status_code
        if status == 200 or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


def test_a_frozen_milvus_is_a_503_within_the_timeout(
    server: MilvusServer, served: MilvusStore, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    """SIGSTOP: the TCP connection stays open and nothing answers. A question and /health each fail
    with a 503 naming the server within about the configured timeout (2 s here), not after
    pymilvus's retries; pymilvus logs no traceback blocks, our one line says what happened."""
    app = create_app(searcher=Searcher(served, embedder))
    with TestClient(app) as client:
        before = client.post("/ask", json=QUESTION)
        assert before.status_code == 200 and client.get("/health").status_code == 200
        started = time.monotonic()
        assert client.post("/ask", json=QUESTION).status_code == 200
        healthy = time.monotonic() - started
        caplog.clear()
        vector = embedder.encode_queries(["城市固体废物管理"])
        server.freeze()
        try:
            started = time.monotonic()  # the store alone: one deadline, then "unavailable" at once
            with pytest.raises(StoreUnavailable, match="did not answer within 2 s"):
                served.dense_search(vector, 3)
            with pytest.raises(StoreUnavailable, match="a moment ago"):
                served.lexical_search([["城市"]], 3)
            searched = time.monotonic() - started
            time.sleep(PAUSE)  # the store tries again after its pause: the question waits once more
            started = time.monotonic()
            down = client.post("/ask", json=QUESTION)
            asked = time.monotonic() - started
            started = time.monotonic()
            health = client.get("/health")
            checked = time.monotonic() - started
        finally:
            server.thaw()
        assert down.status_code == 503 and health.status_code == 503
        assert server.uri in down.json()["error"] and "did not answer" in down.json()["error"]
        assert server.uri in health.json()["error"]
        assert searched < TIMEOUT + 1.5, f"the store took {searched:.1f} s to fail"
        # One deadline more than a healthy question (before: 76 s for a 10 s timeout).
        assert asked < healthy + TIMEOUT + 3, f"the question took {asked:.1f} s to fail ({healthy:.1f} s healthy)"
        assert checked < TIMEOUT + 1.5, f"/health took {checked:.1f} s to fail"
        assert not [r for r in caplog.records if r.name.startswith("pymilvus")]
        ours = [r for r in caplog.records if r.name == "index.stores.milvus.connection"]
        assert ours and all("Traceback" not in r.getMessage() for r in ours)
        assert _recovered(client, "/ask", QUESTION) == 200
        assert client.post("/ask", json=QUESTION).json()["results"] == before.json()["results"]
        assert client.get("/health").status_code == 200


def test_health_reports_a_stopped_milvus(server: MilvusServer, served: MilvusStore, embedder: Embedder) -> None:
    app = create_app(searcher=Searcher(served, embedder))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        server.stop()
        try:
            started = time.monotonic()
            down = client.get("/health")
            assert time.monotonic() - started < TIMEOUT + 3  # a margin for a loaded machine; no timeout would hang
        finally:
            server.start()
        assert down.status_code == 503 and server.uri in down.json()["error"]
        assert _recovered(client, "/health") == 200
        assert client.post("/ask", json=QUESTION).status_code == 200


def _settings(server: MilvusServer, tmp_path: Path, collection: str) -> Settings:
    return Settings(
        corpus_dir=tmp_path / "corpus",
        index_dir=tmp_path / "index",
        cache_path=tmp_path / "cache.sqlite",
        store="milvus",
        milvus_uri=server.uri,
        milvus_collection=collection,
        milvus_index_type="FLAT",
        milvus_timeout=TIMEOUT,
    )


def test_a_rebuild_by_another_process_never_drops_what_a_server_reads(
    server: MilvusServer, embedder: Embedder, tmp_path: Path
) -> None:
    """``qa index`` in another process builds a new generation and keeps the one a server reads; a
    later build drops it, and the server follows the alias to the current generation (at once when
    its generation is gone, else at its next look at the alias)."""
    settings = _settings(server, tmp_path, "shared")
    _corpus(settings.corpus_dir)
    build_from_settings(settings, progress=False)
    store = MilvusStore.open(MilvusConfig(uri=server.uri, collection="shared", timeout=TIMEOUT))
    store.follow_every = math.inf  # this server never looks at the alias by itself
    searcher = Searcher(store, embedder)
    first = store.collection
    assert [h.paragraph for h in searcher.search("塑料污染", top_k=3, mode="bm25").hits] == ["3"]

    _corpus(settings.corpus_dir, "\n4. 城市交通拥堵加剧。\n")
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "QA_STORE": "milvus",
        "QA_MILVUS_URI": server.uri,
        "QA_MILVUS_COLLECTION": "shared",
        "QA_MILVUS_INDEX_TYPE": "FLAT",
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_CACHE_PATH": str(settings.cache_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "qa.cli", "index"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    client = Client(MilvusConfig(uri=server.uri, collection="shared"))
    second = client.describe_alias("shared")["collection_name"]
    assert second != first and client.has_collection(first)  # KEEP = 2: the server's generation stays
    assert [h.paragraph for h in searcher.search("塑料污染", top_k=3, mode="bm25").hits] == ["3"]
    assert store.collection == first and store.manifest.paragraphs == 3

    _corpus(settings.corpus_dir, "\n4. 城市交通拥堵加剧。\n\n5. 公共交通投资增加。\n")
    build_from_settings(settings, progress=False)
    third = client.describe_alias("shared")["collection_name"]
    live = sorted(c for c in client.list_collections() if c.startswith("shared_") and c[7:].isdigit())
    assert KEEP == 2 and live == sorted([second, third]) and not client.has_collection(first)
    # The first read finds its generation gone and follows the alias; the question translator's
    # vocabulary is updated in place, so the next question knows the new terms.
    assert [h.paragraph for h in searcher.search("塑料污染", top_k=3, mode="bm25").hits] == ["3"]
    assert store.collection == third and store.manifest.paragraphs == 5
    hits = searcher.search("公共交通投资", top_k=3, mode="bm25").hits
    assert hits and hits[0].paragraph == "5"

    store.follow_every = 0  # looks at the alias before every read: follows a build that dropped nothing
    _corpus(settings.corpus_dir, "\n4. 城市交通拥堵加剧。\n\n5. 公共交通投资增加。\n\n6. 区域合作。\n")
    build_from_settings(settings, progress=False)
    assert client.has_collection(third)
    assert [h.paragraph for h in searcher.search("塑料污染", top_k=3, mode="bm25").hits] == ["3"]
    assert searcher.search("区域合作", top_k=3, mode="bm25").hits[0].paragraph == "6"
    assert store.collection == client.describe_alias("shared")["collection_name"] != third


def test_qa_index_with_milvus_looks_at_the_collection_not_a_local_index(
    server: MilvusServer, embedder: Embedder, tmp_path: Path
) -> None:
    """A current local index at ``index_dir`` used to make ``QA_STORE=milvus qa index`` say
    "up to date" while Milvus held nothing."""
    settings = _settings(server, tmp_path, "checked")
    _corpus(settings.corpus_dir)
    local = build_from_settings(settings.model_copy(update={"store": "local"}), progress=False)
    assert local.rebuilt and build_from_settings(settings.model_copy(update={"store": "local"})).rebuilt is False
    built = build_from_settings(settings, progress=False)
    assert built.rebuilt and built.manifest.faiss_type == "milvus-FLAT"
    assert MilvusStore.open(MilvusConfig(uri=server.uri, collection="checked")).manifest.paragraphs == 3
    assert build_from_settings(settings, progress=False).rebuilt is False


def test_an_unreachable_milvus_fails_fast_and_quietly(caplog: pytest.LogCaptureFixture) -> None:
    uri = f"http://127.0.0.1:{free_port()}"
    caplog.set_level(logging.INFO)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=f"{uri.replace('.', '[.]')} is unreachable"):
        MilvusStore.open(MilvusConfig(uri=uri, timeout=1))
    assert time.monotonic() - started < 6  # timeout=1 and a margin for a loaded machine
    assert not [r for r in caplog.records if r.name.startswith("pymilvus")]

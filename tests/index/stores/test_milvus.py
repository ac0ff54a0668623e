"""The Milvus store against a real ``milvus-lite server`` process: builds, alias switch, faults."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from corpus.loading import load_corpus
from index.bm25 import term_statistics
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.passages import lexical_text
from index.stores.base import paragraph_key
from index.stores.local import LocalStore
from index.stores.milvus import Client, LexicalWeights, MilvusConfig, MilvusStore, build_milvus, encode_term, store_info
from index.stores.milvus.schema import create_generation, drop_generation, insert_batches, paragraph_row
from index.stores.server import MilvusServer, free_port
from index.tokenization import tokenize
from index.windows import paragraph_windows
from qa.exceptions import ConfigurationError, IndexIncompatible, IndexNotBuilt, StoreUnavailable
from qa.retrieval import Searcher
from qa.service import open_searcher
from qa.settings import Settings
from tests.index.test_windows import NAMED_BY_TITLE, write_resolutions

TINY = """---
symbol: HSP/EB.2023/1
title: 小型测试文件
---

一、 导言

1. 执行局批准了利益攸关方参与政策。

2. 人居署与世界卫生组织合作应对 COVID-19 大流行。

3. 城市固体废物管理和塑料污染问题。

4. 第 26/2 号决议设立的基金缺少自愿捐款。
"""


WINDOWED = "\n5. 城市交通拥堵加剧。各国政府增加了公共交通投资。执行局呼吁加强区域合作。\n"
"""A paragraph of three sentences: two windows."""


def _tiny(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.txt").write_text(TINY + extra, encoding="utf-8")
    return folder


def test_encode_term_keeps_tokens_whole_and_apart() -> None:
    assert encode_term("1/5") == "1_2f_5"
    assert encode_term("1/5") != encode_term("1.5")
    assert encode_term("人居署") == "人居署"


def test_unreachable_milvus_names_the_uri() -> None:
    uri = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable, match=uri.replace(".", r"\.")):
        MilvusStore.open(MilvusConfig(uri=uri, timeout=2))


def test_bad_configuration() -> None:
    with pytest.raises(ConfigurationError, match="index type"):
        MilvusConfig(index_type="IVF_PQ")
    with pytest.raises(ConfigurationError, match="collection name"):
        MilvusConfig(collection="bad name;")


def test_missing_collection(milvus_server: MilvusServer) -> None:
    with pytest.raises(IndexNotBuilt, match="qa index"):
        MilvusStore.open(MilvusConfig(uri=milvus_server.uri, collection="never_built"))


def test_other_model_or_dimension_is_incompatible(milvus_store: MilvusStore, milvus_config: MilvusConfig) -> None:
    with pytest.raises(IndexIncompatible, match="other-model"):
        MilvusStore.open(milvus_config, model="other-model")
    with pytest.raises(IndexIncompatible, match="999-d"):
        MilvusStore.open(milvus_config, dim=999)


def test_qa_index_builds_into_milvus_and_switches_the_alias(
    tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder
) -> None:
    settings = Settings(
        corpus_dir=_tiny(tmp_path),
        cache_path=tmp_path / "cache.sqlite",
        store="milvus",
        milvus_uri=milvus_server.uri,
        milvus_collection="tiny",
        milvus_index_type="HNSW",
    )
    searcher = open_searcher(settings, progress=False)
    assert searcher.store.kind == "milvus" and searcher.index.manifest.paragraphs == 4
    assert searcher.index.manifest.faiss_type == "milvus-HNSW"
    info = store_info(searcher.store)  # type: ignore[arg-type]
    assert info == {"index_type": "HNSW", "text": "jieba", "terms": "bm25-weights-1", "rows": "outline-1"}
    assert [h.paragraph for h in searcher.search("塑料污染", top_k=4, mode="bm25").hits] == ["3"]
    assert searcher.search("resolution 26/2 fund", top_k=4).hits[0].paragraph == "4"
    client = Client(MilvusConfig(uri=milvus_server.uri, collection="tiny"))
    first = client.describe_alias("tiny")["collection_name"]

    # Up to date: nothing is rebuilt. Changed corpus: a new collection, the alias moves; the one before
    # stays (a server may read it), the one before that goes.
    assert open_searcher(settings, progress=False).store.collection == first  # type: ignore[attr-defined]
    _tiny(tmp_path, "\n5. 新增的一段：城市交通。\n")
    searcher = open_searcher(settings, progress=False)
    second = client.describe_alias("tiny")["collection_name"]
    assert second != first and searcher.index.manifest.paragraphs == 5
    assert {f"{second}_windows", first, f"{first}_meta"} <= set(client.list_collections())
    _tiny(tmp_path, "\n5. 新增的一段：城市交通。\n\n6. 又一段。\n")
    open_searcher(settings, progress=False)
    assert not {first, f"{first}_meta", f"{first}_windows"} & set(client.list_collections())
    assert second in client.list_collections()


def test_failed_build_leaves_the_previous_collection_serving(
    tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder
) -> None:
    config = MilvusConfig(uri=milvus_server.uri, collection="keep", index_type="FLAT")
    build_milvus(load_corpus(_tiny(tmp_path)), embedder, config, progress=False)
    client = Client(config)
    before = client.describe_alias("keep")["collection_name"]
    # A paragraph too long for a Milvus VARCHAR (65,535 characters on milvus-lite, bytes on a server): the insert fails half-way through the build.
    huge = "\n5. " + "城市" * 33_000 + "\n"
    with pytest.raises(StoreUnavailable, match="refused"):
        build_milvus(load_corpus(_tiny(tmp_path, huge)), embedder, config, progress=False)
    assert client.describe_alias("keep")["collection_name"] == before
    kept = [before, f"{before}_meta", f"{before}_windows"]
    assert sorted(c for c in client.list_collections() if c.startswith("keep_")) == kept
    store = MilvusStore.open(config, model=embedder.name, dim=embedder.dim)
    assert store.manifest.paragraphs == 4


def test_rows_sent_as_columns_read_back_as_rows_sent_one_by_one(tmp_path: Path, milvus_server: MilvusServer) -> None:
    """A build sends its rows in column format, several requests at once (``insert_batches``): what
    the collection then holds is what pymilvus's row format stores, field by field, the server's own
    BM25 vectors (its jieba analyser) included."""
    paragraphs = load_corpus(_tiny(tmp_path, WINDOWED)).paragraphs
    tokens = [tokenize(lexical_text(p), lang=p.lang) or ["∅"] for p in paragraphs]
    weights = LexicalWeights(*term_statistics(tokens))
    vectors = np.random.default_rng(0).standard_normal((len(paragraphs), 8)).astype(np.float32)
    rows = [
        paragraph_row(p, vectors[i], "zh", weights.document(tokens[i]), tokens=tokens[i])
        for i, p in enumerate(paragraphs)
    ]
    client = Client(MilvusConfig(uri=milvus_server.uri, collection="columns", index_type="FLAT"))
    fields = [*rows[0], "text_sparse"]
    read = {}
    for name in ("columns_rows", "columns_columns"):
        create_generation(client, name, 8, "FLAT")
        if name == "columns_rows":
            client.insert(name, data=rows)
        else:
            assert insert_batches(client, name, [rows[:2], rows[2:4], rows[4:]], in_flight=2) == len(rows)
        client.flush(name)
        client.load_collection(name)
        found = client.query(name, filter="key >= 0", output_fields=fields, limit=100)
        read[name] = sorted((dict(r) for r in found), key=lambda r: r["key"])
        drop_generation(client, name)
    assert len(read["columns_rows"]) == len(paragraphs) == 5
    assert read["columns_columns"] == read["columns_rows"]
    assert all(r["text_sparse"] and r["terms_sparse"] for r in read["columns_columns"])


def _windows_of(store: MilvusStore, doc: str) -> list[int]:
    assert store.windows is not None
    rows = store.client.query(store.windows, filter=f'doc_id == "{doc}"', output_fields=["owner"], limit=1000)
    return sorted(int(r["owner"]) for r in rows)


def test_upsert_and_delete_a_document(tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder) -> None:
    config = MilvusConfig(uri=milvus_server.uri, collection="writes", index_type="FLAT")
    corpus = load_corpus(_tiny(tmp_path, WINDOWED))
    build_milvus(corpus, embedder, config, progress=False, context_window=False)  # sentence windows alone
    store = MilvusStore.open(config)
    doc = corpus.paragraphs[0].doc_id
    owner = paragraph_key(doc, 4)
    assert _windows_of(store, doc) == [owner, owner]  # paragraph 5: three sentences, two windows
    assert store.delete_document(doc) == 5
    assert store.document_paragraphs(doc) == [] and _windows_of(store, doc) == []
    texts = [paragraph_windows(p.text) for p in corpus.paragraphs]
    store.upsert(
        corpus.paragraphs,
        embedder.encode_passages([p.text for p in corpus.paragraphs]),
        windows=[embedder.encode_passages(t) for t in texts],
    )
    assert store.document_paragraphs(doc) == corpus.paragraphs
    assert _windows_of(store, doc) == [owner, owner]
    q = embedder.encode_queries(["各国政府增加了公共交通投资"])
    assert next(iter(store.dense_search(q, 3))) == owner
    store.upsert(corpus.paragraphs[4:], embedder.encode_passages([corpus.paragraphs[4].text]))  # no windows given
    assert _windows_of(store, doc) == []  # the replaced paragraph's old windows are gone, not left stale


def test_window_option_and_old_collections(tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder) -> None:
    """A build without windows, then with: rebuilt; a collection of format 1 (before windows) is refused
    with the rebuild hint when opened, and rebuilt by the next build."""
    config = MilvusConfig(uri=milvus_server.uri, collection="options", index_type="FLAT")
    corpus = load_corpus(_tiny(tmp_path, WINDOWED))
    plain = build_milvus(corpus, embedder, config, progress=False, context_window=False, windows=0)
    store = MilvusStore.open(config)
    assert plain.manifest.windows == 0 and store.windows is None
    assert not store.client.has_collection(f"{store.collection}_windows")
    assert len(store.dense_search(embedder.encode_queries(["城市交通"]), 10)) == 5
    assert not build_milvus(corpus, embedder, config, progress=False, context_window=False, windows=0).rebuilt
    windowed = build_milvus(corpus, embedder, config, progress=False, context_window=False, windows=2)
    assert windowed.rebuilt and windowed.windows_embedded + windowed.windows_cached == 2
    store = MilvusStore.open(config)
    assert store.windows == f"{store.collection}_windows" and len(_windows_of(store, corpus.paragraphs[0].doc_id)) == 2

    old = {**asdict(store.manifest), "format_version": 1}
    del old["windows"]
    store.client.upsert(
        f"{store.collection}_meta", data=[{"name": "manifest", "body": json.dumps(old), "v": [0.0, 1.0]}]
    )
    with pytest.raises(IndexIncompatible, match="format 1.*qa index --rebuild"):
        MilvusStore.open(config)
    assert build_milvus(corpus, embedder, config, progress=False).rebuilt
    assert MilvusStore.open(config).manifest.windows == 2


def test_the_contextual_window_is_stored_and_scored_as_in_the_local_index(
    tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder, index_settings: Settings
) -> None:
    """``context_window``: the window collection holds each paragraph's own windows and its contextual passage,
    and the dense search gives the local index's ranking and scores; turning it off rebuilds."""
    config = MilvusConfig(uri=milvus_server.uri, collection="context_window", index_type="FLAT")
    corpus = load_corpus(write_resolutions(tmp_path / "corpus"))
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        report = build_milvus(corpus, embedder, config, cache=cache, progress=False, context_window=True)
        build_index(corpus, embedder, tmp_path / "index", cache=cache, progress=False, context_window=True)
        store, local = MilvusStore.open(config), LocalStore.open(tmp_path / "index")
        assert report.manifest.context_window and store.manifest.context_window and store.windows is not None
        assert len(_windows_of(store, "tpnw")) == 8  # four paragraphs of one window: itself and its context
        for question in NAMED_BY_TITLE:
            q = embedder.encode_queries([question])
            here, there = local.dense_search(q, 10), store.dense_search(q, 10)
            assert list(there) == list(here)
            assert list(there.values()) == pytest.approx(list(here.values()), abs=1e-5)
        off = build_milvus(corpus, embedder, config, cache=cache, progress=False, context_window=False)
        assert off.rebuilt and not MilvusStore.open(config).manifest.context_window
    finally:
        cache.close()


def test_a_collection_without_outline_fields_is_refused_then_rebuilt(
    tmp_path: Path, milvus_server: MilvusServer, embedder: Embedder
) -> None:
    """A generation built before rows had ``numbered`` (what a ranking reads instead of whole records)
    is refused with the rebuild hint when opened, and rebuilt by the next build."""
    config = MilvusConfig(uri=milvus_server.uri, collection="rows", index_type="FLAT")
    corpus = load_corpus(_tiny(tmp_path))
    build_milvus(corpus, embedder, config, progress=False, windows=0)
    store = MilvusStore.open(config)
    key = paragraph_key(corpus.paragraphs[0].doc_id, 0)
    assert store.outlines([key])[key].numbered and store_info(store)["rows"] == "outline-1"
    old = {k: v for k, v in store_info(store).items() if k != "rows"}
    store.client.upsert(f"{store.collection}_meta", data=[{"name": "store", "body": json.dumps(old), "v": [0.0, 1.0]}])
    with pytest.raises(IndexIncompatible, match="without a numbered field.*qa index --rebuild"):
        MilvusStore.open(config)
    assert build_milvus(corpus, embedder, config, progress=False, windows=0).rebuilt
    assert MilvusStore.open(config).outlines([key])[key].entry == "1"


QUESTIONS = [
    "人居署的财务状况如何？",
    "How many people were homeless in 2022?",
    "What are the flagship programmes launched by UN-Habitat?",
    "执行局有多少成员？",
    "城市固体废物管理",
    "resolution 26/2 fund",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_milvus_and_local_give_the_same_dense_top_10(
    question: str, local_store: LocalStore, milvus_store: MilvusStore, embedder: Embedder
) -> None:
    assert local_store.manifest.windows == milvus_store.manifest.windows == 2
    q = embedder.encode_queries([question])
    local, milvus = local_store.dense_search(q, 10), milvus_store.dense_search(q, 10)
    assert list(milvus) == list(local)
    assert list(milvus.values()) == pytest.approx(list(local.values()), abs=1e-5)
    doc = "003_588044482a18401b"
    local, milvus = local_store.dense_search(q, 10, documents=[doc]), milvus_store.dense_search(q, 10, documents=[doc])
    assert list(milvus) == list(local) and {p.doc_id for p in milvus_store.get(milvus).values()} == {doc}


def test_milvus_going_away_is_a_503_and_the_service_recovers(
    milvus_server: MilvusServer, milvus_store: MilvusStore, embedder: Embedder
) -> None:
    app = create_app(searcher=Searcher(milvus_store, embedder))
    with TestClient(app) as client:
        body = {"question": "人居署的财务状况如何？", "top_k": 3}
        before = client.post("/ask", json=body)
        assert before.status_code == 200
        milvus_server.stop()
        try:
            down = client.post("/ask", json=body)
            assert down.status_code == 503
            assert milvus_server.uri in down.json()["error"]
        finally:
            milvus_server.start()
        deadline = time.monotonic() + 60
        while (again := client.post("/ask", json=body)).status_code == 503 and time.monotonic() < deadline:
            time.sleep(1)
        assert again.status_code == 200
        assert again.json()["results"] == before.json()["results"]

"""The stores benchmark's parts on small sizes: the synthetic corpus, and bytes and latency per question
measured through a real ``milvus-lite server`` (what ``python -m eval.bench_stores`` reports at 100k)."""

from __future__ import annotations

import numpy as np

from eval.bench_stores import KINDS, _milvus, _scale_questions
from eval.scale import PARAGRAPHS_PER_DOCUMENT, SyntheticCorpus
from index.embedding import Embedder
from index.stores.server import MilvusServer
from index.tokenization import tokenize


def test_the_synthetic_corpus_is_the_same_on_every_pass_and_reads_like_the_corpus() -> None:
    corpus = SyntheticCorpus(2_500, batch=1_000)
    first, second = list(corpus.batches()), list(corpus.batches(vectors=False))
    assert [len(b.paragraphs) for b in first] == [1_000, 1_000, 500]
    assert [p for b in first for p in b.paragraphs] == [p for b in second for p in b.paragraphs]
    assert [t for b in first for t in b.tokens] == [t for b in second for t in b.tokens]
    paragraphs = [p for b in first for p in b.paragraphs]
    assert len({p.doc_id for p in paragraphs}) == corpus.document_count == 2_500 // PARAGRAPHS_PER_DOCUMENT
    lengths = [len(p.text) for p in paragraphs]
    assert 100 < float(np.mean(lengths)) < 400  # the bundled paragraphs average ~200 characters
    sample = first[0]
    for p, tokens in list(zip(sample.paragraphs, sample.tokens, strict=True))[:20]:
        whole = set(tokenize(p.text))  # tokens made sentence by sentence are those of the whole paragraph
        assert len(set(tokens) & whole) >= 0.95 * len(set(tokens))
    norms = np.linalg.norm(first[2].vectors, axis=1)
    assert first[2].vectors.shape == (500, 384) and np.allclose(norms, 1.0, atol=1e-5)
    queries = corpus.queries(7)
    assert queries.shape == (7, 384) and np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)


def test_bytes_and_latency_per_question_through_milvus(milvus_server: MilvusServer, embedder: Embedder) -> None:
    questions = _scale_questions(8)
    result = _milvus(1_500, milvus_server.uri, "FLAT", questions, embedder)
    assert result["questions"] == 8 and result["insert_per_s"] > 0
    for kind in KINDS:
        figures = result[kind]
        assert 0 < figures["p50_ms"] <= figures["p95_ms"]
        assert 0 < figures["bytes_p50"] <= figures["bytes_p95"] and figures["calls_mean"] >= 1
    # A dense search returns 100 hits (a key and a score each, 12 bytes at least) and sends a 384-d vector.
    assert result["dense"]["bytes_p50"] > 384 * 4 + 100 * 12
    # A hybrid question makes the dense and the BM25 search and reads the head's paragraphs besides.
    assert result["hybrid"]["bytes_mean"] > result["dense"]["bytes_mean"] + result["bm25"]["bytes_mean"] * 0.5
    assert result["hybrid"]["calls_mean"] >= 3
    assert 1 <= result["bm25_vectors"]["p50"] <= result["bm25_vectors"]["max"] <= 256

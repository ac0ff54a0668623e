"""The same retrieval behaviour on both stores (the ``store`` fixture runs each test on local and Milvus)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pytest

from corpus.loading import Corpus
from corpus.models import Paragraph
from index.embedding import Embedder
from index.passages import lexical_text
from index.stores.base import IndexStore, entry_id, paragraph_key
from index.tokenization import tokenize
from qa.exceptions import NotFound
from qa.retrieval import Searcher

DOC = "004_723cbf81696a18db"


def test_chinese_question_finds_its_paragraph(store_searcher: Searcher) -> None:
    hits = store_searcher.search("人居署的财务状况如何？", top_k=5).hits
    assert hits and any("财务" in h.text for h in hits[:3])


def test_filter_by_document(store_searcher: Searcher) -> None:
    hits = store_searcher.search("城市", top_k=10, documents=[DOC]).hits
    assert hits and {h.doc_id for h in hits} == {DOC}
    with pytest.raises(NotFound):
        store_searcher.search("城市", documents=["no-such-document"])


def test_dense_scores_descend_and_filter(store: IndexStore, embedder: Embedder) -> None:
    vector = embedder.encode_queries(["城市固体废物管理"])
    found = store.dense_search(vector, 10)
    scores = sorted(found.values(), reverse=True)
    assert len(found) == 10 and -1.0 <= scores[-1] <= scores[0] <= 1.0
    only = store.dense_search(vector, 10, documents=[DOC])
    assert only and {p.doc_id for p in store.get(only).values()} == {DOC}


def test_sample_vectors_are_paragraph_vectors_of_the_documents_named(
    store: IndexStore, corpus: Corpus, embedder: Embedder
) -> None:
    """What a question's level in a language is measured on (``qa.fusion.standing``)."""
    paragraphs = [p for p in corpus.paragraphs if p.doc_id == DOC]
    everything = store.sample_vectors([DOC], 10_000)
    assert everything.shape == (len(paragraphs), embedder.dim)
    assert np.allclose(np.linalg.norm(everything, axis=1), 1.0, atol=1e-3)
    vector = embedder.encode_queries(["城市固体废物管理"])
    best = max(store.dense_search(vector, 100, documents=[DOC]).values())
    assert float((everything @ vector.reshape(-1)).max()) <= best + 1e-5  # paragraph cosines, not windows'
    assert store.sample_vectors([DOC], 4).shape == (4, embedder.dim)
    assert store.sample_vectors([], 4).shape[0] == 0


def test_lexical_scores_are_positive_bm25(store: IndexStore) -> None:
    """Higher is better on both stores (milvus-lite returns BM25 as a negative distance)."""
    found = store.lexical_search([[t] for t in tokenize("城市固体废物管理")], 5)
    assert len(found) == 5 and all(s > 0 for s in found.values())
    for p in store.get(found).values():
        assert set(tokenize(f"{p.section}\n{p.text}")) & {"城市", "固体", "废物", "管理"}
    assert store.lexical_search([["zzzz-not-a-term"]], 5) == {}


def test_terms_in_says_which_terms_each_paragraph_holds(store: IndexStore, corpus: Corpus) -> None:
    """What the relevance judgement's coverage reads, from the index: exactly the paragraph's own BM25 tokens
    (its headings, text and footnotes, as indexed) among the terms asked, on both stores."""
    paragraphs = [p for doc in list(corpus)[:2] for p in doc.paragraphs][:40]
    keys = [paragraph_key(p.doc_id, p.ordinal) for p in paragraphs]
    terms = {"城市", "人居署", "执行局", "预算", "hsp/ha.1/res.5", "zzzz-not-a-term", "2020"}
    held = store.terms_in([*keys, 12345], terms)
    assert set(held) == set(keys)  # an unknown key is left out
    for key, p in zip(keys, paragraphs, strict=True):
        assert held[key] == terms & set(tokenize(lexical_text(p), lang=p.lang)), p.citation
    assert any(held.values()) and store.terms_in([], terms) == {} and not any(store.terms_in(keys, []).values())


def test_citing_counts_references(store: IndexStore) -> None:
    found = store.citing({"hsp/ha.1/res.5"})
    assert found and set(found.values()) == {1}
    for p in store.get(found).values():
        assert "hsp/ha.1/res.5" in tokenize(f"{p.section}\n{p.text}")


def test_get_and_document_paragraphs(store: IndexStore, corpus: Corpus) -> None:
    doc = corpus.documents[DOC]
    paragraphs = store.document_paragraphs(DOC)
    assert [p.ordinal for p in paragraphs] == list(range(len(doc.paragraphs)))
    assert paragraphs == list(doc.paragraphs)
    keys = [paragraph_key(p.doc_id, p.ordinal) for p in paragraphs[:3]]
    assert store.get([*keys, 12345]) == dict(zip(keys, paragraphs[:3], strict=True))
    assert store.document_paragraphs("no-such-document") == []


def test_manifest_and_documents(store: IndexStore, corpus: Corpus, embedder: Embedder) -> None:
    assert store.manifest.model == embedder.name and store.manifest.dim == embedder.dim
    assert store.manifest.corpus_fingerprint == corpus.fingerprint
    assert [d["doc_id"] for d in store.documents] == list(corpus.documents)


def test_find_entries_by_number_and_entry_id(store: IndexStore, corpus: Corpus) -> None:
    doc = corpus.documents[DOC]
    numbered = next(p for p in doc.paragraphs if p.paragraph)
    found = store.find_entries([numbered.paragraph or "", "no-such-entry"], documents=[DOC])
    assert found == {(DOC, numbered.paragraph): paragraph_key(DOC, numbered.ordinal)}
    everywhere = store.find_entries(["1"])
    expected = {
        (d.doc_id, "1"): paragraph_key(d.doc_id, p.ordinal)
        for d in corpus
        for p in [next((p for p in d.paragraphs if entry_id(p) == "1"), None)]
        if p is not None
    }
    assert everywhere == expected and len(expected) >= 3
    unnumbered = [p for d in corpus for p in d.paragraphs if p.paragraph is None and p.entry]
    assert unnumbered, "the corpus has summaries and annex entries"
    first = unnumbered[0]
    assert store.find_entries([first.entry], documents=[first.doc_id]) == {
        (first.doc_id, first.entry): paragraph_key(first.doc_id, first.ordinal)
    }
    assert store.find_entries(["1"], documents=[]) == {}


def test_a_cited_paragraph_comes_first(store_searcher: Searcher) -> None:
    for question in ("HSP/HA.2/4, para. 19", "HSP/HA.2/4号文件第19段", "para. 19 of HSP/HA.2/4"):
        hits = store_searcher.search(question, top_k=3).hits
        assert hits[0].citation == "HSP/HA.2/4, para. 19", question


@pytest.mark.parametrize(
    "question",
    [
        "How many people were homeless in 2022?",
        "What are the flagship programmes launched by UN-Habitat?",
        "城市固体废物管理",
        "人居署 2018 年的赤字",
        "voluntary contributions in 2018 increse over the previous yeer",
    ],
)
def test_milvus_ranks_lexical_candidates_as_the_local_store(
    local_store: IndexStore, milvus_store: IndexStore, embedder: Embedder, question: str
) -> None:
    """Milvus ranks by its inner product over our BM25 weights: the same top 10 with bm25s's scores
    (best alternative per word, summed), nothing re-scored here."""
    query = Searcher(local_store, embedder).analyse(question)
    groups = [g.alternatives for g in query.groups]
    assert groups
    local = local_store.lexical_search(groups, 10)
    remote = milvus_store.lexical_search(groups, 10)
    assert set(remote) == set(local)
    for key, score in local.items():
        assert remote[key] == pytest.approx(score, rel=1e-4)


def test_outlines_are_what_a_ranking_reads_of_a_paragraph(store: IndexStore, corpus: Corpus) -> None:
    """The few fields a ranking reads of its candidates, the same on both stores as the paragraphs say."""
    paragraphs = [p for doc in list(corpus)[:3] for p in doc.paragraphs]
    assert any(p.paragraph is None for p in paragraphs) and any(p.paragraph is not None for p in paragraphs)
    keys = [paragraph_key(p.doc_id, p.ordinal) for p in paragraphs]
    outlines = store.outlines([*keys, 12345])
    assert set(outlines) == set(keys)
    for key, p in zip(keys, paragraphs, strict=True):
        o = outlines[key]
        assert (o.doc_id, o.symbol, o.entry, o.lang) == (p.doc_id, p.symbol or "", entry_id(p), p.lang)
        assert o.numbered == (p.paragraph is not None)
    assert store.outlines([]) == {}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
@pytest.mark.parametrize(
    "question", ["人居署的财务状况如何？", "How many people were homeless in 2022?", "城市固体废物管理"]
)
def test_a_search_reads_whole_only_the_paragraphs_it_shows(
    store: IndexStore, embedder: Embedder, question: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates are ranked on their outlines; whole records are read for the hits (and their versions) only."""
    searcher = Searcher(store, embedder)
    read: list[int] = []
    get = store.get

    def noting(keys: Iterable[int]) -> dict[int, Paragraph]:
        keys = list(keys)
        read.extend(keys)
        return get(keys)

    monkeypatch.setattr(store, "get", noting)
    hits = searcher.search(question, top_k=5, mode=mode).hits
    shown = {(h.doc_id, h.text) for h in hits} | {(v.doc_id, v.text) for h in hits for v in h.versions}
    assert len(hits) == 5
    assert len(read) == len(set(read)) == len(shown)
    assert {(p.doc_id, p.text) for p in get(read).values()} == shown

"""The same retrieval behaviour on both stores (the ``store`` fixture runs each test on local and Milvus)."""

from __future__ import annotations

import pytest

from corpus.loading import Corpus
from index.embedding import Embedder
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


def test_lexical_scores_are_positive_bm25(store: IndexStore) -> None:
    """Higher is better on both stores (milvus-lite returns BM25 as a negative distance)."""
    found = store.lexical_search([[t] for t in tokenize("城市固体废物管理")], 5)
    assert len(found) == 5 and all(s > 0 for s in found.values())
    for p in store.get(found).values():
        assert set(tokenize(f"{p.section}\n{p.text}")) & {"城市", "固体", "废物", "管理"}
    assert store.lexical_search([["zzzz-not-a-term"]], 5) == {}


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

"""The lexical view is local-only: a Milvus store has none, says so, and a searcher on it sends no
view alternatives (its BM25 is exactly what it was); both stores still rank a Chinese question alike."""

from __future__ import annotations

from index.lexical import VIEW_MARK
from index.stores.base import IndexStore
from qa.retrieval import Searcher


def test_a_store_without_the_view_gets_no_view_alternatives(store: IndexStore, store_searcher: Searcher) -> None:
    assert store.manifest.view == "" and not store.lexical_view and not store_searcher.lexical_view
    query = store_searcher.analyse("城市固体废物管理的进展如何？")
    groups = store_searcher._lexical_groups(query)
    assert groups == [g.alternatives for g in query.groups]
    assert not any(a.startswith(VIEW_MARK) for g in groups for a in g)
    assert store_searcher.search("城市固体废物管理的进展如何？", top_k=3).hits

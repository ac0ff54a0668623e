"""The document level of the ranking: titles scored against the question, added once per document."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.fusion import FusionWeights
from qa.retrieval import Searcher
from qa.titles import TitleIndex

STRATEGIC_PLAN = "Which intergovernmental organizations did UN-Habitat cooperate with on the strategic plan?"
"""Names words of one bundled title (HSP/HA.2/4/Add.2: *Cooperation with UN system entities,
intergovernmental organizations … in implementing the strategic plan 2020–2023*)."""


def _weighted(searcher: Searcher, title: float) -> Searcher:
    return Searcher(
        searcher.store,
        searcher.embedder,
        translator=searcher.translator,
        relevance=searcher.relevance,
        weights=replace(searcher.weights, title=title),
    )


def test_a_word_every_title_has_weighs_little_and_a_missing_word_most() -> None:
    titles = TitleIndex.build(
        [
            {"doc_id": "a", "title": "Report of the Court on the budget", "language": "en"},
            {"doc_id": "b", "title": "Report of the Committee on outer space", "language": "en"},
            {"doc_id": "c", "title": "Report of the Council", "language": "en"},
        ]
    )
    both = titles.scores([["report"], ["budget"]])
    assert set(both) == {"a", "b", "c"}
    assert both["a"] > 0.8 > 0.2 > both["b"] == both["c"]  # "report" is in every title
    # A question word no title holds lowers every share.
    assert titles.scores([["report"], ["budget"], ["elect"]])["a"] < both["a"]
    assert titles.scores([["elect"]]) == {}
    assert TitleIndex.build([]).scores([["report"]]) == {}


def test_both_titles_of_a_document_count(searcher: Searcher) -> None:
    # The bundled documents are Chinese with an English title: an English question reaches both.
    query = searcher.analyse(STRATEGIC_PLAN)
    shares = searcher.titles.scores([g.alternatives for g in query.groups])
    best = max(shares, key=lambda doc: shares[doc])
    assert searcher.documents[best]["symbol"] == "HSP/HA.2/4/Add.2"
    assert len(searcher.titles) == 10  # five documents, a Chinese and an English title each


def test_the_title_weight_adds_the_same_amount_to_every_paragraph_of_a_document(searcher: Searcher) -> None:
    assert FusionWeights().title > 0, "the shipped weight uses titles"
    plain, weighted = _weighted(searcher, 0.0), _weighted(searcher, 0.3)
    query = searcher.analyse(STRATEGIC_PLAN)
    shares = searcher.titles.scores([g.alternatives for g in query.groups])
    before = {(h.doc_id, h.entry): h.score for h in plain.search(query, top_k=50).hits}
    after = {(h.doc_id, h.entry): h.score for h in weighted.search(query, top_k=50).hits}
    common = set(before) & set(after)
    assert len(common) >= 30
    for doc, entry in common:
        assert after[(doc, entry)] - before[(doc, entry)] == pytest.approx(0.3 * shares.get(doc, 0.0), abs=2e-6)
    # The best-matching document's paragraphs move up.
    best = max(shares, key=lambda doc: shares[doc])
    top_before = [d for d, _ in sorted(before, key=lambda k: -before[k])[:10]]
    top_after = [d for d, _ in sorted(after, key=lambda k: -after[k])[:10]]
    assert top_after.count(best) > top_before.count(best)


def test_a_question_in_no_title_ranks_as_without_titles(searcher: Searcher) -> None:
    question = "全球有多少人无家可归？"
    query = searcher.analyse(question)
    assert searcher.titles.scores([g.alternatives for g in query.groups]) == {}
    plain = [(h.doc_id, h.entry, h.score) for h in _weighted(searcher, 0.0).search(query, top_k=10).hits]
    weighted = [(h.doc_id, h.entry, h.score) for h in _weighted(searcher, 0.3).search(query, top_k=10).hits]
    assert weighted == plain

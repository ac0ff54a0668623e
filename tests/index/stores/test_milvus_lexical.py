"""BM25 as sparse vectors (index/stores/milvus/lexical.py): the best inner product over the query
vectors equals :class:`index.bm25.Bm25Scorer`'s score, synonyms counted once."""

from __future__ import annotations

import random

import pytest

from index.bm25 import Bm25Scorer, term_statistics
from index.stores.milvus import LexicalWeights

WORDS = ["城市", "废物", "垃圾", "管理", "治理", "人居署", "基金", "26/2", "捐款", "资金", "塑料", "污染"]


def _paragraphs(n: int, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(WORDS) for _ in range(rng.randint(1, 12))] for _ in range(n)]


def _best(weights: LexicalWeights, groups: list[list[str]], tokens: list[str], *, max_choices: int = 32) -> float:
    doc = weights.document(tokens)
    plan = weights.query(groups, max_choices=max_choices)
    return max((sum(w * doc.get(dim, 0.0) for dim, w in v.items()) for v in plan.vectors), default=0.0)


@pytest.mark.parametrize(
    "groups",
    [
        [["城市"], ["废物", "垃圾"], ["管理", "治理"]],
        [["人居署"], ["基金"], ["26/2"]],
        [["捐款", "资金", "基金"], ["城市"], ["城市", "人居署"]],
        [["城市 管理"], ["塑料污染", "污染"]],  # phrases the index does not hold: the mean of their parts
        [["zzz"], ["城市"]],  # an unknown word asks nothing
    ],
)
def test_the_best_inner_product_is_the_bm25_score(groups: list[list[str]]) -> None:
    paragraphs = _paragraphs(300)
    frequencies, stats = term_statistics(paragraphs)
    weights = LexicalWeights(frequencies, stats)
    scorer = Bm25Scorer(stats, frequencies)
    for tokens in paragraphs:
        counts = {t: tokens.count(t) for t in set(tokens)}
        expected = scorer.score(counts, len(tokens), groups)
        assert _best(weights, groups, tokens) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_one_vector_per_choice_of_alternatives_and_pruning() -> None:
    frequencies, stats = term_statistics(_paragraphs(100))
    weights = LexicalWeights(frequencies, stats)
    plan = weights.query([["城市"], ["废物", "垃圾"], ["管理", "治理"]])
    assert len(plan.vectors) == 4 and not plan.pruned
    assert weights.query([["zzz"]]).vectors == []
    wide = [["城市", "人居署", "基金"], ["废物", "垃圾", "塑料"], ["管理", "治理", "污染"]]
    pruned = weights.query(wide, max_choices=8)
    assert pruned.pruned and len(pruned.vectors) <= 8
    assert len(weights.query(wide, max_choices=27).vectors) == 27


def test_document_weights_leave_out_terms_the_build_did_not_see() -> None:
    frequencies, stats = term_statistics([["城市", "管理"], ["城市"]])
    weights = LexicalWeights(frequencies, stats)
    doc = weights.document(["城市", "城市", "新词"])
    assert set(doc) == {weights.dimensions["城市"]} and 0 < doc[weights.dimensions["城市"]] < 1

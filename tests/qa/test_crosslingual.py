"""The cross-lingual path on committed material: Chinese questions about the English documents of
``eval/corpora/bilingual`` (our translation of HSP/HA.2/4 and the English-only report), searched on a
real index with the real model, with the shipped weights against the same-language weight."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from qa.fusion import FusionWeights
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT

ROWS = [
    json.loads(line)
    for line in (PROJECT_ROOT / "eval" / "questions" / "bilingual.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
CHINESE = [r for r in ROWS if r["lang"] == "zh"]
ENGLISH = [r for r in ROWS if r["lang"] == "en"]


def _gold_rank(searcher: Searcher, row: dict[str, object]) -> int | None:
    gold = {(g["doc"], g["paragraph"]) for g in row["relevant"]}  # type: ignore[index, union-attr]
    hits = searcher.search(str(row["question"]), top_k=10).hits
    for hit in hits:
        found = {(hit.doc_id, hit.paragraph), *((v.doc_id, v.paragraph) for v in hit.versions)}
        if found & gold:
            return hit.rank
    return None


def _mrr(searcher: Searcher, rows: list[dict[str, object]]) -> float:
    ranks = [_gold_rank(searcher, r) for r in rows]
    return sum(1.0 / r for r in ranks if r) / len(ranks)


@pytest.fixture(scope="module")
def same_weight(bilingual_searcher: Searcher) -> Searcher:
    """The same index and model, with every paragraph weighted as if it were in the question's language."""
    weights = replace(bilingual_searcher.weights, zh_cross=None, en_cross=None)
    return Searcher(bilingual_searcher.store, bilingual_searcher.embedder, weights=weights)


def test_shipped_weights_weigh_english_paragraphs_of_chinese_questions_apart() -> None:
    shipped = FusionWeights()
    assert shipped.zh_cross is not None and shipped.zh_cross > shipped.zh


def test_chinese_questions_about_english_documents_rank_better(
    bilingual_searcher: Searcher, same_weight: Searcher
) -> None:
    before = _mrr(same_weight, CHINESE)
    after = _mrr(bilingual_searcher, CHINESE)
    assert after > before, (before, after)
    assert after >= 0.8


def test_english_questions_about_english_documents_are_unchanged(
    bilingual_searcher: Searcher, same_weight: Searcher
) -> None:
    for row in ENGLISH[:15]:
        shipped = [(h.doc_id, h.paragraph) for h in bilingual_searcher.search(row["question"], top_k=5).hits]
        same = [(h.doc_id, h.paragraph) for h in same_weight.search(row["question"], top_k=5).hits]
        if bilingual_searcher.weights.en_cross in (None, bilingual_searcher.weights.en):
            assert shipped == same, row["id"]


def test_an_english_only_paragraph_comes_first_for_its_chinese_question(bilingual_searcher: Searcher) -> None:
    result = bilingual_searcher.search("城市热岛效应会让夜间气温升高多少？", top_k=3)
    assert (result.hits[0].doc_id, result.hits[0].paragraph) == ("en_only_urban_heat", "2")
    assert result.hits[0].lang == "en"


def test_a_one_language_corpus_fetches_no_paragraph_for_the_weights(searcher: Searcher) -> None:
    # The bundled corpus is all Chinese: an English question's weight is one number, no store read.
    query = searcher.analyse("How many people were homeless in 2022?")
    dense = searcher._dense(query, None, None)
    lexical = searcher._lexical(query, None)
    known: dict[int, object] = {}
    weight = searcher._row_weights(query, dense, lexical, known)  # type: ignore[arg-type]
    assert isinstance(weight, float) and not known

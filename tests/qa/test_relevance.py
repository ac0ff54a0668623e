"""The relevance judgement on the real index: ``match`` per hit, ``answered`` per answer."""

from __future__ import annotations

import json

import pytest

from qa.exceptions import ConfigurationError
from qa.relevance import FEATURES, MATCHES, MODEL_PATH, Features, RelevanceModel, agreement
from qa.retrieval import Searcher


def test_the_bundled_model_says_how_it_was_fitted() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = RelevanceModel.load()
    assert data["features"] == list(FEATURES) and len(model.coef) == len(FEATURES)
    assert data["fitted"]["split"] == "tune" and data["fitted"]["by"].startswith("python -m eval.calibrate_relevance")
    assert 0 < model.related <= model.strong < 1


def test_classes_follow_the_thresholds() -> None:
    model = RelevanceModel(intercept=0.0, coef=(0.0, 4.0, 0.0, 0.0), strong=0.8, related=0.5)
    assert model.match(0.9) == "strong" and model.match(0.6) == "related" and model.match(0.1) == "weak"
    assert model.judge(Features(dense=0.8, coverage=1.0, agreement=1.0, same_language=1.0)).match == "strong"
    assert model.judge(Features(dense=0.8, coverage=0.0, agreement=0.0, same_language=1.0)).match == "related"


def test_a_broken_model_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "relevance.json"
    bad.write_text('{"intercept": 0, "coef": [1, 2], "strong": 0.5, "related": 0.2}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="coefficients"):
        RelevanceModel.load(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read"):
        RelevanceModel.load(bad)


def test_agreement_is_the_worse_rank() -> None:
    assert agreement(1, 1) == 1.0 and agreement(1, 4) == 0.25 and agreement(3, None) == 0.0


def test_an_answered_question_has_a_strong_first_hit(searcher: Searcher) -> None:
    result = searcher.search("2022年全球有多少人无家可归？", top_k=5)
    assert result.answered
    assert result.hits[0].citation == "HSP/HA.2/4, para. 19" and result.hits[0].match == "strong"
    assert all(h.match in MATCHES for h in result.hits)
    assert result.to_dict()["answered"] is True
    assert {"match", "relevance"} <= set(result.to_dict()["results"][0])


@pytest.mark.parametrize(
    "question",
    ["How many peacekeepers are deployed in the UN Mission in South Sudan?", "国际法院现任院长是谁？"],
)
def test_a_question_the_documents_do_not_answer(searcher: Searcher, question: str) -> None:
    result = searcher.search(question, top_k=5)
    assert not result.answered
    assert result.hits, "the closest paragraphs are still returned"
    assert all(h.match != "strong" for h in result.hits)


def test_the_judgement_reads_the_same_in_every_mode(searcher: Searcher) -> None:
    for mode in ("dense", "bm25", "hybrid"):
        result = searcher.search("How many peacekeepers are deployed in the UN Mission in South Sudan?", mode=mode)
        assert not result.answered, mode


def test_a_cited_paragraph_is_a_strong_match(searcher: Searcher) -> None:
    result = searcher.search("HSP/HA.2/4, para. 40", top_k=3)
    assert result.answered and result.hits[0].match == "strong" and result.hits[0].relevance == 1.0

"""The fusion's weights: one per question language, and per paragraph when languages differ."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.fusion import FusionWeights, fuse, lexical_weight, row_weights, standing

WEIGHTS = FusionWeights(zh=0.6, en=0.5, zh_cross=0.8, en_cross=0.5)


def test_same_language_weights_are_the_question_languages() -> None:
    assert lexical_weight("zh", True, WEIGHTS) == 0.6
    assert lexical_weight("en", True, WEIGHTS) == 0.5
    assert lexical_weight("en", False, WEIGHTS) == 0.0


def test_a_corpus_of_one_language_gets_one_weight() -> None:
    assert row_weights("zh", True, WEIGHTS, {1: "zh", 2: "zh"}) == 0.6
    assert row_weights("zh", True, WEIGHTS, {1: "en", 2: "en"}) == 0.8
    assert row_weights("zh", True, WEIGHTS, {}) == 0.6


def test_mixed_languages_get_a_weight_per_paragraph() -> None:
    assert row_weights("zh", True, WEIGHTS, {1: "zh", 2: "en"}) == {1: 0.6, 2: 0.8}
    # English questions keep one weight when their cross weight equals their own.
    assert row_weights("en", True, WEIGHTS, {1: "zh", 2: "en"}) == 0.5


@pytest.mark.parametrize("language", ["fr", "ru", "und"])
def test_other_languages_and_no_terms_keep_one_weight(language: str) -> None:
    assert row_weights(language, True, WEIGHTS, {1: "zh", 2: "en"}) == lexical_weight(language, True, WEIGHTS)
    assert row_weights("zh", False, WEIGHTS, {1: "zh", 2: "en"}) == 0.0


def test_the_cross_weight_scales_with_the_share_of_the_question_translated() -> None:
    weights = replace(WEIGHTS, en_cross=0.6)
    assert row_weights("en", True, weights, {1: "zh"}, translated=0.5) == pytest.approx(0.3)
    assert row_weights("en", True, weights, {1: "zh", 2: "en"}, translated=0.5) == {1: pytest.approx(0.3), 2: 0.5}
    assert row_weights("en", True, weights, {1: "en"}, translated=0.5) == 0.5, "its own language's weight is not scaled"


def test_no_cross_weight_means_the_same_language_weight() -> None:
    weights = replace(WEIGHTS, zh_cross=None)
    assert row_weights("zh", True, weights, {1: "zh", 2: "en"}) == 0.6


def test_per_paragraph_weights_change_the_ranking_as_they_should() -> None:
    # Row 1: a same-language paragraph close in meaning, weak lexically; row 2: a cross-language
    # paragraph found by its translated terms. With the same weight the dense side wins; with the
    # cross weight on row 2 the lexical evidence does.
    dense = {1: 0.90, 2: 0.80, 3: 0.70}
    lexical = {1: 2.0, 2: 10.0}
    assert [r for r, _ in fuse(dense, lexical, lexical_weight=0.3)][0] == 1
    ranked = fuse(dense, lexical, lexical_weight={1: 0.3, 2: 0.8, 3: 0.3})
    assert [r for r, _ in ranked][0] == 2
    # A uniform mapping is the same as one float.
    assert fuse(dense, lexical, lexical_weight={1: 0.4, 2: 0.4, 3: 0.4}) == fuse(dense, lexical, lexical_weight=0.4)


def test_rows_without_a_weight_take_the_mean() -> None:
    ranked = dict(fuse({1: 1.0, 2: 0.0}, {3: 5.0}, lexical_weight={1: 0.2, 2: 0.6}))
    assert ranked[3] == pytest.approx(0.4)


def test_standing_reads_each_cosine_against_its_languages_pool() -> None:
    # English cosines run higher for an English question: its Chinese answer (row 3) stands out of its pool.
    pools = {"en": {1: 0.86, 2: 0.85, 4: 0.84}, "zh": {3: 0.83, 5: 0.77, 6: 0.76}}
    scores = standing(pools)
    assert max(scores, key=lambda row: scores[row]) == 3
    assert scores[3] == pytest.approx(0.83 - (0.83 + 0.77 + 0.76) / 3)
    # A row read in another language is left out; its pool's mean still counts it.
    assert standing(pools, drop={3}) == {k: v for k, v in scores.items() if k != 3}


def test_standing_in_a_corpus_of_one_language_ranks_as_the_cosines() -> None:
    pool = {1: 0.81, 2: 0.86, 3: 0.79, 4: 0.84}
    lexical = {3: 4.0, 4: 1.0}
    plain = fuse(pool, lexical, lexical_weight=0.5)
    shifted = fuse(standing({"zh": pool}), lexical, lexical_weight=0.5)
    assert [row for row, _ in shifted] == [row for row, _ in plain]


def test_standing_reads_a_language_against_its_reference_where_given() -> None:
    # The question's mean cosine to ordinary paragraphs of each language, not the pool's own mean.
    pools = {"en": {1: 0.86, 2: 0.85}, "zh": {3: 0.83, 4: 0.80}}
    scores = standing(pools, references={"en": 0.80, "zh": 0.74})
    assert scores[3] == pytest.approx(0.09) and scores[1] == pytest.approx(0.06)
    assert standing(pools, references={"en": 0.80})[3] == pytest.approx(0.83 - 0.815)  # zh: its pool's mean

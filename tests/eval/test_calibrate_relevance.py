"""The relevance fit (``eval/calibrate_relevance.py``) and its question file, without the index."""

from __future__ import annotations

import json
import random
from collections import Counter

import numpy as np
import pytest

from eval.calibrate_relevance import KEEP, QUESTIONS, Observation, fit, main
from eval.split import split_rows
from qa.relevance import DENSE_FEATURES, FEATURES, Features, RelevanceModel


def _observations() -> list[Observation]:
    """Answerable questions (gold first) score higher on every signal than unanswerable ones, with noise."""
    rng = random.Random(7)
    out: list[Observation] = []
    for i in range(160):
        answerable = i % 3 != 0
        shift = 0.04 if answerable else 0.0
        features = [
            Features(
                dense=0.80 + shift + rng.gauss(0, 0.02),
                margin=0.01 + shift / 2 + rng.gauss(0, 0.01),
                coverage=min(1.0, max(0.0, 0.3 + 8 * shift + rng.gauss(0, 0.15))),
                agreement=rng.random() * (1.0 if answerable else 0.4),
                cross_lingual=float(i % 2),
                unfit=float(not answerable and rng.random() < 0.3),
            ),
            Features(dense=0.78, margin=0.0, coverage=0.2, agreement=0.1),
        ]
        out.append(
            Observation(
                id=f"q{i}",
                lang="en" if i % 2 else "zh",
                kind="answerable" if answerable else ("on-topic" if i % 2 else "off-topic"),
                answerable=answerable,
                answered=False,
                gold_rank=1 if answerable else None,
                features=features,
                gold=[answerable, False],
            )
        )
    return out


def test_fit_gives_two_parts_on_raw_features_with_their_thresholds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    observations = _observations()
    model = fit(observations)
    assert model.lexical.features == FEATURES and model.dense.features == DENSE_FEATURES
    assert model.fitted["split"] == "tune" and model.fitted["samples"] == len(observations)
    # Standardised for the fit, saved for the raw features: the positive signals get positive weights.
    assert all(c > 0 for c in model.lexical.coef[:3]) and all(c > 0 for c in model.dense.coef[:2])
    assert model.lexical.coef[FEATURES.index("unfit")] < 0, "a paragraph without the kind of answer asked"
    for part in (model.lexical, model.dense):
        kept = np.mean([part.probability(o.features[0]) >= part.strong for o in observations if o.answerable])
        assert kept >= KEEP
        caught = np.mean([part.probability(o.features[0]) < part.strong for o in observations if not o.answerable])
        assert caught > 0.5
        assert 0 <= part.related <= part.strong <= 1
    path = tmp_path / "relevance.json"
    model.save(path)
    assert RelevanceModel.load(path) == model


def _rows() -> list[dict[str, object]]:
    path = QUESTIONS / "unanswerable.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_unanswerable_questions_are_split_half_and_half() -> None:
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows) == 136
    assert all(r["answerable"] is False and r["relevant"] == [] for r in rows)
    counts = Counter((r["split"], r["lang"], r["kind"]) for r in rows)
    for lang in ("en", "zh"):
        assert counts[("tune", lang, "on-topic")] == counts[("test", lang, "on-topic")] == 20
        assert counts[("tune", lang, "off-topic")] == counts[("test", lang, "off-topic")] == 14


@pytest.mark.parametrize("batch", ["first 112", "24 appended"])
def test_each_batch_follows_the_split_rule(batch: str) -> None:
    # The first 112 were split by lang/kind; the 24 appended later among themselves, by the same rule.
    rows = _rows()
    later = [r for r in rows if str(r["id"]).startswith(("una-en-on-1", "una-zh-on-1"))]
    chosen = later if batch == "24 appended" else [r for r in rows if r not in later]
    strata = [{**r, "lang": f"{r['lang']}/{r['kind']}"} for r in chosen]
    result = split_rows(strata)
    expected = {str(r["id"]): r["split"] for r in result.tune + result.test}
    assert {str(r["id"]): r["split"] for r in chosen} == expected


def test_another_question_set_is_only_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "other.jsonl"
    questions.write_text("", encoding="utf-8")
    assert main(["--fit", "--questions", str(questions)]) == 2
    assert main(["--questions", str(tmp_path / "missing.jsonl")]) == 2


def test_the_later_unanswerable_questions_are_a_dev_set_of_their_own() -> None:
    rows = [
        json.loads(line)
        for line in (QUESTIONS / "unanswerable-dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows) == 58 and not ids & {r["id"] for r in _rows()}
    assert all(r["answerable"] is False and r["relevant"] == [] and r["split"] == "dev" for r in rows)
    assert Counter(r["kind"] for r in rows) == {"off-topic": 30, "on-topic": 28}

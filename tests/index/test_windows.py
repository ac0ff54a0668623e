"""Sentence windows: how paragraphs are split, which windows get vectors, and the score mix."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.loading import Corpus
from index.dense import DenseIndex
from index.windows import ALPHA, WindowIndex, mixed_scores, paragraph_windows, plan_windows, window_key

CITING = (
    "As noted in HSP/HA.2/4, para. 19, homelessness rose by 1.5 per cent in 2022. "
    "The Executive Board took note of the report. "
    "It decided to act, e.g. by funding housing programmes."
)


def test_windows_are_two_consecutive_sentences_with_stride_one() -> None:
    assert paragraph_windows(CITING) == [
        "As noted in HSP/HA.2/4, para. 19, homelessness rose by 1.5 per cent in 2022. "
        "The Executive Board took note of the report.",
        "The Executive Board took note of the report. It decided to act, e.g. by funding housing programmes.",
    ]
    assert paragraph_windows("第一句。第二句！第三句？第四句。") == [
        "第一句。第二句！",
        "第二句！第三句？",
        "第三句？第四句。",
    ]
    assert paragraph_windows(CITING, size=1)[0].endswith("in 2022.")


@pytest.mark.parametrize(
    "text",
    [
        "See para. 19 of HSP/HA.2/4, where 1.5 million people are counted.",  # one sentence, not split
        "The Board met in Nairobi. It adopted decision 2023/1.",  # two sentences: one window
        "执行局通过了第 HSP/EB.2023/1 号决定。",
        "",
    ],
)
def test_at_most_two_sentences_are_one_window_the_text_itself(text: str) -> None:
    assert paragraph_windows(text) == [text]


def test_only_paragraphs_with_several_windows_are_planned(corpus: Corpus) -> None:
    doc = corpus.documents["004_723cbf81696a18db"]
    paragraphs = list(doc.paragraphs)
    plan = plan_windows(paragraphs, {}, size=2, context=False)
    per_paragraph = [paragraph_windows(p.text) for p in paragraphs]
    assert len(plan) == sum(len(w) for w in per_paragraph if len(w) > 1) > 0
    assert plan.texts == [w for ws in per_paragraph if len(ws) > 1 for w in ws]
    assert list(plan.owner) == sorted(plan.owner) and set(plan.owner) == {
        i for i, ws in enumerate(per_paragraph) if len(ws) > 1
    }
    assert len(plan_windows(paragraphs, {}, size=0, context=False)) == 0
    titled = plan_windows(paragraphs, {doc.doc_id: "Title"}, size=2, context=True)
    assert titled.texts[0].startswith("Title") and titled.texts[0].endswith(plan.texts[0])


def test_window_keys_are_stable_and_distinct() -> None:
    keys = {window_key(owner, n) for owner in (1, 2, 2**62) for n in range(5)}
    assert len(keys) == 15 and all(0 < k < 2**63 for k in keys)
    assert window_key(7, 0) == window_key(7, 0)


def test_mixed_scores_take_the_best_window_and_keep_a_lone_paragraph() -> None:
    paragraph = np.array([0.8, 0.6, 0.5], dtype=np.float32)
    window = np.array([0.9, 0.7, 0.4, 0.3], dtype=np.float32)
    owner = np.array([0, 0, 2, 2])  # candidate 1 has no windows of its own: one window, itself
    got = mixed_scores(paragraph, window, owner)
    expected = [(1 - ALPHA) * 0.8 + ALPHA * 0.9, 0.6, (1 - ALPHA) * 0.5 + ALPHA * 0.4]
    assert got == pytest.approx(expected)
    assert mixed_scores(paragraph, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)) == pytest.approx(
        paragraph
    )


def test_window_index_finds_the_windows_of_paragraphs() -> None:
    vectors = np.eye(5, 8, dtype=np.float32)
    index = WindowIndex(DenseIndex.build(vectors), np.array([0, 0, 2, 2, 2]), paragraphs=4)
    rows, position = index.rows_of([2, 1, 0])
    assert rows.tolist() == [2, 3, 4, 0, 1] and position.tolist() == [0, 0, 0, 2, 2]
    assert index.dense.vectors(rows).tolist() == vectors[[2, 3, 4, 0, 1]].tolist()
    with pytest.raises(ValueError, match="ascending"):
        WindowIndex(DenseIndex.build(vectors), np.array([0, 2, 1, 3, 3]), paragraphs=4)
    with pytest.raises(ValueError, match="5 window vectors for 2"):
        WindowIndex(DenseIndex.build(vectors), np.array([0, 1]), paragraphs=4)

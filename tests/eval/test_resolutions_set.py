"""The resolutions question set (issue 20): its form, its split, and that every gold paragraph exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from eval.datasets import load_question_set
from eval.split import DEFAULT_SEED, read_rows, split_rows
from qa.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
ALL = QUESTIONS / "resolutions.jsonl"
CORPUS = PROJECT_ROOT / "eval" / "corpora" / "resolutions"
ENTRY_RE = re.compile(r"^(?:\d+|preambular para\. \d+)$")


def test_the_set_has_enough_questions_in_both_languages_with_unique_ids() -> None:
    rows = read_rows(ALL)
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["question"] for r in rows}) == len(rows)
    assert sum(r["lang"] == "en" for r in rows) >= 100
    assert sum(r["lang"] == "zh" for r in rows) >= 40
    assert {r["kind"] for r in rows} == {"paraphrase", "fact", "keyword"}
    parts = {r["part"] for r in rows}
    assert {"preambular", "operative"} <= parts, "preambular paragraphs are targets too"
    for r in rows:
        for ref in r["relevant"]:
            assert ref["doc"].startswith("A/RES/") and ENTRY_RE.match(ref["paragraph"]), ref


@pytest.mark.parametrize("split", ["tune", "test"])
def test_the_committed_split_is_the_seeded_one(split: str) -> None:
    expected = getattr(split_rows(read_rows(ALL), seed=DEFAULT_SEED), split)
    committed = read_rows(QUESTIONS / f"resolutions-{split}.jsonl")
    assert committed == expected
    assert load_question_set(QUESTIONS / f"resolutions-{split}.jsonl").split == split


@pytest.mark.skipif(
    not (CORPUS / "files" / "A_RES_80_6-en.txt").is_file(),
    reason=f"the real resolutions are not in {CORPUS / 'files'} (see eval/corpora/resolutions/SOURCES.md)",
)
def test_every_gold_paragraph_is_in_the_parsed_corpus(tmp_path: Path) -> None:
    corpus = load_corpus(CORPUS, cache_dir=tmp_path)
    assert not corpus.problems
    assert len(corpus) == 59
    for row in read_rows(ALL):
        for ref in row["relevant"]:
            assert corpus.paragraph(ref["doc"], ref["paragraph"]), (row["id"], ref)

"""The independent question set (all.jsonl): every reference exists in the parsed corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from corpus.loading import Corpus, load_corpus
from eval.datasets import load_question_set
from qa.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
KINDS = {"paraphrase", "fact", "keyword", "typo", "traditional", "mixed", "footnote", "long"}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(PROJECT_ROOT / "corpus")


def test_every_reference_exists_in_the_parsed_corpus(corpus: Corpus) -> None:
    for row in _rows(QUESTIONS / "all.jsonl"):
        assert row["relevant"], row["id"]
        for ref in row["relevant"]:
            paragraph = corpus.paragraph(ref["doc"], ref["paragraph"])  # raises NotFound if absent
            assert paragraph.paragraph == ref["paragraph"], (row["id"], ref)


def test_ids_unique_fields_and_kinds() -> None:
    rows = _rows(QUESTIONS / "all.jsonl")
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["question"] for r in rows}) == len(rows)
    for row in rows:
        assert row["lang"] in {"zh", "en"} and row["kind"] in KINDS, row["id"]
    langs = Counter(r["lang"] for r in rows)
    assert langs["zh"] >= 120 and langs["en"] >= 120
    kinds = Counter(r["kind"] for r in rows)
    assert all(kinds[k] >= 10 for k in KINDS - {"paraphrase"}), kinds
    assert kinds["paraphrase"] == max(kinds.values())


def test_every_document_is_covered(corpus: Corpus) -> None:
    rows = _rows(QUESTIONS / "all.jsonl")
    touched = {corpus.resolve(ref["doc"]).doc_id for row in rows for ref in row["relevant"]}
    assert touched == {d.doc_id for d in corpus}


def test_no_question_repeats_the_dev_set() -> None:
    dev = {r["question"] for r in _rows(QUESTIONS / "dev.jsonl")}
    assert not dev & {r["question"] for r in _rows(QUESTIONS / "all.jsonl")}


def test_the_loader_reads_all_three_files() -> None:
    sizes = {name: len(load_question_set(QUESTIONS / f"{name}.jsonl").questions) for name in ("all", "tune", "test")}
    assert sizes["tune"] + sizes["test"] == sizes["all"]

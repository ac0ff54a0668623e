"""The cross-lingual question set (``eval/questions/crosslingual.jsonl``) and its corpus (``eval/corpora/un-en``).

The set's shape is checked on the committed files; that every gold paragraph exists is checked on the
real documents, which are not committed: without them that test is skipped and says why.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from eval.crosslingual import UN_EN, listed_files, un_en_corpus
from eval.readers import documents_folder
from eval.split import DEFAULT_SEED, split_rows
from qa.exceptions import EvaluationError
from qa.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
ROWS = [
    json.loads(line)
    for line in (QUESTIONS / "crosslingual.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
BY_ID = {r["id"]: r for r in ROWS}


def test_ids_are_unique_and_new() -> None:
    assert len(BY_ID) == len(ROWS)
    others = {
        json.loads(line)["id"]
        for name in ("all.jsonl", "dev.jsonl", "bilingual.jsonl", "unanswerable.jsonl", "unanswerable-dev.jsonl")
        for line in (QUESTIONS / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not others & set(BY_ID)


def test_at_least_sixty_chinese_questions_each_with_an_english_twin() -> None:
    counts = Counter((r["lang"], r["kind"]) for r in ROWS)
    assert counts[("zh", "cross-lingual")] >= 60
    assert counts[("en", "same-language")] == counts[("zh", "cross-lingual")]
    for row in ROWS:
        twin = BY_ID[row["twin"]]
        assert twin["twin"] == row["id"] and twin["lang"] != row["lang"]
        assert twin["relevant"] == row["relevant"] and twin["split"] == row["split"]
    assert len({r["question"] for r in ROWS}) == len(ROWS)


def test_questions_are_in_their_language() -> None:
    for row in ROWS:
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in row["question"])
        assert (cjk > len(row["question"]) / 3) == (row["lang"] == "zh"), row["id"]


def test_split_is_the_seeded_split_of_the_chinese_questions() -> None:
    chinese = [r for r in ROWS if r["lang"] == "zh"]
    result = split_rows([{k: v for k, v in r.items() if k != "split"} for r in chinese], seed=DEFAULT_SEED)
    assert {r["id"] for r in result.tune} == {r["id"] for r in chinese if r["split"] == "tune"}
    assert len(result.tune) == len(chinese) // 2


def test_gold_documents_are_in_the_corpus_manifest() -> None:
    import tomllib

    manifest = tomllib.loads((UN_EN / "documents.toml").read_text(encoding="utf-8"))
    symbols = {d["symbol"] for d in manifest["document"]}
    assert len(symbols) == len(manifest["document"]) == 20
    for row in ROWS:
        for gold in row["relevant"]:
            assert gold["doc"] in symbols, (row["id"], gold)
    # The corpus's entries are links into the real-documents folder, never copies of the files.
    for name in listed_files():
        assert (UN_EN / name).is_symlink() and (UN_EN / name).readlink() == Path("../un/files") / name


def test_a_folder_without_the_documents_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="lacks 20 of the 20 documents"):
        un_en_corpus(tmp_path / "out", source=tmp_path)


FOLDER = documents_folder()
HAVE_FILES = all((FOLDER / name).is_file() for name in listed_files())


@pytest.mark.skipif(
    not HAVE_FILES, reason=f"the real UN documents are not in {FOLDER} (see eval/corpora/un/SOURCES.md)"
)
def test_every_gold_paragraph_exists_in_the_real_documents(tmp_path: Path) -> None:
    folder = un_en_corpus(tmp_path / "un-en", source=FOLDER)
    corpus = load_corpus(folder, cache_dir=PROJECT_ROOT / "var" / "parse-cache")
    assert not corpus.problems
    entries = {(d.info.symbol, p.paragraph) for d in corpus for p in d.paragraphs}
    for row in ROWS:
        for gold in row["relevant"]:
            assert (gold["doc"], gold["paragraph"]) in entries, (row["id"], gold)

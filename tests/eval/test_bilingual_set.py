"""The bilingual evaluation corpus (eval/corpora/bilingual) and its question set (bilingual.jsonl).

The corpus is the five bundled Chinese documents (symlinks), our English translation of
HSP/HA.2/4 paragraphs 1–49 (``000_en``) and a short English-only document
(``en_only_urban_heat``). These tests load it with the real loader and check the questions
against the parsed paragraphs.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from corpus.loading import Corpus, load_corpus
from eval.datasets import load_question_set
from qa.settings import PROJECT_ROOT

BILINGUAL = PROJECT_ROOT / "eval" / "corpora" / "bilingual"
QUESTIONS = PROJECT_ROOT / "eval" / "questions"
SET = QUESTIONS / "bilingual.jsonl"
KINDS = {"paraphrase", "fact", "keyword", "verbatim", "cross-lingual"}
ZH_000 = "000_b5f21519506bdb07"
ENGLISH = {"000_en": 49, "en_only_urban_heat": 14}
"""English documents of the corpus and how many numbered paragraphs each has."""

ENGLISH_PARSING = (
    "English headings are not parsed yet: 'I. Introduction' (before paragraph 1) must open the "
    "section path, and 'II. …'/'III. …'/'IV. …' headings must start a new section instead of being "
    "glued onto the paragraph above. This is issue 13's English parsing rules (corpus/parsing.py)."
)


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(BILINGUAL)


def test_the_corpus_loads_all_seven_documents_without_problems(corpus: Corpus) -> None:
    assert not corpus.problems, [str(p) for p in corpus.problems]
    assert set(corpus.documents) == {p.stem for p in BILINGUAL.glob("*.txt")}
    assert len(corpus) == 7
    for doc_id in ENGLISH:
        assert corpus.resolve(doc_id).info.language == "en"
    assert corpus.resolve("000_en").symbol == corpus.resolve(ZH_000).symbol == "HSP/HA.2/4"


def test_the_chinese_files_are_the_bundled_ones() -> None:
    bundled = tomllib.loads((PROJECT_ROOT / "corpus" / "documents.toml").read_text(encoding="utf-8"))["document"]
    ours = tomllib.loads((BILINGUAL / "documents.toml").read_text(encoding="utf-8"))["document"]
    assert ours[: len(bundled)] == bundled
    for entry in bundled:
        link = BILINGUAL / entry["file"]
        assert link.is_symlink() and not Path(link.readlink()).is_absolute(), link
        assert link.resolve() == (PROJECT_ROOT / "corpus" / entry["file"]).resolve()


def test_every_reference_exists_in_the_parsed_corpus(corpus: Corpus) -> None:
    for row in _rows(SET):
        assert row["relevant"], row["id"]
        for ref in row["relevant"]:
            paragraph = corpus.paragraph(ref["doc"], ref["paragraph"])  # raises NotFound if absent
            assert paragraph.paragraph == ref["paragraph"], (row["id"], ref)


def test_ids_fields_languages_and_kinds() -> None:
    rows = _rows(SET)
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["question"] for r in rows}) == len(rows)
    for row in rows:
        assert row["lang"] in {"zh", "en"} and row["kind"] in KINDS and row["split"] == "test", row["id"]
        # Every answer is in an English file (a translated paragraph also lists its Chinese original).
        assert any(ref["doc"] in ENGLISH for ref in row["relevant"]), row["id"]
        if row["lang"] == "zh":
            assert row["kind"] == "cross-lingual", row["id"]
    langs = Counter(r["lang"] for r in rows)
    assert langs["en"] >= 30 and langs["zh"] >= 20, langs
    kinds = Counter(r["kind"] for r in rows)
    assert all(kinds[k] >= 4 for k in KINDS), kinds
    assert len(rows) >= 60
    assert len(load_question_set(SET).questions) == len(rows)


def test_translated_paragraphs_list_both_versions() -> None:
    """A question on a translated paragraph names the English and the Chinese version (not verbatim ones)."""
    for row in _rows(SET):
        refs = {(r["doc"], r["paragraph"]) for r in row["relevant"]}
        for doc, number in refs:
            if doc == "000_en" and row["kind"] != "verbatim":
                assert (ZH_000, number) in refs, row["id"]


def test_verbatim_questions_are_copied_from_their_paragraph(corpus: Corpus) -> None:
    rows = [r for r in _rows(SET) if r["kind"] == "verbatim"]
    assert len(rows) >= 4
    for row in rows:
        (ref,) = row["relevant"]
        assert ref["doc"] in ENGLISH, row["id"]
        assert row["question"] in corpus.paragraph(ref["doc"], ref["paragraph"]).text, row["id"]


def test_the_issue_s_verbatim_sentence_is_in_the_set() -> None:
    assert any(r["question"] == "Contributions to the non-earmarked fund amounted to" for r in _rows(SET))


def test_no_question_repeats_the_other_sets() -> None:
    others = {r["question"] for name in ("dev", "all") for r in _rows(QUESTIONS / f"{name}.jsonl")}
    assert not others & {r["question"] for r in _rows(SET)}


@pytest.mark.parametrize(("doc_id", "count"), sorted(ENGLISH.items()))
def test_english_files_number_their_paragraphs_consecutively(doc_id: str, count: int) -> None:
    lines = (BILINGUAL / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
    numbers = [int(m.group(1)) for line in lines if (m := re.match(r"^(\d+)\. \S", line))]
    assert numbers == list(range(1, count + 1))


@pytest.mark.parametrize(("doc_id", "count"), sorted(ENGLISH.items()))
def test_the_parser_finds_every_english_paragraph(corpus: Corpus, doc_id: str, count: int) -> None:
    numbered = [p.paragraph for p in corpus.resolve(doc_id).paragraphs if p.paragraph]
    assert numbered == [str(n) for n in range(1, count + 1)]


def test_the_translation_covers_paragraphs_of_the_chinese_original(corpus: Corpus) -> None:
    chinese = {p.paragraph for p in corpus.resolve(ZH_000).paragraphs}
    english = [p.paragraph for p in corpus.resolve("000_en").paragraphs]
    assert set(english) <= chinese
    # Sub-items stay with their paragraph, one per line, as in the original.
    assert corpus.paragraph("000_en", "17").text.count("\n(") == corpus.paragraph(ZH_000, "17").text.count("\n(") == 3
    assert corpus.paragraph("000_en", "33").text.count("\n(") == 4


def test_english_footnotes_are_removed_from_the_paragraphs(corpus: Corpus) -> None:
    text = {n: corpus.paragraph("000_en", n).text for n in ("4", "17", "20", "23")}
    assert "slum upgrading as a platform" in text["20"] and "upgrading2" not in text["20"]
    assert "worldwide shows" in text["23"]
    assert text["17"].endswith("achieving health as an outcome.") and "citiq.com" not in text["17"]
    assert "HSP/HA.2/1" not in text["4"]
    heat = corpus.resolve("en_only_urban_heat")
    assert corpus.paragraph(heat.doc_id, "5").text.endswith("heat action plan.")
    assert not any("Baseline Assessment" in p.text for p in heat.paragraphs)


def test_the_heading_before_paragraph_1_opens_the_section_path(corpus: Corpus) -> None:
    """Correct behaviour; fails until English headings are parsed (see ENGLISH_PARSING)."""
    assert corpus.paragraph("000_en", "1").section == "I. Introduction", ENGLISH_PARSING
    assert corpus.paragraph("000_en", "6").section == (
        "I. Introduction > A. Delivering integrated urban solutions through the new organizational structure"
    ), ENGLISH_PARSING
    assert corpus.paragraph("en_only_urban_heat", "1").section == "I. Introduction", ENGLISH_PARSING


def test_roman_headings_are_not_glued_onto_the_paragraph_above(corpus: Corpus) -> None:
    """Correct behaviour; fails until English headings are parsed (see ENGLISH_PARSING)."""
    ends = {
        ("000_en", "26"): "on accreditation procedures.",
        ("en_only_urban_heat", "3"): "took part in the pilot phase.",
        ("en_only_urban_heat", "6"): "speak minority languages.",
        ("en_only_urban_heat", "11"): "heat-sensitive urban planning.",
    }
    for (doc_id, number), end in ends.items():
        assert corpus.paragraph(doc_id, number).text.endswith(end), (doc_id, number, ENGLISH_PARSING)


def test_roman_headings_make_the_section_path(corpus: Corpus) -> None:
    """Correct behaviour; fails until English headings are parsed (see ENGLISH_PARSING)."""
    sections = {
        ("000_en", "27"): "II. Implementation of the resolutions and decisions adopted by the UN-Habitat Assembly at "
        "its first session",
        ("000_en", "28"): "II. Implementation of the resolutions and decisions adopted by the UN-Habitat Assembly at "
        "its first session > A. Resolution 1/1: United Nations Human Settlements Programme strategic plan for the "
        "period 2020–2023 (HSP/HA.1/Res.1)",
        ("en_only_urban_heat", "4"): "II. Extreme heat in cities > A. Who is most exposed",
        ("en_only_urban_heat", "7"): "III. The Cool Neighbourhoods Initiative",
        ("en_only_urban_heat", "13"): "IV. Financing",
        ("en_only_urban_heat", "14"): "V. Action by the Executive Board",
    }
    for (doc_id, number), section in sections.items():
        assert corpus.paragraph(doc_id, number).section == section, (doc_id, number, ENGLISH_PARSING)

"""Language per document and per paragraph, and the English parsing rules, on our own English texts.

``data/hsp_ha_2_4_en_excerpt.txt`` is our own English translation of paragraphs 1–5 and 19 of
HSP/HA.2/4 (numbered as the original); ``data/en_only_report.txt`` a short English-only report
written for these tests (a summary, roman and letter headings, sub-items, a footnote with a URL).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.language import LANGUAGES, check_language, detect_language
from corpus.loading import Corpus, load_corpus
from qa.exceptions import CorpusError

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def english() -> Corpus:
    return load_corpus(DATA)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("人居署继续与全球各伙伴和利益攸关方合作，建设包容性城市。", "zh"),
        ("The present report is submitted pursuant to the resolutions of the Assembly and its decisions.", "en"),
        ("Le présent rapport est soumis en application des résolutions de l'Assemblée et de ses décisions.", "fr"),
        ("El presente informe se presenta en cumplimiento de las resoluciones de la Asamblea y sus decisiones.", "es"),
        ("Настоящий доклад представляется во исполнение резолюций Ассамблеи и её решений.", "ru"),
        ("يقدم هذا التقرير عملا بقرارات الجمعية ومقرراتها المتعلقة بالمستوطنات البشرية.", "ar"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text).language == lang


def test_undecidable_language_is_none_with_a_reason() -> None:
    guess = detect_language("1. 2. 3. ok")
    assert guess.language is None and "too little text" in guess.evidence
    assert detect_language("Habitat Nairobi UN-Habitat Kigali Medellín Surabaya Tunis").language is None


def test_check_language() -> None:
    assert check_language(" EN ") == "en" and set(LANGUAGES) == {"zh", "en", "fr", "es", "ru", "ar"}
    with pytest.raises(CorpusError, match="use one of zh, en, fr, es, ru, ar"):
        check_language("de")


def test_bundled_documents_and_paragraphs_are_chinese(corpus: Corpus) -> None:
    assert {d.info.language for d in corpus} == {"zh"}
    numbered = [p for p in corpus.paragraphs if p.paragraph]
    assert all(p.lang == "zh" for p in numbered)


def test_english_translation_parses_as_the_original_numbers(english: Corpus, corpus: Corpus) -> None:
    doc = english.documents["hsp_ha_2_4_en_excerpt"]
    assert english.problems == []
    assert doc.symbol == "HSP/HA.2/4" and doc.info.language == "en"
    assert doc.info.title == (
        "Activities of the United Nations Human Settlements Programme, including coordination matters: "
        "report of the Executive Director"
    )
    assert [p.paragraph for p in doc.paragraphs] == ["1", "2", "3", "4", "5", "19"]
    assert all(p.lang == "en" for p in doc.paragraphs)
    p19 = english.paragraph("hsp_ha_2_4_en_excerpt", "19")
    assert p19.citation == "HSP/HA.2/4, para. 19" and p19.citation_zh == "HSP/HA.2/4号文件第19段"
    assert p19.section == "I. Introduction > D. Catalytic normative guidance"
    assert p19.text.startswith("In 2022, 150 million people were homeless.")
    # The original's paragraph 19 sits under the same headings.
    assert corpus.paragraph("HSP/HA.2/4", "19").section.split(" > ")[1].startswith("D.")
    # A page break with the agenda footnote inside paragraph 4, joined as one sentence.
    p4 = english.paragraph("hsp_ha_2_4_en_excerpt", "4").text
    assert "for the period 2020–2023 to the global sustainable development agenda" in p4
    assert "HSP/HA.2/1" not in p4
    assert [f.mark for f in doc.footnotes] == ["*"]


def test_english_only_document(english: Corpus) -> None:
    doc = english.documents["en_only_report"]
    assert doc.symbol == "HSP/EB.2099/7" and doc.info.language == "en"
    assert doc.info.title == (
        "Financial, budgetary and administrative matters: report of the Executive Director on the non-earmarked fund"
    )
    summary = english.paragraph("en_only_report", "summary")
    assert summary.citation == "HSP/EB.2099/7, summary" and summary.text.startswith("The present report describes")
    p3 = english.paragraph("en_only_report", "3")
    assert p3.section == "II. Financial situation > A. Contributions"
    assert p3.text.startswith("Contributions to the non-earmarked fund amounted to 4.2 million dollars in 2098")
    p5 = english.paragraph("en_only_report", "para. 5")
    assert p5.text.split("\n")[1:] == [
        "(a) a campaign addressed to the mayors of partner cities, launched in six pilot cities;",
        "(b) quarterly briefings for Member States on the use of non-earmarked resources;",
        "(c) a public dashboard showing each contribution within a week of its receipt.",
    ]
    (note,) = p5.footnotes
    assert note.mark == "1" and note.text.endswith("see https://example.org/pilot-cities.")
    assert doc.numbered_count == 6


def test_language_from_the_manifest_wins(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes((DATA / "en_only_report.txt").read_bytes())
    (folder / "documents.toml").write_text(
        '[[document]]\nfile = "a.txt"\nsymbol = "HSP/EB.2099/7"\ntitle = "T"\nlanguage = "fr"\n', encoding="utf-8"
    )
    assert load_corpus(folder).documents["a"].info.language == "fr"


def test_undecidable_document_asks_for_lang(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "n.txt").write_text("1. 2098: 4.2.\n\n2. 2097: 3.1.\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert len(corpus) == 1
    (problem,) = corpus.problems
    assert problem.file == "n.txt" and "--lang" in problem.message and "language cannot be told" in problem.message


@pytest.mark.parametrize(
    ("lines", "version", "original"),
    [
        # A/79/876: the reader joins the version's line to the organs beside it.
        (
            ["Original: Arabic", "General Assembly Distr.: General Security Council English", "17 April 2025"],
            "en",
            "ar",
        ),
        (["Original: Arabic", "Security Council Distr.: General", "20 June 2025 English"], "en", "ar"),
        (["Distr.: General", "15 November 2010", "Arabic", "Original: English"], "ar", "en"),
        (["Original : anglais", "Assemblée Distr. générale", "4 mai 2010", "Français"], "fr", "en"),
        (["Original: inglés", "Asamblea Distr. general", "Español"], "es", "en"),
        (["ENGLISH", "ORIGINAL: ENGLISH/FRENCH"], "en", None),  # two originals: neither
        (["8 November 2011", "English only"], "en", None),
        (["Original: English", "Distr.: General", "English, French and Spanish only"], None, "en"),
        (["Report on the teaching of Arabic", "Original: English"], None, "en"),  # a title is no masthead line
        (["大 会 Distr.: General 31 March 2021", "Chinese", "Original: English"], "zh", "en"),
    ],
)
def test_the_masthead_names_the_version_and_its_original(
    lines: list[str], version: str | None, original: str | None
) -> None:
    from corpus.language import MastheadLanguage, masthead_language

    assert masthead_language(lines) == MastheadLanguage(version, original)

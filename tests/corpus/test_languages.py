"""One place per language (corpus.languages): citation forms, detection per paragraph, ODS links.

The six-language material is ``tests/fixtures/six_languages.py`` (articles of the Universal
Declaration of Human Rights in its six official versions, laid out as one UN document)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.citations import cite, cite_footnote, cite_zh
from corpus.language import LANGUAGES, detect_language
from corpus.languages import paragraph_reference_re, rules
from corpus.loading import Corpus, load_corpus
from corpus.models import DocumentInfo, SymbolRule
from corpus.ods import ods_url
from tests.fixtures.six_languages import PARAGRAPHS, SYMBOL

INFO = DocumentInfo("d", "A/HRC/WG.6/7/ITA/1", SymbolRule.MANIFEST, "t")


@pytest.mark.parametrize(
    ("lang", "expected", "subitem"),
    [
        ("en", "A/HRC/WG.6/7/ITA/1, para. 12", "A/HRC/WG.6/7/ITA/1, para. 12 (b)"),
        ("zh", "A/HRC/WG.6/7/ITA/1, para. 12", "A/HRC/WG.6/7/ITA/1, para. 12 (b)"),
        ("fr", "A/HRC/WG.6/7/ITA/1, par. 12", "A/HRC/WG.6/7/ITA/1, par. 12 b)"),
        ("es", "A/HRC/WG.6/7/ITA/1, párr. 12", "A/HRC/WG.6/7/ITA/1, párr. 12 b)"),
        ("ru", "A/HRC/WG.6/7/ITA/1, пункт 12", "A/HRC/WG.6/7/ITA/1, пункт 12 b)"),
        ("ar", "A/HRC/WG.6/7/ITA/1، الفقرة 12", "A/HRC/WG.6/7/ITA/1، الفقرة 12 (b)"),
    ],
)
def test_citations_in_each_language_un_style(lang: str, expected: str, subitem: str) -> None:
    assert cite(INFO, "12", lang=lang) == expected
    assert cite(INFO, "12(b)", lang=lang) == subitem
    # Written and read back: the paragraph word of every language is recognised in a question.
    found = paragraph_reference_re().search(expected)
    assert found is not None and found.group(1) == "12"


def test_chinese_form_and_unnumbered_text_stay_as_they_were() -> None:
    assert cite_zh(INFO, "12") == "A/HRC/WG.6/7/ITA/1号文件第12段"
    # Unnumbered entries and documents without a symbol are cited in English in every language.
    assert cite(INFO, None, "", "summary", lang="fr") == "A/HRC/WG.6/7/ITA/1, summary"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "X, para. 4, footnote 5"),
        ("fr", "X, para. 4, note 5"),
        ("es", "X, para. 4, nota 5"),
        ("ru", "X, para. 4, сноска 5"),
        ("ar", "X, para. 4، الحاشية 5"),
    ],
)
def test_footnotes_in_each_language(lang: str, expected: str) -> None:
    assert cite_footnote("X, para. 4", "5", lang=lang) == expected


def test_every_official_language_has_its_rules() -> None:
    assert {rules(code).code for code in LANGUAGES} == set(LANGUAGES)
    assert rules("ar").direction == "rtl" and all(rules(c).direction == "ltr" for c in LANGUAGES if c != "ar")
    assert rules("zh").html == "zh-Hans" and rules("fr").html == "fr"
    assert rules("de").code == "en" and rules(None).code == "en"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ods_link_in_each_language(lang: str) -> None:
    assert ods_url(SYMBOL, lang) == f"https://documents.un.org/api/symbol/access?s={SYMBOL}&l={lang}&t=pdf"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_version_is_detected_paragraph_by_paragraph(six_corpus: Corpus, lang: str) -> None:
    doc = six_corpus.documents[f"udhr_{lang}"]
    assert doc.info.language == lang and doc.info.symbol == SYMBOL
    assert [p.paragraph for p in doc.paragraphs] == ["1", "2", "3", "4", "5", "6"]
    assert all(p.lang == lang for p in doc.paragraphs)
    assert [p.text for p in doc.paragraphs] == list(PARAGRAPHS[lang])
    word = {"fr": ", par.", "es": ", párr.", "ru": ", пункт", "ar": "، الفقرة"}.get(lang, ", para.")
    assert doc.paragraphs[2].citation == f"{SYMBOL}{word} 3"
    assert doc.paragraphs[2].citation_zh == f"{SYMBOL}号文件第3段"


def test_a_language_outside_the_six_is_indexed_with_a_warning(six_corpus: Corpus) -> None:
    guess = detect_language("Κάθε άτομο έχει δικαίωμα στη ζωή, την ελευθερία και την προσωπική του ασφάλεια.")
    assert guess.language is None and "Greek" in guess.evidence and "six official UN languages" in guess.evidence
    greek = six_corpus.documents["greek_note"]
    assert len(greek.paragraphs) == 2, "kept, not refused"
    problems = [p.message for p in six_corpus.problems if p.file == "greek_note.txt"]
    assert problems and "Greek" in problems[0] and "searched by meaning only" in problems[0]


def test_mixed_document_keeps_each_paragraph_language(tmp_path: Path) -> None:
    en, fr, ru = PARAGRAPHS["en"][0], PARAGRAPHS["fr"][0], PARAGRAPHS["ru"][0]
    body = f"{SYMBOL}\n\nGeneral Assembly\n\nQuotations\n\n1. {en}\n\n2. {fr}\n\n3. {ru}\n\n4. {PARAGRAPHS['en'][1]}\n"
    (tmp_path / "mixed.txt").write_text(body, encoding="utf-8")
    (tmp_path / "documents.toml").write_text(
        f'[[document]]\ndoc_id = "mixed"\nfile = "mixed.txt"\nsymbol = "{SYMBOL}"\ntitle = "Quotations"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    doc = load_corpus(tmp_path).documents["mixed"]
    assert [p.lang for p in doc.paragraphs] == ["en", "fr", "ru", "en"]


def test_arabic_function_words_with_a_fused_proclitic_are_stop_words() -> None:
    """``لكل`` (for every) is ``كل`` with the preposition ل written onto it: a function word still, so
    it weighs nothing in BM25, as ``وفي`` and ``ومن`` (listed by hand before) do."""
    from index.tokenization import tokenize

    stop = rules("ar").stop_words
    assert {"كل", "لكل", "وكل", "بكل", "فيه", "وفيه", "بهذا", "لهذه"} <= stop
    assert tokenize("لكل شخص الحق في التعلم", lang="ar") == ["شخص", "حق", "تعلم"]
    # Content words that merely start with one of the letters stay.
    assert tokenize("لجنة بلد وطن", lang="ar") == ["لجن", "بلد", "وطن"]


def test_english_number_words_and_their_chinese_forms() -> None:
    from corpus.languages import en, zh

    assert en.CARDINALS["nine"] == 9 and en.CARDINALS["twenty one"] == 21 and len(en.CARDINALS) == 99
    assert en.ORDINALS["eleventh"] == 11 and en.ORDINALS["sixty seventh"] == 67 and len(en.ORDINALS) == 99
    assert [zh.numeral(n) for n in (1, 9, 10, 11, 20, 67, 99)] == ["一", "九", "十", "十一", "二十", "六十七", "九十九"]
    assert zh.cardinal_forms(9) == ("九", "九个", "9")
    assert zh.cardinal_forms(2)[:2] == ("两", "两个")
    assert zh.ordinal_forms(11) == ("第十一", "第十一届", "第十一次")
    with pytest.raises(ValueError, match="1 to 99"):
        zh.numeral(100)


def test_english_words_in_the_form_a_dictionary_defines() -> None:
    from corpus.languages.en import american_spelling, dictionary_form

    british = [
        "programme",
        "programmes",
        "labour",
        "centre",
        "metre",
        "organisation",
        "analyse",
        "defence",
        "catalogue",
    ]
    american = ["program", "programs", "labor", "center", "meter", "organization", "analyze", "defense", "catalog"]
    assert [american_spelling(w) for w in british] == american
    assert [american_spelling(w) for w in ("hour", "four", "your", "program", "wise")] == [None] * 5
    assert [dictionary_form(w) for w in ("held", "took", "taken", "sought", "Programme")] == [
        "hold",
        "take",
        "take",
        "seek",
        "program",
    ]
    assert dictionary_form("hold") is None


def test_irregular_plurals_both_ways() -> None:
    from corpus.languages.en import plural, singular

    assert [singular(w) for w in ("women", "chairmen", "children", "people", "states")] == [
        "woman",
        "chairman",
        "child",
        "person",
        None,
    ]
    assert [plural(w) for w in ("woman", "child", "person", "state")] == ["women", "children", "people", None]


def test_arabic_fragments_tell_a_wrong_glyph_map() -> None:
    from corpus.languages.ar import fragment_share

    assert fragment_share("إن مجلس السلطة الدولية لقاع البحار و يقرر") == (0.0, 8)  # و may stand alone
    share, words = fragment_share("ال ازحة ن مقومة أ ال ماتوا")
    assert (round(share, 2), words) == (0.57, 7)
    assert fragment_share("no Arabic here") == (0.0, 0)


def test_a_paragraph_numbered_within_its_section_is_cited_whole() -> None:
    """``para. 25.1`` (a budget fascicle), ``párr. 2.3`` (a treaty body's views) name one paragraph, not ``25``; a full
    stop after a number ends the sentence."""
    found = [paragraph_reference_re().search(q) for q in ("A/81/6, para. 25.1", "párr. 2.3 del dictamen", "para. 19.")]
    assert [m.group(1) for m in found if m] == ["25.1", "2.3", "19"]

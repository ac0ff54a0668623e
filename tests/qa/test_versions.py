"""Parallel versions in search, on the real bilingual index: one hit per paragraph across languages."""

from __future__ import annotations

import json

import pytest

from qa.exceptions import QueryError
from qa.retrieval import Searcher
from qa.versions import version_mismatches

HOMELESS_EN = "How many people were homeless in 2022?"
HOMELESS_ZH = "2022年有多少人无家可归？"


def _keys(result) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(h.symbol, h.paragraph) for h in result.hits]


def test_corpus_is_multilingual(bilingual_searcher: Searcher) -> None:
    assert bilingual_searcher.versions.multilingual


def test_verbatim_english_sentence_ranks_its_paragraph_first(bilingual_searcher: Searcher) -> None:
    result = bilingual_searcher.search("Contributions to the non-earmarked fund amounted to", top_k=5)
    top = result.hits[0]
    assert (top.doc_id, top.paragraph, top.lang) == ("en_only_urban_heat", "13", "en")
    assert top.versions == ()  # an English-only document has no other version


def test_chinese_question_finds_the_english_only_document(bilingual_searcher: Searcher) -> None:
    result = bilingual_searcher.search("城市中哪些人最容易受到极端高温的威胁？", top_k=5)
    assert ("en_only_urban_heat", "4") in [(h.doc_id, h.paragraph) for h in result.hits]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_one_hit_per_paragraph_across_languages(bilingual_searcher: Searcher, mode: str) -> None:
    result = bilingual_searcher.search(HOMELESS_EN, top_k=20, mode=mode)
    keys = [k for k in _keys(result) if k[0]]
    assert len(keys) == len(set(keys))


def test_english_question_leads_with_english_version(bilingual_searcher: Searcher) -> None:
    hit = bilingual_searcher.search(HOMELESS_EN, top_k=5).hits[0]
    assert (hit.symbol, hit.paragraph, hit.lang, hit.doc_id) == ("HSP/HA.2/4", "19", "en", "000_en")
    assert hit.ods_url == "https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=en&t=pdf"
    assert [v.lang for v in hit.versions] == ["zh"]
    zh = hit.versions[0]
    assert zh.citation == "HSP/HA.2/4号文件第19段"
    assert zh.paragraph == "19" and zh.doc_id != "000_en"
    assert "2022" in zh.text and zh.ods_url and zh.ods_url.endswith("l=zh&t=pdf")
    assert hit.citation == "HSP/HA.2/4, para. 19"


def test_chinese_question_leads_with_chinese_version(bilingual_searcher: Searcher) -> None:
    hit = bilingual_searcher.search(HOMELESS_ZH, top_k=5).hits[0]
    assert (hit.symbol, hit.paragraph, hit.lang) == ("HSP/HA.2/4", "19", "zh")
    assert [v.lang for v in hit.versions] == ["en"]
    assert hit.versions[0].citation == "HSP/HA.2/4, para. 19"


def test_lang_preference_overrides_the_question(bilingual_searcher: Searcher) -> None:
    hit = bilingual_searcher.search(HOMELESS_EN, top_k=5, lang="zh").hits[0]
    assert (hit.paragraph, hit.lang) == ("19", "zh")
    assert [v.lang for v in hit.versions] == ["en"]


def test_documents_filter_keeps_the_lead_inside(bilingual_searcher: Searcher) -> None:
    zh_doc = next(
        d for d, r in bilingual_searcher.documents.items() if r.get("symbol") == "HSP/HA.2/4" and d != "000_en"
    )
    result = bilingual_searcher.search(HOMELESS_EN, top_k=5, documents=[zh_doc])
    assert all(h.doc_id == zh_doc for h in result.hits)
    assert result.hits[0].paragraph == "19" and [v.lang for v in result.hits[0].versions] == ["en"]


def test_hit_json_carries_versions_and_ods(bilingual_searcher: Searcher) -> None:
    data = json.loads(json.dumps(bilingual_searcher.search(HOMELESS_EN, top_k=3).to_dict()))
    first = data["results"][0]
    assert first["ods_url"].startswith("https://documents.un.org/")
    assert set(first["versions"][0]) == {"lang", "doc_id", "paragraph", "citation", "text", "ods_url"}


@pytest.mark.parametrize("bad", ["de", "english", "", 3])
def test_unknown_lang_is_refused(bilingual_searcher: Searcher, bad: object) -> None:
    with pytest.raises(QueryError, match="zh, en, fr, es, ru, ar"):
        bilingual_searcher.search(HOMELESS_EN, lang=bad)  # type: ignore[arg-type]


def test_mismatches_report_numbers_one_version_lacks(bilingual_searcher: Searcher) -> None:
    found = version_mismatches(bilingual_searcher.paragraphs, doc_lang={})
    # The English version translates paragraphs 1-49 only; the Chinese original has more.
    assert any(m.symbol == "HSP/HA.2/4" and m.lang == "en" and "50" in m.missing for m in found)
    assert all(m.symbol == "HSP/HA.2/4" for m in found)


@pytest.mark.parametrize("question", [HOMELESS_EN, HOMELESS_ZH, "HSP/HA.2/4, para. 19"])
def test_versions_are_read_from_the_store(bilingual_searcher: Searcher, question: str) -> None:
    """One hit per paragraph across languages with no table of every paragraph in memory."""
    from tests.qa.test_retrieval import no_scan_twin

    twin, store = no_scan_twin(bilingual_searcher)
    for lang in (None, "zh", "en"):
        got = twin.search(question, top_k=10, lang=lang).to_dict()
        want = bilingual_searcher.search(question, top_k=10, lang=lang).to_dict()
        got.pop("took_ms"), want.pop("took_ms")
        assert got == want
    assert any(h["versions"] for h in got["results"])

"""References to paragraphs: of our documents, of outside instruments, or bare numbers."""

from __future__ import annotations

import pytest

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from qa.references import OutsideRef, ParagraphRef, read_references
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.mark.parametrize(
    ("text", "paragraphs", "outside"),
    [
        ("paragraph 3 of resolution 1/1", [], [OutsideRef("resolution", "1/1", "3")]),
        ("decision 2020/6, para. 5", [], [OutsideRef("decision", "2020/6", "5")]),
        ("第 1/1 号决议第 3 段", [], [OutsideRef("resolution", "1/1", "3")]),
        ("执行局第2020/6号决定第5段", [], [OutsideRef("decision", "2020/6", "5")]),
        ("HSP/HA.2/4, para. 99", [ParagraphRef("HSP/HA.2/4", "99")], []),
        ("para. 19 of the report HSP/HA.2/4", [ParagraphRef("HSP/HA.2/4", "19")], []),
        ("HSP/HA.2/4号文件第19段", [ParagraphRef("HSP/HA.2/4", "19")], []),
        ("paragraph 12", [ParagraphRef(None, "12")], []),
        ("What does resolution 1/1 ask in paragraph 3?", [], [OutsideRef("resolution", "1/1", "3")]),
        # A section of the programme budget, its paragraphs numbered within it, in English and in Chinese.
        ("A/81/6 (Sect. 25), para. 25.3", [ParagraphRef("A/81/6 (SECT. 25)", "25.3")], []),
        ("A/81/6 (Sect. 25)/Part A 第 25.3 段", [ParagraphRef("A/81/6 (SECT. 25)/PART A", "25.3")], []),
    ],
)
def test_references_are_read_with_their_instrument(
    text: str, paragraphs: list[ParagraphRef], outside: list[OutsideRef]
) -> None:
    refs = read_references(text, ())
    assert [ParagraphRef(r.symbol.upper() if r.symbol else None, r.paragraph) for r in refs.paragraphs] == paragraphs
    assert list(refs.outside) == outside


def test_a_paragraph_of_an_outside_resolution_is_not_every_paragraph_3(searcher: Searcher) -> None:
    question = "Pursuant to paragraph 3 of resolution 1/1, which instruments did the Executive Board approve in 2022?"
    result = searcher.search(question, top_k=5)
    assert not any("shown first" in n for n in result.notes)
    assert any("resolution 1/1" in n for n in result.notes)
    assert [h.paragraph for h in result.hits].count("3") <= 1
    # The paragraph that cites "第 1/1 号决议第 3 段" leads.
    assert result.hits[0].citation == "HSP/HA.2/4, para. 33"


def test_a_paragraph_of_an_outside_decision_finds_the_paragraph_citing_it(searcher: Searcher) -> None:
    result = searcher.search("decision 2020/6, para. 5", top_k=3)
    assert result.hits[0].citation == "HSP/HA.2/4, para. 61"  # "第 2020/6 号决定第 5 段"
    assert not any("shown first" in n for n in result.notes)


def test_a_missing_paragraph_of_ours_says_so_and_searches(searcher: Searcher) -> None:
    result = searcher.search("HSP/HA.2/4, para. 99", top_k=3)
    assert "HSP/HA.2/4 has no paragraph 99: the question was searched instead" in result.notes
    assert result.hits and not result.answered


def test_a_bare_paragraph_number_is_not_a_citation(searcher: Searcher) -> None:
    result = searcher.search("What does paragraph 12 say about housing?", top_k=5)
    assert not any("shown first" in n for n in result.notes)
    # Restricted to one document, the bare number is that document's paragraph.
    one = searcher.search("第12段", top_k=1, documents=["HSP/HA.2/4"])
    assert one.hits[0].citation == "HSP/HA.2/4, para. 12"


def test_a_paragraph_of_a_document_not_held_says_so_and_is_not_answered(searcher: Searcher) -> None:
    """``ISBA/19/C/17, para. 3``: a document of another series, not in this corpus."""
    result = searcher.search("What does ISBA/19/C/17, para. 3 say?", top_k=5)
    assert result.query is not None and result.query.symbols == ("ISBA/19/C/17",)
    assert "ISBA/19/C/17 is not among these documents: the question was searched instead" in result.notes
    assert not result.answered and all(h.match != "strong" for h in result.hits)


def test_a_paragraph_citing_the_absent_document_comes_up(searcher: Searcher) -> None:
    result = searcher.search("A/RES/75/224号决议第1段要求什么？", top_k=3)
    assert any("A/RES/75/224 is not among these documents" in n for n in result.notes)
    assert result.hits[0].citation == "HSP/HA.2/4/Add.2, para. 41"  # "…A/RES/75/224 号决议中…"
    assert "A/RES/75/224" in result.hits[0].text


def test_an_abbreviation_is_not_a_symbol(searcher: Searcher) -> None:
    assert searcher.analyse("Which programmes, e.g. housing, were funded?").symbols == ()


_ISA_REPORT = """A/80/901

Distr.: General
3 March 2025

Original: English

Fictitious document written for the tests of this project; not a United Nations text

Seventy-ninth session

Oceans and the law of the sea

Report of the Secretary-General

1. The International Seabed Authority continued its work on the exploitation regulations for mineral
resources in the Area during the reporting period.

2. In its decision ISBA/19/C/17, the Council of the Authority adopted the recommendations of the Legal
and Technical Commission on the prospecting and exploration for polymetallic nodules.

3. The Authority also held workshops on the environmental management of the Clarion-Clipperton Zone
and on the protection of the marine environment from the harmful effects of deep-sea mining.
"""


@pytest.fixture(scope="module")
def isa_searcher(embedder: Embedder, index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    root = tmp_path_factory.mktemp("isa")
    (root / "corpus").mkdir()
    (root / "corpus" / "isa_report.txt").write_text(_ISA_REPORT, encoding="utf-8")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index", cache_path=index_settings.cache_path)
    cache = EmbeddingCache(settings.cache_path)
    build_index(load_corpus(settings.corpus_dir), embedder, settings.index_dir, cache=cache, progress=False)
    cache.close()
    return Searcher.open(settings, embedder=embedder)


def test_a_paragraph_citing_a_document_of_another_series_is_found_by_its_symbol(isa_searcher: Searcher) -> None:
    """``ISBA/19/C/17`` is one BM25 token (index.tokenization), so the paragraph citing it is found
    by the symbol, leads, and alone may answer a question about the absent document's paragraph."""
    assert set(isa_searcher.store.citing(["isba/19/c/17"])) == {isa_searcher.store.find_entries(["2"]).popitem()[1]}
    result = isa_searcher.search("What does ISBA/19/C/17, para. 3 say?", top_k=3)
    assert "ISBA/19/C/17 is not among these documents: the question was searched instead" in result.notes
    assert result.hits[0].citation == "A/80/901, para. 2"
    assert all(h.match != "strong" for h in result.hits[1:])

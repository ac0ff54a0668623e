"""Symbols proposed from each real document's own text, and citations."""

from __future__ import annotations

import pytest

from corpus.citations import cite, cite_zh
from corpus.errors import NotFound
from corpus.loading import Corpus, load_corpus
from corpus.models import DocumentInfo, SymbolRule
from corpus.ods import ods_url
from corpus.symbols import (
    find_symbols,
    is_symbol,
    joint_parts,
    normalize_symbol,
    propose_symbol,
    resolve_reference,
    symbol_names,
)
from tests.conftest import CORPUS_DIR

EXPECTED = {
    "000_b5f21519506bdb07": ("HSP/HA.2/4", SymbolRule.ADDENDA_PARENT, "HSP/HA.2"),
    "001_2a97e9fcc96299fc": (None, SymbolRule.SESSION_ONLY, "HSP/EB.2020"),
    "002_81e21580ef986bd8": ("HSP/HA.2/4/Add.2", SymbolRule.HEADER, "HSP/HA.2"),
    "003_588044482a18401b": ("HSP/HA/1/2", SymbolRule.ADDENDA_PARENT, "HSP/HA/1"),
    "004_723cbf81696a18db": (None, SymbolRule.SESSION_ONLY, "HSP/EB.2022"),
}


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The five files without a manifest: symbols must come from the text alone."""
    folder = tmp_path_factory.mktemp("nomanifest") / "corpus"
    folder.mkdir()
    for path in CORPUS_DIR.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return load_corpus(folder)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_symbol_rules_from_text(unlisted: Corpus, doc_id: str) -> None:
    symbol, rule, session = EXPECTED[doc_id]
    info = unlisted.documents[doc_id].info
    assert (info.symbol, info.symbol_rule, info.session) == (symbol, rule, session)
    assert info.symbol_evidence


def test_manifest_agrees_with_text(corpus: Corpus, unlisted: Corpus) -> None:
    for doc_id, doc in corpus.documents.items():
        assert doc.symbol == unlisted.documents[doc_id].symbol


def test_find_symbols_normalizes() -> None:
    assert find_symbols("（HSP/HA/1/ INF.3）和 HSP/HA.1/Res.5、A/RES/75/224") == [
        "HSP/HA/1/INF.3",
        "HSP/HA.1/Res.5",
        "A/RES/75/224",
    ]


def test_unknown_when_nothing_says() -> None:
    proposal = propose_symbol(header_lines=["某报告"], opening_text="没有文号。", footnotes=[])
    assert proposal.symbol is None and proposal.rule == SymbolRule.UNKNOWN


def test_citations(corpus: Corpus) -> None:
    p = corpus.paragraph("HSP/HA.2/4", "19")
    assert p.citation == "HSP/HA.2/4, para. 19"
    assert p.citation_zh == "HSP/HA.2/4号文件第19段"
    q = corpus.paragraph("001_2a97e9fcc96299fc", "3")
    assert q.citation == "Executive Board of UN-Habitat, 2020 first session, agenda item 6, para. 3"
    assert q.citation_zh == "人居署执行局2020年第一次会议临时议程项目6，第3段"
    summary = corpus.resolve("HSP/HA/1/2").paragraphs[0]
    assert summary.citation == "HSP/HA/1/2, summary"
    assert summary.citation_zh == "HSP/HA/1/2号文件摘要"


def test_subitem_citation() -> None:
    info = DocumentInfo("d", "HSP/HA.2/4", SymbolRule.MANIFEST, "t")
    assert cite(info, "17(a)") == "HSP/HA.2/4, para. 17 (a)"
    assert cite_zh(info, "17(a)") == "HSP/HA.2/4号文件第17段(a)分段"


@pytest.mark.parametrize(
    "symbol",
    [
        "ISBA/19/C/17",  # International Seabed Authority
        "S/RES/2334(2016)",  # Security Council, year in brackets
        "S/2020/123",
        "CRC/C/GC/25",  # treaty bodies
        "CEDAW/C/CHN/CO/9",
        "FCCC/CP/2015/10/Add.1",
        "TD/B/C.I/50",
        "ICCD/COP(15)/23",
        "A/RES/ES-10/19",
        "A/HRC/WG.6/34/ITA/3",
        "E/CN.6/2020/3",
    ],
)
def test_symbols_of_every_series_are_read(symbol: str) -> None:
    assert find_symbols(f"as set out in {symbol}, the Council") == [symbol]


@pytest.mark.parametrize(
    "text",
    [
        "e.g. housing",
        "s/he",
        "HIV/AIDS",
        "and/or",
        "UN/DESA 2022",
        "A/B testing",
        "cities (e.g. 2 of them)",  # a known series is always followed by a slash
        "see table A.1 and section E.2",
        "Sales No. E.84.V.3",  # a sales number, not a document symbol
        "as in i.e.\n5 of them",
    ],
)
def test_words_with_slashes_or_dots_are_not_symbols(text: str) -> None:
    """A symbol ends with a number: abbreviations and word pairs are not read as one."""
    assert find_symbols(text) == []


def test_known_series_are_read_in_lower_case_too() -> None:
    assert find_symbols("what does a/res/75/1 say? and hsp/ha.2/4?") == ["a/res/75/1", "hsp/ha.2/4"]


def test_a_dot_and_a_space_end_a_symbol() -> None:
    """A sentence's full stop after a symbol is not a component (``…/122. 2`` is ``…/122``); a space
    beside a slash is extraction's and stays inside."""
    assert find_symbols("document A/CONF.62/122. 2. General") == ["A/CONF.62/122"]
    assert find_symbols("E.pdf. CCPR/CO/84 and HSP/HA/1/ INF.3") == ["CCPR/CO/84", "HSP/HA/1/INF.3"]


def test_a_security_council_resolution_s_symbol_keeps_its_year() -> None:
    """``S/RES/1267 (1999)`` printed alone in a text file's header is the document's own symbol (the space
    dropped, as a question's symbol is read)."""
    proposal = propose_symbol(
        header_lines=["United Nations", "S/RES/1267 (1999)", "Security Council"], opening_text="", footnotes=[]
    )
    assert proposal.symbol == "S/RES/1267(1999)" and proposal.rule == SymbolRule.HEADER


@pytest.mark.parametrize(
    ("written", "normal", "parts"),
    [
        ("A/79/876–S/2025/230", "A/79/876-S/2025/230", ["A/79/876", "S/2025/230"]),
        ("A/79/876 - S/2025/230", "A/79/876-S/2025/230", ["A/79/876", "S/2025/230"]),
        ("DP/FPA/2025/4(PartI)", "DP/FPA/2025/4 (Part I)", ["DP/FPA/2025/4 (Part I)"]),
        ("S/RES/2785 (2025)", "S/RES/2785(2025)", ["S/RES/2785(2025)"]),
        ("A/HRC/S-33/1", "A/HRC/S-33/1", ["A/HRC/S-33/1"]),
        ("A/ES-10/L.22", "A/ES-10/L.22", ["A/ES-10/L.22"]),
        ("A/81/6(Sect.25)/PartA", "A/81/6 (Sect. 25)/Part A", ["A/81/6 (Sect. 25)/Part A"]),
        ("a/80/6 (sect. 29b)", "a/80/6 (Sect. 29B)", ["a/80/6 (Sect. 29B)"]),
    ],
)
def test_joint_symbols_and_parts_of_a_document(written: str, normal: str, parts: list[str]) -> None:
    assert normalize_symbol(written) == normal
    assert joint_parts(written) == parts
    assert is_symbol(written)


def test_a_document_answers_to_each_of_its_names() -> None:
    """A joint document is found by either organ's symbol, a Security Council resolution without its year and a
    part of a report by the report's symbol; an exact symbol wins over a name another document answers to."""
    docs = [
        ("letter", "A/79/876-S/2025/230"),
        ("haiti", "S/RES/2785(2025)"),
        ("part1", "DP/FPA/2025/4 (Part I)"),
        ("report", "A/79/876/Add.1"),
    ]
    assert symbol_names("A/79/876-S/2025/230") == {"A/79/876-S/2025/230", "A/79/876", "S/2025/230"}
    assert resolve_reference("s/2025/230", docs) == resolve_reference("A/79/876", docs) == "letter"
    assert resolve_reference("S/RES/2785 (2025)", docs) == resolve_reference("S/RES/2785", docs) == "haiti"
    assert resolve_reference("DP/FPA/2025/4 (Part I)", docs) == resolve_reference("DP/FPA/2025/4", docs) == "part1"
    assert resolve_reference("A/79/876/Add.1", docs) == "report"
    with pytest.raises(NotFound):
        resolve_reference("A/79/87", docs)
    assert not is_symbol("A/79/876-see below")


def test_a_section_of_the_programme_budget_is_one_symbol() -> None:
    """The proposed programme budget is issued in sections (``A/81/6 (Sect. 25)``), a section in lettered parts
    (``…/Part A``); its paragraphs are cited ``A/81/6 (Sect. 25), para. 25.1``. The symbol was cut at ``A/81/6``."""
    text = "See A/81/6 (Sect. 25)/Part A, para. 25.1 and A/80/6 (Sect. 3), para. 3.2; A/80/6 is the whole budget."
    assert find_symbols(text) == ["A/81/6 (Sect. 25)/Part A", "A/80/6 (Sect. 3)", "A/80/6"]
    docs = [("budget", "A/80/6"), ("unhcr", "A/81/6 (Sect. 25)/Part A")]
    assert resolve_reference("A/81/6 (Sect. 25)", docs) == resolve_reference("a/81/6(sect.25)/part a", docs) == "unhcr"
    assert resolve_reference("A/80/6", docs) == "budget"
    assert ods_url("A/81/6 (Sect. 25)/Part A", "fr") == (
        "https://documents.un.org/api/symbol/access?s=A/81/6%28Sect.25%29/PartA&l=fr&t=pdf"
    )

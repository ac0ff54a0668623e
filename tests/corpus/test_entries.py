"""Every entry openable: stable ids for the summary, annex chunks and other unnumbered text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.entries import normalize_entry
from corpus.loading import Corpus, load_corpus
from qa.cli import app
from qa.exceptions import NotFound


def test_every_entry_has_a_unique_id(corpus: Corpus) -> None:
    for doc in corpus:
        ids = [p.entry for p in doc.paragraphs]
        assert all(ids) and len(ids) == len(set(ids)), doc.doc_id
        for p in doc.paragraphs:
            assert corpus.paragraph(doc.doc_id, p.entry) == p
            if p.paragraph is not None:
                assert p.entry == p.paragraph


def test_summary_and_annex_ids_and_citations(corpus: Corpus) -> None:
    summary = corpus.paragraph("HSP/HA/1/2", "summary")
    assert summary.entry == "summary" and summary.text.startswith("本报告提供了")
    assert summary.citation == "HSP/HA/1/2, summary"
    assert corpus.paragraph("HSP/HA/1/2", "摘要") == summary

    annex = [p for p in corpus.resolve("HSP/HA.2/4/Add.2").paragraphs if p.paragraph is None]
    assert [p.entry for p in annex[:2]] == ["annex, rows 1-30", "annex, rows 31-60"]
    assert annex[0].citation == "HSP/HA.2/4/Add.2, annex, rows 1-30"
    assert annex[0].citation_zh == "HSP/HA.2/4/Add.2号文件附件第1–30行"
    row12 = corpus.paragraph("HSP/HA.2/4/Add.2", "annex, row 12")
    assert row12 == annex[0]
    assert corpus.paragraph("HSP/HA.2/4/Add.2", "Annex, row 45") == annex[1]
    assert corpus.paragraph("HSP/HA.2/4/Add.2", "annex") == annex[0]


def test_unknown_entry_names_the_entries(corpus: Corpus) -> None:
    with pytest.raises(NotFound, match="other entries: annex"):
        corpus.paragraph("HSP/HA.2/4/Add.2", "annex, row 9999")


def test_normalize_entry() -> None:
    assert normalize_entry(" Para. 19 ") == "19"
    assert normalize_entry("Annex, rows 1–30") == "annex, rows 1-30"


def test_qa_show_opens_the_summary_and_an_annex_row() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["show", "HSP/HA/1/2", "summary"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HSP/HA/1/2, summary")
    result = runner.invoke(app, ["show", "HSP/HA.2/4/Add.2", "annex, row 12"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HSP/HA.2/4/Add.2, annex, rows 1-30")
    result = runner.invoke(app, ["show", "HSP/HA.2/4", "40"])
    assert "5 赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。  [HSP/HA.2/4, para. 40, footnote 5]" in result.stdout


def test_other_unnumbered_text_is_named_by_the_paragraph_before(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "d.txt").write_text(
        "HSP/HA.9/1\n\n1. 第一段。\n\n这是一段没有编号的较长文字，它不属于任何编号段落，而是独立存在的一段说明文字。\n\n"
        "这是第二段没有编号的较长文字，同样独立存在，也不属于任何编号段落的说明文字。\n\n2. 第二段。\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    doc = corpus.documents["d"]
    assert [p.entry for p in doc.paragraphs] == ["1", "after para. 1", "after para. 1, part 2", "2"]
    p = corpus.paragraph("d", "after para. 1, part 2")
    assert p.citation == "HSP/HA.9/1, after para. 1, part 2"
    assert p.citation_zh == "HSP/HA.9/1号文件第1段之后的未编号段落（第2部分）"


def test_paragraphs_an_annex_numbers_itself_are_entries_of_their_own(tmp_path: Path) -> None:
    """A/RES/80/5 annexes the Doha Political Declaration, numbered 1–44 (A/RES/79/1: two annexes, each from 1).
    Each of its paragraphs was part of a 30-row chunk (``annex, rows 31-60``); now it is ``annex, para. 2`` or,
    under ``Annex II``, ``annex II, para. 2``, opened and cited as such. An annex table keeps its rows."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "r.txt").write_text(
        "\n\n".join(
            [
                "United Nations A/RES/80/9",
                "80/9. Second World Summit for Social Development",
                "The General Assembly,",
                "1. Adopts the political declaration annexed to the present resolution;",
                "2. Decides to remain seized of the matter.",
                "Annex I",
                "Political declaration",
                "1. We, Heads of State and Government, have gathered in Doha for the Summit.",
                "2. We acknowledge the urgent need to address profound social challenges:",
                "(a) Poverty;",
                "(b) Unemployment.",
                "3. We recognize that the three core themes of social development are interrelated.",
                "Annex II",
                "Declaration on Future Generations",
                "1. We commit to safeguard the needs and interests of future generations.",
            ]
        ),
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    entries = [p.entry for p in corpus.documents["r"].paragraphs]
    # the annexes' titles stay rows; the rows are counted across the annexes, as before
    assert entries == [
        "1",
        "2",
        "annex, rows 1-1",
        "annex I, para. 1",
        "annex I, para. 2",
        "annex I, para. 3",
        "annex, rows 7-7",
        "annex II, para. 1",
    ]
    second = corpus.paragraph("r", "Annex I, para. 2")
    assert second.text.startswith("2. We acknowledge") and "(b) Unemployment." in second.text
    assert second.citation == "A/RES/80/9, annex I, para. 2"
    assert second.citation_zh == "A/RES/80/9号文件附件I第2段"
    last = corpus.paragraph("r", "annex II, para. 1")
    assert last.text.startswith("1. We commit to safeguard")

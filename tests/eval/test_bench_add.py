"""eval/bench_add.py: the PDF it adds is a real UN-layout file; the figures it wrote are consistent."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.readers import read_document
from eval.bench_add import OUT, SYMBOL, make_pdf


def test_benchmark_pdf_reads_back_with_its_symbol(tmp_path: Path) -> None:
    source = read_document(make_pdf(tmp_path))
    assert source.format == "pdf" and source.symbol == SYMBOL and source.symbol_evidence
    assert dict(source.footnotes)["5"] == "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"


def test_written_figures_are_consistent() -> None:
    figures = json.loads(OUT.read_text(encoding="utf-8"))
    assert figures["document"] == SYMBOL
    assert {row["format"] for row in figures["rows"]} == {"pdf", "txt"}
    for row in figures["rows"]:
        assert row["embedded_by_add"] == row["paragraphs"]  # a fresh cache: the whole document, nothing else
        assert abs(row["ratio"] - row["add_seconds"] / row["bare_embed_seconds"]) < 0.01

"""UN-style PDF and Word files made once per test session with fpdf2 and python-docx."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus.readers import SourceText, read_document
from tests.corpus.readers.un_files import (
    CJK_FONT,
    RenderedPdf,
    UNDoc,
    cjk_ttf,
    english_doc,
    from_corpus_text,
    render_docx,
    render_pdf,
)

CORPUS = Path(__file__).resolve().parents[3] / "corpus"

ROUND_TRIP = ("english", "000", "001", "004")
"""The English test report and three bundled documents (those whose footnote calls are
superscripts or asterisks; 002 has annex tables and 003 hard-wrapped lines, left out)."""


@pytest.fixture(scope="session")
def un_docs() -> dict[str, UNDoc]:
    # Each with another office's job number: Geneva, Vienna, Nairobi, New York.
    return {
        "english": replace(english_doc(), job_number="V.23-06789"),
        # 000 does not print its symbol (documents.toml: addenda-parent); the layout prints the known one.
        "000": from_corpus_text(CORPUS / "000_b5f21519506bdb07.txt", symbol="HSP/HA.2/4", name="000"),
        # 001 and 004 print only their session: a stand-in symbol of that session is printed in the header.
        "001": replace(
            from_corpus_text(CORPUS / "001_2a97e9fcc96299fc.txt", symbol="HSP/EB.2020/6", name="001"),
            job_number="K2000123",
        ),
        "004": replace(
            from_corpus_text(CORPUS / "004_723cbf81696a18db.txt", symbol="HSP/EB.2022/10", name="004"),
            job_number="22-01234 (C)",
        ),
    }


@pytest.fixture(scope="session")
def un_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("un_files")


@pytest.fixture(scope="session")
def un_font(un_docs: dict[str, UNDoc], un_dir: Path) -> Path:
    assert CJK_FONT.is_file(), f"{CJK_FONT} is missing: apt-get install fonts-noto-cjk (scripts/test.sh does)"
    texts = [
        d.plain_text + "".join(t for _, t in d.footnotes) + d.symbol + "".join(d.masthead) for d in un_docs.values()
    ]
    return cjk_ttf(un_dir / "NotoSansCJKsc-subset.ttf", texts + ["联合国United Nations"])


@pytest.fixture(scope="session")
def un_pdfs(un_docs: dict[str, UNDoc], un_dir: Path, un_font: Path) -> dict[str, RenderedPdf]:
    return {name: render_pdf(doc, un_dir / f"{name}.pdf", font=un_font) for name, doc in un_docs.items()}


@pytest.fixture(scope="session")
def un_docx(un_docs: dict[str, UNDoc], un_dir: Path) -> dict[str, Path]:
    return {name: render_docx(doc, un_dir / f"{name}.docx") for name, doc in un_docs.items()}


@pytest.fixture(scope="session")
def pdf_sources(un_pdfs: dict[str, RenderedPdf]) -> dict[str, SourceText]:
    """Each generated PDF read once per session."""
    return {name: read_document(rendered.path) for name, rendered in un_pdfs.items()}


@pytest.fixture(scope="session")
def docx_sources(un_docx: dict[str, Path]) -> dict[str, SourceText]:
    """Each generated .docx read once per session."""
    return {name: read_document(path) for name, path in un_docx.items()}

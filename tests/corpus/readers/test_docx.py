"""The Word reader on .docx files made by python-docx with real list numbering and footnotes."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest

from corpus.readers import ReaderError, SourceText, read_document
from corpus.readers import docx as docx_reader
from tests.fixtures.bad_files import zip_bomb_docx
from tests.fixtures.documents import ROUND_TRIP
from tests.fixtures.roundtrip import paragraphs
from tests.fixtures.un_files import UNDoc


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_docx_paragraphs_equal_the_text_files(
    name: str, un_docs: dict[str, UNDoc], un_docx: dict[str, Path], docx_sources: dict[str, SourceText]
) -> None:
    doc, source = un_docs[name], docx_sources[name]
    # The numbers are Word's, not typed: the file's own paragraph text has none.
    typed = [p.text for p in docx.Document(str(un_docx[name])).paragraphs]
    numbered = [
        p for p in docx.Document(str(un_docx[name])).paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert len(numbered) >= 7
    assert not any(re.match(r"^\d{1,3}\. ", text) for text in typed)
    assert paragraphs(source.text) == paragraphs(doc.plain_text)
    assert source.format == "docx"
    assert source.warnings == ()


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_docx_footnotes_symbol_and_language(
    name: str, un_docs: dict[str, UNDoc], docx_sources: dict[str, SourceText]
) -> None:
    doc, source = un_docs[name], docx_sources[name]
    assert source.footnotes == doc.footnotes
    assert source.symbol == doc.symbol
    assert source.symbol_evidence == "printed in the page header (2 of 2 header parts)"
    assert source.language_hint == doc.language
    assert not any(line.startswith(("Distr.", "Original:")) for line in source.text.split("\n"))


def test_docx_generated_item_letters(docx_sources: dict[str, SourceText]) -> None:
    lines = docx_sources["english"].text.split("\n")
    assert "3. The framework was piloted in six cities² and covers the following areas:" in lines
    assert "(a) Crime and violence prevention in public spaces;" in lines
    assert "(c) Perception of safety among older persons." in lines


def test_docx_cities_footnote(docx_sources: dict[str, SourceText]) -> None:
    source = docx_sources["000"]
    para_40 = next(line for line in source.text.split("\n") if line.startswith("40."))
    assert "城市⁵" in para_40
    assert dict(source.footnotes)["5"] == "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"


def test_zip_bomb_docx(tmp_path: Path, un_docx: dict[str, Path]) -> None:
    path = zip_bomb_docx(tmp_path / "bomb.docx", like=un_docx["english"])
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ReaderError, match=r"bomb\.docx: part word/media/filler\.bin unpacks \d+ times .*zip bomb"):
        read_document(path)


def test_docx_unpacking_over_the_cap(tmp_path: Path, un_docx: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(un_docx["english"]) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("word/media/photo.bin", os.urandom(2_000_000))
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    with pytest.raises(
        ReaderError, match=r"big\.docx would unpack to \d+ MB \(over 1 MB\): refused as a possible zip bomb"
    ):
        read_document(path)


def test_truncated_docx(tmp_path: Path, un_docx: dict[str, Path]) -> None:
    data = un_docx["000"].read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReaderError, match=r"cut\.docx is not a readable \.docx \(damaged zip"):
        read_document(path)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("notes.txt", "hello")
    path = tmp_path / "archive.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ReaderError, match=r"archive\.docx is a zip file but not a Word document"):
        read_document(path)


def test_symbol_in_the_body_masthead_when_no_page_header(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (
        "United Nations",
        "A/RES/73/239",
        "Distr.: General",
        "20 December 2018",
        "Original: English",
        "Resolution adopted by the General Assembly on 20 December 2018",
        "1. Decides to convene the conference.",
        "2. Requests the Secretary-General to report.",
    ):
        document.add_paragraph(line)
    path = tmp_path / "resolution.docx"
    document.save(str(path))
    source = read_document(path)
    assert source.symbol == "A/RES/73/239"
    assert source.symbol_evidence == "printed in the first page's header block"
    assert source.text.split("\n\n")[:2] == [
        "United Nations",
        "Resolution adopted by the General Assembly on 20 December 2018",
    ]
    assert [n for n, _ in paragraphs(source.text)] == ["1", "2"]


def test_numbering_from_the_paragraph_style(tmp_path: Path) -> None:
    """Word's own template: "List Number" numbers through its style, "List Bullet" prints no number."""
    document = docx.Document()
    for text in ("First item.", "Second item."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Plain.")
    document.add_paragraph("Bullet.", style="List Bullet")
    path = tmp_path / "styles.docx"
    document.save(str(path))
    assert read_document(path).text == "1. First item.\n\n2. Second item.\n\nPlain.\n\nBullet.\n"

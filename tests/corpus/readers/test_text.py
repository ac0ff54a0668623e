"""Text files are read as they are (UTF-8, with or without a byte-order mark)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.readers import ReaderError, read_document

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def test_bundled_text_file_reads_unchanged() -> None:
    path = CORPUS / "000_b5f21519506bdb07.txt"
    source = read_document(path)
    assert source.text == path.read_text(encoding="utf-8-sig")
    assert source.format == "txt"
    assert source.footnotes == ()


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("\ufeff一、 导言\r\n\r\n1. 本报告。\r\n".encode())
    assert read_document(path).text == "一、 导言\n\n1. 本报告。\n"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("1. 本报告。".encode("gbk"))
    with pytest.raises(ReaderError, match=r"gbk\.txt is not UTF-8 text .*save it as UTF-8"):
        read_document(path)


def test_binary_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ReaderError, match=r"data\.txt contains NUL bytes"):
        read_document(path)

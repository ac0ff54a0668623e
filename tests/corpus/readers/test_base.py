"""Checks made before any reader runs: extension, size cap, empty files, content type."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.readers import SUPPORTED_SUFFIXES, ReaderError, read_document
from qa.exceptions import CorpusError


def test_reader_error_is_a_corpus_error() -> None:
    assert issubclass(ReaderError, CorpusError)
    assert SUPPORTED_SUFFIXES == (".txt", ".pdf", ".docx")


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt"])
def test_zero_byte_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(ReaderError, match=rf"empty\{suffix} is empty \(0 bytes\)"):
        read_document(path)


@pytest.mark.parametrize("name", ["report.doc", "setup.exe", "notes.md", "README"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"1. Some text.")
    with pytest.raises(ReaderError, match=r"unsupported file type .*supported: \.txt, \.pdf, \.docx"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"no such file"):
        read_document(tmp_path / "absent.pdf")


def test_200_mb_file_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200_000_000)  # sparse: nothing is written or read
    with pytest.raises(ReaderError, match=r"huge\.pdf is 200\.0 MB, over the size cap of 50\.0 MB"):
        read_document(path)
    with pytest.raises(ReaderError, match=r"over the size cap of 0\.1 MB"):
        read_document(path, max_bytes=100_000)


def test_exe_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ReaderError, match=r"report\.docx is named \.docx but is a Windows program"):
        read_document(path)


def test_pdf_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    with pytest.raises(ReaderError, match=r"report\.txt is named \.txt but is a PDF file; give it the right extension"):
        read_document(path)


def test_password_protected_word_file(tmp_path: Path) -> None:
    # Office saves an encrypted .docx as an OLE compound file, not a zip.
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReaderError, match=r"locked\.docx is named \.docx but is .*password-protected Office file"):
        read_document(path)

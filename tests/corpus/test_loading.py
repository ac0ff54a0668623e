"""Bad input: every broken document is reported by name and the others still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.loading import load_corpus
from qa.exceptions import CorpusError, NotFound
from tests.conftest import CORPUS_DIR

GOOD = "004_723cbf81696a18db.txt"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / GOOD).write_bytes((CORPUS_DIR / GOOD).read_bytes())
    return folder


def _messages(corpus) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.file: p.message for p in corpus.problems}


def test_undecodable_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bad.txt").write_bytes("1. 第一段。".encode("gbk"))
    corpus = load_corpus(folder)
    assert "not UTF-8" in _messages(corpus)["bad.txt"]
    assert list(corpus.documents) == ["004_723cbf81696a18db"]


def test_empty_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert _messages(corpus)["empty.txt"] == "the file is empty"
    assert len(corpus) == 1


def test_only_short_lines_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "prose.txt").write_text("这是一篇没有编号段落的文字。\n\n还是没有。\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert "no paragraphs were found" in _messages(corpus)["prose.txt"]
    assert len(corpus) == 1


def test_manifest_entry_with_missing_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "documents.toml").write_text(
        '[[document]]\ndoc_id = "ghost"\nfile = "ghost.txt"\nsymbol = "HSP/X/1"\ntitle = "t"\n', encoding="utf-8"
    )
    corpus = load_corpus(folder)
    assert "file is missing" in _messages(corpus)["ghost.txt"]
    assert len(corpus) == 1


def test_duplicate_doc_id(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "other.txt").write_bytes((CORPUS_DIR / GOOD).read_bytes())
    (folder / "documents.toml").write_text(
        '[[document]]\ndoc_id = "same"\nfile = "004_723cbf81696a18db.txt"\ntitle = "a"\n'
        '[[document]]\ndoc_id = "same"\nfile = "other.txt"\ntitle = "b"\n',
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    assert "duplicate doc_id 'same'" in _messages(corpus)["other.txt"]
    assert list(corpus.documents) == ["same", "other"]


def test_broken_manifest_is_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "documents.toml").write_text("[[document]\nnope", encoding="utf-8")
    with pytest.raises(CorpusError, match="not valid TOML"):
        load_corpus(folder)


def test_unknown_document_and_paragraph(tmp_path: Path) -> None:
    corpus = load_corpus(_folder(tmp_path))
    with pytest.raises(NotFound, match="unknown document"):
        corpus.resolve("HSP/NOPE/1")
    with pytest.raises(NotFound, match="no paragraph '99'"):
        corpus.paragraph("004_723cbf81696a18db", "99")


def test_split_items_gives_subitems_entries() -> None:
    corpus = load_corpus(CORPUS_DIR, split_items=True)
    p = corpus.paragraph("HSP/HA.2/4", "17(b)")
    assert p.text.startswith("(b) 《城市与大流行病")
    assert p.citation == "HSP/HA.2/4, para. 17 (b)"
    assert corpus.paragraph("HSP/HA.2/4", "17").text.endswith("全球政策指导文件：")


@pytest.mark.parametrize(("given", "read"), [("french", "zh"), ("LanguageGuess(language='ar')", "zh"), ("ZH", "zh")])
def test_a_language_the_manifest_misnames_is_reported_and_told_from_the_text(
    tmp_path: Path, given: str, read: str
) -> None:
    """``language`` in documents.toml must be one of the six codes (any case); another value is a problem of that
    entry, and the document's language is read from its text, never a traceback."""
    folder = _folder(tmp_path)
    (folder / "documents.toml").write_text(
        f'[[document]]\ndoc_id = "doc"\nfile = "{GOOD}"\ntitle = "t"\nlanguage = "{given}"\n', encoding="utf-8"
    )
    corpus = load_corpus(folder)
    assert corpus.documents["doc"].info.language == read
    messages = _messages(corpus)
    if given == "ZH":
        assert GOOD not in messages
    else:
        assert f"unknown language {given!r}" in messages[GOOD] and "told from the text" in messages[GOOD]

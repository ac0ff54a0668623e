"""Adding and removing documents: copies, the added manifest, duplicates, conflicts, bad input, safety."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus.library import add_document, added_entries, remove_document
from corpus.loading import MANIFEST_NAME, load_corpus
from qa.exceptions import CorpusError, DocumentConflict, UploadTooLarge
from tests.conftest import CORPUS_DIR

DATA = Path(__file__).parent / "data"
SMALL = "004_723cbf81696a18db.txt"


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / SMALL).write_bytes((CORPUS_DIR / SMALL).read_bytes())
    (folder / MANIFEST_NAME).write_text(_entry_004(), encoding="utf-8")
    return folder


def _entry_004(**changes: str) -> str:
    """The hand-written manifest entry of 004, with ``changes`` (a symbol, a language)."""
    text = (CORPUS_DIR / MANIFEST_NAME).read_text(encoding="utf-8")
    entry = "[[document]]" + text.split("[[document]]")[-1]
    assert 'doc_id = "004_723cbf81696a18db"' in entry
    for key, value in changes.items():
        entry = "\n".join(line for line in entry.splitlines() if not line.startswith(f"{key} ="))
        entry += f'\n{key} = "{value}"\n'
    return "# hand-written\n" + entry


def test_add_english_report(folder: Path) -> None:
    hand_written = (folder / MANIFEST_NAME).read_bytes()
    data = (DATA / "en_only_report.txt").read_bytes()
    result = add_document(folder, data, filename="en_only_report.txt")
    assert result.symbol == "HSP/EB.2099/7" and result.symbol_rule == "header"
    assert result.language == "en" and result.numbered == 6 and result.footnotes == 1
    assert (folder / result.file).read_bytes() == data
    assert (folder / MANIFEST_NAME).read_bytes() == hand_written  # never written
    (entry,) = added_entries(folder)
    assert entry["doc_id"] == result.doc_id and entry["language"] == "en" and entry["symbol"] == "HSP/EB.2099/7"
    corpus = load_corpus(folder)
    assert corpus.problems == [] and len(corpus) == 2
    assert corpus.paragraph("HSP/EB.2099/7", "3").citation == "HSP/EB.2099/7, para. 3"
    # A problem-free manifest entry when loaded (the language from the manifest).
    assert corpus.resolve("HSP/EB.2099/7").info.language == "en"


def test_same_file_again_changes_nothing(folder: Path) -> None:
    data = (DATA / "en_only_report.txt").read_bytes()
    first = add_document(folder, data, filename="en_only_report.txt")
    before = _snapshot(folder)
    again = add_document(folder, data, filename="other-name.txt")
    assert again.already and again.doc_id == first.doc_id
    assert _snapshot(folder) == before
    bundled = add_document(folder, (CORPUS_DIR / SMALL).read_bytes(), filename="x.txt")
    assert bundled.already and bundled.doc_id == "004_723cbf81696a18db"


def test_symbol_conflict_refused_unless_replace(folder: Path) -> None:
    data = (DATA / "en_only_report.txt").read_bytes()
    first = add_document(folder, data, filename="en_only_report.txt")
    changed = data.replace(b"4.2 million", b"4.3 million")
    before = _snapshot(folder)
    with pytest.raises(DocumentConflict, match="already in the corpus as .*--replace"):
        add_document(folder, changed, filename="report-v2.txt")
    assert _snapshot(folder) == before
    second = add_document(folder, changed, filename="report-v2.txt", replace=True)
    assert second.replaced == first.doc_id
    assert not (folder / first.file).exists() and (folder / second.file).exists()
    assert [e["doc_id"] for e in added_entries(folder)] == [second.doc_id]
    assert "4.3 million" in load_corpus(folder).paragraph("HSP/EB.2099/7", "3").text


def test_a_bundled_document_is_never_replaced(folder: Path) -> None:
    (folder / MANIFEST_NAME).write_text(_entry_004(symbol="HSP/EB.2099/7", language="en"), encoding="utf-8")
    data = (DATA / "en_only_report.txt").read_bytes()
    before = _snapshot(folder)
    with pytest.raises(DocumentConflict, match="already in the corpus as 004_723cbf81696a18db"):
        add_document(folder, data, filename="r.txt")
    with pytest.raises(DocumentConflict, match="a document the service did not add"):
        add_document(folder, data, filename="r.txt", replace=True)
    assert _snapshot(folder) == before


def test_same_symbol_in_another_language_is_a_version(folder: Path) -> None:
    (folder / MANIFEST_NAME).write_text(_entry_004(symbol="HSP/EB.2099/7"), encoding="utf-8")
    result = add_document(folder, (DATA / "en_only_report.txt").read_bytes(), filename="r.txt")
    assert result.language == "en" and result.replaced is None
    languages = sorted(d.info.language for d in load_corpus(folder) if d.symbol == "HSP/EB.2099/7")
    assert languages == ["en", "zh"]


def test_remove_only_what_was_added(folder: Path) -> None:
    result = add_document(folder, (DATA / "en_only_report.txt").read_bytes(), filename="en_only_report.txt")
    removed = remove_document(folder, "HSP/EB.2099/7")
    assert removed.doc_id == result.doc_id and not (folder / result.file).exists()
    assert added_entries(folder) == []
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match="never deletes files it did not create"):
        remove_document(folder, "004_723cbf81696a18db")
    assert _snapshot(folder) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("../evil.txt", b"1. x.", "without folders"),
        ("sub/evil.txt", b"1. x.", "without folders"),
        ("tool.exe", b"MZ\x90\x00", "unsupported file type '.exe'"),
        ("empty.txt", b"", "the file is empty"),
        ("gbk.txt", "1. 第一段。".encode("gbk"), "not UTF-8"),
        ("prose.txt", "没有编号的文字。".encode(), "no numbered paragraphs"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(folder: Path, name: str, data: bytes, message: str) -> None:
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match=message):
        add_document(folder, data, filename=name)
    assert _snapshot(folder) == before
    assert not (folder.parent / "evil.txt").exists()


def test_size_cap_and_bad_language(folder: Path) -> None:
    with pytest.raises(UploadTooLarge, match="QA_MAX_UPLOAD_BYTES"):
        add_document(folder, b"1. x." * 100, filename="big.txt", max_bytes=100)
    with pytest.raises(CorpusError, match="unknown language 'de'"):
        add_document(folder, (DATA / "en_only_report.txt").read_bytes(), filename="a.txt", lang="de")


def test_two_adds_at_once_are_serialized(folder: Path) -> None:
    data = (DATA / "en_only_report.txt").read_bytes()
    other = (DATA / "hsp_ha_2_4_en_excerpt.txt").read_bytes()
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(
                lambda args: add_document(folder, args[0], filename=args[1]),
                [(data, "a.txt"), (data, "b.txt"), (other, "c.txt"), (other, "d.txt")],
            )
        )
    assert sorted(r.already for r in results) == [False, False, True, True]
    assert len(added_entries(folder)) == 2
    assert len(load_corpus(folder)) == 3

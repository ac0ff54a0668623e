"""Adding and removing documents: copies, the added manifest, duplicates, conflicts, bad input, safety."""

from __future__ import annotations

import hashlib
import os
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
        ("prose.txt", "没有编号的文字。".encode(), "no paragraphs were found"),
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


# -- issue 19: deletions only of what the service added, recoverable adds, clear errors ------------------


def _hand_edit_added(folder: Path, text: str) -> None:
    (folder / "added.toml").write_text(text, encoding="utf-8")


def test_an_entry_pointing_outside_the_corpus_deletes_nothing(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("1. Not the service's.\n", encoding="utf-8")
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    _hand_edit_added(folder, f'[[document]]\ndoc_id = "x"\nfile = "../outside.txt"\nsha256 = "{digest}"\n')
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match=r"names '\.\./outside\.txt', which is not a file directly inside"):
        remove_document(folder, "x")
    assert outside.read_text(encoding="utf-8") == "1. Not the service's.\n"
    assert _snapshot(folder) == before


def test_an_entry_without_a_checksum_deletes_nothing(folder: Path) -> None:
    _hand_edit_added(folder, '[[document]]\ndoc_id = "m"\nfile = "documents.toml"\n')
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match=r"names 'documents\.toml', which is not a document the service adds"):
        remove_document(folder, "m")
    # a document file, named by an entry that carries no checksum: not proven to be the service's
    _hand_edit_added(folder, f'[[document]]\ndoc_id = "h"\nfile = "{SMALL}"\n')
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match="has no valid sha256 checksum.*nothing was deleted"):
        remove_document(folder, "h")
    assert _snapshot(folder) == before


def test_an_entry_naming_a_link_deletes_nothing(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "target.txt"
    outside.write_bytes((DATA / "en_only_report.txt").read_bytes())
    (folder / "link.txt").symlink_to(outside)
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    _hand_edit_added(folder, f'[[document]]\ndoc_id = "l"\nfile = "link.txt"\nsha256 = "{digest}"\n')
    with pytest.raises(CorpusError, match="link.txt in .* is not a plain file; nothing was deleted"):
        remove_document(folder, "l")
    assert (folder / "link.txt").is_symlink() and outside.is_file()


def test_a_link_to_a_file_outside_the_corpus_is_not_read(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes((DATA / "en_only_report.txt").read_bytes())
    (folder / "secret.txt").symlink_to(outside)
    corpus = load_corpus(folder)
    assert "secret" not in corpus.documents and len(corpus) == 1
    assert [str(p) for p in corpus.problems] == [
        "secret.txt: a link to a file outside the corpus folder, not listed in documents.toml; not read or served"
    ]


def test_a_number_in_a_text_field_of_the_manifest_is_text(folder: Path) -> None:
    entry = "\n".join(line for line in _entry_004().splitlines() if not line.startswith("session ="))
    (folder / MANIFEST_NAME).write_text(entry + "\nsession = 5\n", encoding="utf-8")
    assert load_corpus(folder).documents["004_723cbf81696a18db"].info.session == "5"


def test_an_orphan_copy_left_by_a_killed_add_can_be_removed_and_added_again(folder: Path) -> None:
    """What an add killed between the file's rename and the added.toml write (older versions) left."""
    data = (DATA / "en_only_report.txt").read_bytes()
    result = add_document(folder, data, filename="en_only_report.txt")
    (folder / "added.toml").unlink()  # the entry was never written
    assert result.doc_id in load_corpus(folder).documents
    removed = remove_document(folder, result.doc_id)  # adopted: its name is its own checksum
    assert removed.file == result.file and not (folder / result.file).exists()
    assert add_document(folder, data, filename="en_only_report.txt").doc_id == result.doc_id
    # a hand-placed file of that name pattern whose content does not match is never deleted
    fake = folder / "report_0123456789ab.txt"
    fake.write_bytes(data)
    with pytest.raises(CorpusError, match="never deletes files it did not create"):
        remove_document(folder, "report_0123456789ab")
    assert fake.read_bytes() == data


KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from corpus import library
real = os.replace
def replace(src, dst):
    if Path(dst).suffix == ".txt":  # the document's rename: the entry is written, the file not yet in place
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
library.os.replace = replace
library.add_document(sys.argv[1], Path(sys.argv[2]).read_bytes(), filename="en_only_report.txt")
"""


def test_an_add_killed_before_the_rename_leaves_a_recoverable_corpus(folder: Path) -> None:
    import signal
    import subprocess
    import sys

    from qa.settings import PROJECT_ROOT

    source = DATA / "en_only_report.txt"
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_RENAME, str(folder), str(source)], cwd=PROJECT_ROOT, timeout=300
    )
    assert proc.returncode == -signal.SIGKILL
    (entry,) = added_entries(folder)  # the intent was written first
    assert not (folder / entry["file"]).exists()
    assert [p.name for p in folder.iterdir() if ".tmp-" in p.name]  # the killed process's temporary copy
    corpus = load_corpus(folder)
    assert len(corpus) == 1 and any("the file is missing" in str(p) for p in corpus.problems)

    result = add_document(folder, source.read_bytes(), filename="en_only_report.txt")  # adds it again
    assert not result.already and result.doc_id == entry["doc_id"]
    assert [e["doc_id"] for e in added_entries(folder)] == [entry["doc_id"]]
    assert not [p.name for p in folder.iterdir() if ".tmp-" in p.name]  # the stale temporary file is gone
    assert load_corpus(folder).problems == []
    remove_document(folder, result.doc_id)
    assert added_entries(folder) == [] and not (folder / result.file).exists()


def test_an_entry_whose_file_is_missing_is_removed_from_the_list(folder: Path) -> None:
    result = add_document(folder, (DATA / "en_only_report.txt").read_bytes(), filename="en_only_report.txt")
    (folder / result.file).unlink()
    assert remove_document(folder, result.doc_id).doc_id == result.doc_id
    assert added_entries(folder) == []


def test_a_file_name_over_255_bytes_is_a_clear_error(folder: Path) -> None:
    before = _snapshot(folder)
    with pytest.raises(CorpusError, match=r"is 304 bytes long; the limit is 255"):
        add_document(folder, (DATA / "en_only_report.txt").read_bytes(), filename="报" * 100 + ".txt")
    assert _snapshot(folder) == before


def test_stale_scratch_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    import subprocess

    from corpus.library import clean_stale_scratch

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"qa-add-{dead.pid}-abc123"
    (stale / "x").mkdir(parents=True)
    live = tmp_path / f"qa-add-{os.getpid()}-def456"
    live.mkdir()
    other = tmp_path / f"qa-addx-{dead.pid}-abc"
    other.mkdir()
    afile = tmp_path / f"qa-add-{dead.pid}-file"
    afile.write_text("not a folder")
    assert clean_stale_scratch(tmp_path) == [stale]
    assert not stale.exists() and live.is_dir() and other.is_dir() and afile.is_file()


def test_a_symbol_of_any_series_is_read_and_accepted(folder: Path) -> None:
    """Symbols outside the series the bundled documents use (ISBA/, CRC/…) are read from a text file's
    header and accepted as the symbol an upload names."""
    text = (DATA / "en_only_report.txt").read_text(encoding="utf-8").replace("HSP/EB.2099/7", "ISBA/29/C/7")
    result = add_document(folder, text.encode("utf-8"), filename="isba.txt")
    assert (result.symbol, result.symbol_rule) == ("ISBA/29/C/7", "header")
    named = add_document(
        folder, text.replace("ISBA/29/C/7", "").encode("utf-8"), filename="crc.txt", symbol="CRC/C/GC/25"
    )
    assert named.symbol == "CRC/C/GC/25"
    assert load_corpus(folder).paragraph("ISBA/29/C/7", "3").citation == "ISBA/29/C/7, para. 3"
    with pytest.raises(CorpusError, match="does not look like a UN document symbol"):
        add_document(folder, b"1. Text.", filename="bad.txt", symbol="e.g.")

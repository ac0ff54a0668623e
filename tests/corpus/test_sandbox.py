"""Hostile documents are read in a worker process and refused at a limit, naming it (real files, real readers)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from corpus.library import add_document
from corpus.loading import load_corpus, parse_file
from corpus.readers.base import ReaderError
from corpus.readers.limits import ParseLimitExceeded, ParseLimits
from corpus.sandbox import ParseStopped, make_scratch, parse_isolated, running, stop_all
from tests.conftest import CORPUS_DIR
from tests.fixtures.hostile_files import (
    bomb_pdf,
    huge_xml_docx,
    long_paragraph_txt,
    many_paragraphs_txt,
    slow_pdf,
)
from tests.fixtures.un_files import RenderedPdf

SMALL = ParseLimits(max_seconds=60, max_inflated_mb=4, max_paragraphs=100, max_paragraph_chars=2000)
"""Test-sized limits: 4 MB inflated (the default is 200 MB)."""


def _refused(path: Path, limits: ParseLimits, setting: str) -> ParseLimitExceeded:
    with pytest.raises(ParseLimitExceeded) as caught:
        parse_isolated(path, lang=None, limits=limits)
    assert caught.value.limit == setting and setting in str(caught.value) and path.name in str(caught.value)
    assert running() == 0  # no worker left behind
    return caught.value


def test_a_real_pdf_and_docx_read_the_same_in_the_worker(
    un_pdfs: dict[str, RenderedPdf], un_docx: dict[str, Path]
) -> None:
    for path in (un_pdfs["english"].path, un_docx["english"]):
        isolated = parse_isolated(path, lang=None, limits=ParseLimits())
        direct = parse_file(path)
        assert isolated.parsed.blocks == direct.parsed.blocks and len(direct.parsed.blocks) > 5
        assert (isolated.symbol, isolated.format) == (direct.symbol, direct.format)


def test_pdf_stream_inflating_1000_times_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    # 32 KB that inflate to 32 MB: the 1 MB -> 1 GiB, scaled down; the limit is lowered to 4 MB.
    bomb = bomb_pdf(tmp_path / "bomb.pdf", inflated=32_000_000)
    assert bomb.stat().st_size < 40_000
    started = time.monotonic()
    err = _refused(bomb, SMALL, "QA_PARSE_MAX_INFLATED_MB")
    assert "4.0 MB" in str(err) and time.monotonic() - started < 20
    # Under the limit the same kind of file reads normally: the cap changes nothing else.
    fine = parse_isolated(bomb_pdf(tmp_path / "fine.pdf", inflated=1_000_000), lang=None, limits=SMALL)
    assert [b.text for b in fine.parsed.blocks] == ["The Executive Board met in Nairobi."]


def test_memory_limit_stops_a_worker_that_allocates_too_much(tmp_path: Path) -> None:
    bomb = bomb_pdf(tmp_path / "bomb.pdf", inflated=120_000_000)
    limits = ParseLimits(max_seconds=60, max_inflated_mb=1000, max_memory_mb=150)
    _refused(bomb, limits, "QA_PARSE_MAX_MEMORY_MB")


def test_docx_whose_xml_unpacks_past_the_limit_is_refused(tmp_path: Path, un_docx: dict[str, Path]) -> None:
    big = huge_xml_docx(tmp_path / "big.docx", like=un_docx["english"], xml_bytes=8_000_000)
    with zipfile.ZipFile(big) as archive:
        info = archive.getinfo("word/document.xml")
    assert info.file_size / info.compress_size < 20  # an ordinary text ratio: the reader's own bomb check passes
    err = _refused(big, SMALL, "QA_PARSE_MAX_INFLATED_MB")
    assert re.search(r"unpacks to [89]\.\d MB \(over the limit of 4\.0 MB", str(err)), err


def test_too_many_or_too_long_paragraphs_are_refused(tmp_path: Path) -> None:
    _refused(many_paragraphs_txt(tmp_path / "many.txt", n=150), SMALL, "QA_PARSE_MAX_PARAGRAPHS")
    err = _refused(long_paragraph_txt(tmp_path / "long.txt", chars=5000), SMALL, "QA_PARSE_MAX_PARAGRAPH_CHARS")
    assert "paragraph 2 is 5,00" in str(err)


def test_a_parse_over_the_time_limit_is_killed(tmp_path: Path) -> None:
    slow = slow_pdf(tmp_path / "slow.pdf")
    started = time.monotonic()
    _refused(slow, ParseLimits(max_seconds=1.5), "QA_PARSE_MAX_SECONDS")
    assert time.monotonic() - started < 6


def test_unreadable_file_is_a_reader_error_from_the_worker(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    with pytest.raises(ReaderError) as caught:
        parse_isolated(bad, lang=None, limits=SMALL)
    assert not isinstance(caught.value, ParseLimitExceeded) and "broken.pdf" in str(caught.value)


def test_stop_all_kills_a_parse_in_progress(tmp_path: Path) -> None:
    slow = slow_pdf(tmp_path / "slow.pdf")
    errors: list[BaseException] = []

    def parse() -> None:
        try:
            parse_isolated(slow, lang=None, limits=ParseLimits(max_seconds=60))
        except BaseException as exc:  # noqa: BLE001 - kept for the assertion
            errors.append(exc)

    thread = threading.Thread(target=parse)
    thread.start()
    deadline = time.monotonic() + 20
    while running() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    started = time.monotonic()
    assert stop_all() == 1
    thread.join(timeout=10)
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert len(errors) == 1 and isinstance(errors[0], ParseStopped), errors


def test_start_up_skips_a_bad_file_with_a_warning_and_caches_the_good(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = "004_723cbf81696a18db.txt"
    (folder / good).write_bytes((CORPUS_DIR / good).read_bytes())
    bomb_pdf(folder / "bomb.pdf", inflated=32_000_000)
    long_paragraph_txt(folder / "long.txt", chars=5000)
    cache = tmp_path / "cache"
    with caplog.at_level(logging.WARNING, logger="corpus.loading"):
        corpus = load_corpus(folder, cache_dir=cache, limits=SMALL)
    assert list(corpus.documents) == ["004_723cbf81696a18db"]
    problems = {p.file: p.message for p in corpus.problems}
    assert "QA_PARSE_MAX_INFLATED_MB" in problems["bomb.pdf"]
    assert "QA_PARSE_MAX_PARAGRAPH_CHARS" in problems["long.txt"]
    assert "bomb.pdf" in caplog.text and "QA_PARSE_MAX_INFLATED_MB" in caplog.text
    assert len(list(cache.glob("*.json"))) == 1  # only the good file's parse is kept
    # The next start reads the good file from the cache; the bad ones are refused again.
    again = load_corpus(folder, cache_dir=cache, limits=SMALL)
    assert list(again.documents) == ["004_723cbf81696a18db"] and len(again.problems) == 2


def test_add_refuses_a_bomb_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    bomb = bomb_pdf(tmp_path / "bomb.pdf", inflated=32_000_000)
    with pytest.raises(ParseLimitExceeded, match="QA_PARSE_MAX_INFLATED_MB"):
        add_document(folder, bomb.read_bytes(), filename="bomb.pdf", limits=SMALL)
    assert list(folder.iterdir()) == []


def test_scratch_folders_of_a_killed_process_are_removed(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    left = Path(make_scratch().parent) / f"qa-add-{dead_pid}-left"
    left.mkdir()
    (left / "upload.pdf").write_bytes(b"%PDF-1.4")
    mine = make_scratch()
    try:
        assert mine.name.startswith(f"qa-add-{os.getpid()}-") and mine.is_dir()
        assert not left.exists()
        other = make_scratch()  # a live process's folder (ours) is left alone
        assert mine.is_dir()
        other.rmdir()
    finally:
        mine.rmdir()

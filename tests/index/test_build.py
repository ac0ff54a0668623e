"""Builds under a lock, readers during commits, stale temporary folders, and disks that refuse."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.folder import FORMAT_VERSION, build_lock, load_index, write_index
from index.tokenization import TOKENIZER_VERSION
from qa.exceptions import IndexIncompatible
from qa.service import build_from_settings, open_searcher
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR

DOCS = ["004_723cbf81696a18db.txt", "001_2a97e9fcc96299fc.txt"]


def _corpus(root: Path, files: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy(CORPUS_DIR / name, root / name)
    return root


@pytest.fixture()
def shared_cache(index_settings: Settings) -> Iterator[EmbeddingCache]:
    cache = EmbeddingCache(index_settings.cache_path)
    yield cache
    cache.close()


def test_a_second_build_waits_for_the_lock(
    tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = load_corpus(_corpus(tmp_path / "corpus", DOCS[:1]))
    target = tmp_path / "index"
    reports = []
    with caplog.at_level(logging.WARNING), build_lock(target):
        worker = threading.Thread(
            target=lambda: reports.append(build_index(corpus, embedder, target, cache=shared_cache, progress=False))
        )
        worker.start()
        worker.join(timeout=3)
        assert worker.is_alive() and not target.exists()  # waiting, not writing
    worker.join(timeout=120)
    assert not worker.is_alive() and reports[0].rebuilt
    assert "another build of" in caplog.text and "waiting for it to finish" in caplog.text
    assert load_index(target).manifest.paragraphs == 11


def test_concurrent_builds_are_serialized(tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache) -> None:
    """Two builders forcing rebuilds of one folder: every build commits, none fails, the result is valid."""
    corpus = load_corpus(_corpus(tmp_path / "corpus", DOCS[:1]))
    target = tmp_path / "index"
    errors: list[BaseException] = []
    inside = 0
    overlap = False
    guard = threading.Lock()

    def count(_: int) -> None:
        """Stay here up to 3 s: without the lock the other build arrives meanwhile."""
        nonlocal inside, overlap
        with guard:
            inside += 1
            overlap = overlap or inside > 1
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not overlap:
            time.sleep(0.05)
        with guard:
            inside -= 1

    def run() -> None:
        try:
            # windows=0: one batch of paragraphs per build, so each build waits in count() once
            build_index(
                corpus, embedder, target, cache=shared_cache, rebuild=True, progress=False, on_batch=count, windows=0
            )
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=run) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert not errors and not overlap
    assert load_index(target).manifest.paragraphs == 11
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or p.name.endswith(".old")]


def test_readers_never_see_a_false_corrupt_index_during_commits(
    tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    small = tmp_path / "small"
    big = tmp_path / "big"
    build_index(load_corpus(_corpus(tmp_path / "c1", DOCS[:1])), embedder, small, cache=shared_cache, progress=False)
    build_index(load_corpus(_corpus(tmp_path / "c2", DOCS)), embedder, big, cache=shared_cache, progress=False)
    versions = [load_index(small), load_index(big)]
    docs = [load_corpus(tmp_path / "c1"), load_corpus(tmp_path / "c2")]
    target = tmp_path / "index"
    shutil.copytree(small, target)
    stop = threading.Event()
    commits = 0

    def commit_loop() -> None:
        nonlocal commits
        while not stop.is_set():
            v = versions[commits % 2]
            write_index(
                target,
                manifest=v.manifest,
                documents=list(docs[commits % 2]),
                paragraphs=v.paragraphs,
                dense=v.dense,
                lexical=v.lexical,
                windows=v.windows,
            )
            commits += 1

    writer = threading.Thread(target=commit_loop)
    writer.start()
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 20
        while (len(seen) < 150 or commits <= 20) and time.monotonic() < deadline:
            seen.append(load_index(target).manifest.paragraphs)  # raises on a false IndexCorrupt
    finally:
        stop.set()
        writer.join()
    assert commits > 20 and set(seen) <= {11, 26} and len(seen) > 20


# -- stale temporary folders (issue 10, item 6) --------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_stale_temp_folders_of_dead_builds_are_removed(
    tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    corpus = load_corpus(_corpus(tmp_path / "corpus", DOCS[:1]))
    target = tmp_path / "index"
    build_index(corpus, embedder, target, cache=shared_cache, progress=False)
    dead = _dead_pid()
    stale = tmp_path / f".index.tmp-{dead}-1700000000000"
    shutil.copytree(target, stale)  # what a killed build leaves: index files
    (stale / "manifest.json").unlink()
    alive = tmp_path / f".index.tmp-{os.getppid()}-1700000000001"  # a live process: maybe still writing
    alive.mkdir()
    strange = tmp_path / f".index.tmp-{dead}-1700000000002"  # right name, but a file that is not ours
    strange.mkdir()
    (strange / "thesis.txt").write_text("mine")
    other = tmp_path / f".other.tmp-{dead}-1700000000003"  # another index's name
    other.mkdir()

    build_index(corpus, embedder, target, cache=shared_cache, progress=False)  # up to date, still cleans
    assert not stale.exists()
    assert alive.is_dir() and (strange / "thesis.txt").read_text() == "mine" and other.is_dir()


# -- disks that refuse (issue 10, item 2) --------------------------------------------------


@pytest.fixture(scope="module")
def disk_faults(tmp_path_factory: pytest.TempPathFactory, index_settings: Settings) -> dict[str, Any]:
    """Builds on small tmpfs mounts in a private mount namespace (tests/index/disk_faults.py)."""
    work = tmp_path_factory.mktemp("disk-faults")
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", sys.executable, "-m", "tests.index.disk_faults"]
        + [str(work), str(index_settings.cache_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_disk_full_while_writing_faiss(disk_faults: dict[str, Any]) -> None:
    full = disk_faults["full"]
    assert full["type"] == "IndexWriteError"
    assert "/full/index: No space left on device (the disk is full)" in full["message"]
    assert "is unchanged" in full["message"]
    assert full["same"] and full["loads"] == 11  # the old index, byte for byte
    assert full["entries"] == [".index.commit.lock", ".index.lock", "filler", "index"]  # no temp folder left
    assert full["after_space_freed"]


def test_read_only_file_system(disk_faults: dict[str, Any]) -> None:
    ro = disk_faults["ro"]
    assert ro["type"] == "IndexWriteError"
    assert "/ro/.index.lock: Read-only file system" in ro["message"]
    assert ro["same"]
    assert ro["serving"] == 11 and "serving the existing index" in ro["warning"]


def test_embedding_cache_disk_full(disk_faults: dict[str, Any]) -> None:
    cache = disk_faults["cache"]
    assert cache["type"] == "IndexWriteError"
    assert "embedding cache" in cache["message"] and "cache.sqlite: database or disk is full" in cache["message"]
    assert cache["same"] and cache["entries"] == [".cindex.commit.lock", ".cindex.lock"]


# -- sentence windows (issue 11, item 2) ---------------------------------------------------


def test_changing_the_window_option_rebuilds(tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache) -> None:
    corpus = load_corpus(_corpus(tmp_path / "corpus", DOCS[:1]))
    target = tmp_path / "index"
    build = partial(build_index, cache=shared_cache, progress=False, context_window=False)  # sentence windows alone
    first = build(corpus, embedder, target)
    assert first.manifest.windows == 2 and first.windows_embedded + first.windows_cached == 20
    same = build(corpus, embedder, target, windows=2)
    assert not same.rebuilt
    off = build(corpus, embedder, target, windows=0)
    assert off.rebuilt and load_index(target).windows is None and not list(target.glob("windows*"))
    three = build(corpus, embedder, target, windows=3)
    loaded = load_index(target)
    assert three.rebuilt and loaded.manifest.windows == 3 and loaded.windows is not None
    assert 0 < loaded.windows.size < 20  # longer windows: fewer of them


def test_an_index_of_other_tokens_is_rebuilt(tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache) -> None:
    """BM25 tokens changed (symbols of every series whole, tokenizer 2): an index written with the
    old ones is rebuilt from the embedding cache, never served with tokens its questions no longer make."""
    corpus = load_corpus(_corpus(tmp_path / "corpus", DOCS[:1]))
    target = tmp_path / "index"
    build = partial(build_index, cache=shared_cache, progress=False, windows=0, context_window=False)
    assert build(corpus, embedder, target).manifest.tokenizer == TOKENIZER_VERSION
    assert not build(corpus, embedder, target).rebuilt
    manifest = json.loads((target / "manifest.json").read_text())
    del manifest["tokenizer"], manifest["index_of"], manifest["seal"]  # as an index before tokenizer 2 was written
    (target / "manifest.json").write_text(json.dumps(manifest))
    again = build(corpus, embedder, target)
    assert again.rebuilt and again.embedded == 0
    assert load_index(target).manifest.tokenizer == TOKENIZER_VERSION


def test_qa_windows_setting_and_an_old_format_index_trigger_a_refresh(
    tmp_path: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    settings = Settings(
        corpus_dir=_corpus(tmp_path / "corpus", DOCS[:1]),
        index_dir=tmp_path / "index",
        cache_path=shared_cache.path,
        windows=0,
    )
    assert build_from_settings(settings, progress=False).manifest.windows == 0
    assert not build_from_settings(settings, progress=False).rebuilt
    # An index written before windows existed (format 1, no `windows` in its manifest): refreshed, not an error.
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    manifest["format_version"] = 1
    del manifest["windows"], manifest["index_of"], manifest["seal"]  # as format 1 wrote it: no seal
    (tmp_path / "index" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexIncompatible, match="format 1.*qa index --rebuild"):
        load_index(tmp_path / "index")
    searcher = open_searcher(Settings(**{**settings.model_dump(), "windows": 2}), progress=False)
    assert searcher.index.manifest.windows == 2 and searcher.index.manifest.format_version == FORMAT_VERSION
    assert searcher.search("城市固体废物管理", top_k=3, mode="dense").hits

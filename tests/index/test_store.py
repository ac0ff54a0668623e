"""Round trip, refresh, cache, and the errors of a foreign, corrupt or incompatible index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.store import load_index, read_manifest
from qa.exceptions import IndexCorrupt, IndexIncompatible, IndexNotBuilt
from tests.conftest import CORPUS_DIR

SMALL = ["004_723cbf81696a18db.txt", "001_2a97e9fcc96299fc.txt"]


def _small_corpus(tmp_path: Path, files: list[str]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name in files:
        shutil.copy(CORPUS_DIR / name, folder / name)
    return folder


@pytest.fixture()
def built(tmp_path: Path, embedder: Embedder) -> tuple[Path, Path, EmbeddingCache]:
    folder = _small_corpus(tmp_path, SMALL[:1])
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    target = tmp_path / "index"
    build_index(load_corpus(folder), embedder, target, cache=cache, progress=False)
    return folder, target, cache


def test_round_trip(built: tuple[Path, Path, EmbeddingCache], embedder: Embedder) -> None:
    _, target, _ = built
    loaded = load_index(target, model=embedder.name, dim=embedder.dim)
    assert loaded.manifest.paragraphs == 11 == len(loaded.paragraphs) == loaded.dense.size
    assert loaded.paragraphs[5].citation.endswith("para. 6")
    assert loaded.documents[0]["doc_id"] == "004_723cbf81696a18db"


def test_refresh_costs_only_the_new_document(built: tuple[Path, Path, EmbeddingCache], embedder: Embedder) -> None:
    folder, target, cache = built
    same = build_index(load_corpus(folder), embedder, target, cache=cache, progress=False)
    assert not same.rebuilt and same.embedded == 0
    _small_corpus(folder.parent, SMALL[1:])
    grown = build_index(load_corpus(folder), embedder, target, cache=cache, progress=False)
    assert grown.rebuilt
    assert grown.embedded == 15 and grown.cached == 11
    assert read_manifest(target).paragraphs == 26


def test_interrupted_build_keeps_the_old_index(built: tuple[Path, Path, EmbeddingCache], embedder: Embedder) -> None:
    folder, target, cache = built
    before = read_manifest(target)
    _small_corpus(folder.parent, SMALL[1:])

    class Interrupt(Exception):
        pass

    def stop(_: int) -> None:
        raise Interrupt

    with pytest.raises(Interrupt):
        build_index(load_corpus(folder), embedder, target, cache=None, rebuild=True, progress=False, on_batch=stop)
    after = load_index(target, model=embedder.name, dim=embedder.dim)
    assert after.manifest == before
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".index.tmp")]


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuilt, match="qa index"):
        load_index(tmp_path / "nothing")


def test_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("hello")
    with pytest.raises(IndexCorrupt, match="not an index folder"):
        load_index(tmp_path / "foreign")


def test_other_model(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    with pytest.raises(IndexIncompatible, match="qa index --rebuild"):
        load_index(target, model="some/other-model")


def test_other_format(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["format_version"] = 99
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexIncompatible, match="format 99"):
        load_index(target)


@pytest.mark.parametrize("victim", ["dense.faiss", "paragraphs.jsonl"])
def test_truncated_file(built: tuple[Path, Path, EmbeddingCache], victim: str) -> None:
    _, target, _ = built
    data = (target / victim).read_bytes()
    (target / victim).write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="checksum"):
        load_index(target)


def test_deleted_file(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    (target / "dense.faiss").unlink()
    with pytest.raises(IndexCorrupt, match="missing"):
        load_index(target)


def test_garbage_manifest(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    (target / "manifest.json").write_bytes(b"\xff\x00garbage")
    with pytest.raises(IndexCorrupt, match="unreadable"):
        load_index(target)


def test_cache_keyed_by_model_and_text(tmp_path: Path, embedder: Embedder) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    vectors = embedder.encode_passages(["甲", "乙"])
    cache.put_many("m1", ["甲", "乙"], vectors)
    assert set(cache.get_many("m1", ["乙", "丙", "甲"])) == {0, 2}
    assert cache.get_many("m2", ["甲"]) == {}
    assert cache.count("m1") == 2

"""Round trip, refresh, cache, and the errors of a foreign, corrupt or incompatible index."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.folder import FORMAT_VERSION, MARKER_KEY, SEAL_KEY, _seal, check_index_target, load_index, read_manifest
from index.windows import paragraph_windows
from qa.exceptions import IndexCorrupt, IndexIncompatible, IndexNotBuilt, UnsafeIndexPath
from qa.settings import PROJECT_ROOT, Settings
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


def test_window_files_are_index_files_with_checksums(
    built: tuple[Path, Path, EmbeddingCache], embedder: Embedder
) -> None:
    _, target, _ = built
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION and manifest["windows"] == 2
    assert {"windows.faiss", "windows_owner.npy"} <= manifest["files"].keys()
    loaded = load_index(target, model=embedder.name, dim=embedder.dim)
    assert loaded.windows is not None
    several = [i for i, p in enumerate(loaded.paragraphs) if len(paragraph_windows(p.text)) > 1]
    assert sum(len(paragraph_windows(loaded.paragraphs[i].text)) for i in several) == 20
    # With the contextual window (the default) every paragraph has windows: its own, then its contextual passage.
    assert manifest["context_window"] and sorted(set(loaded.windows.owner.tolist())) == list(range(11))
    assert loaded.windows.size == sum(len(paragraph_windows(p.text)) + 1 for p in loaded.paragraphs)
    assert loaded.windows.dense.kind == loaded.dense.kind == manifest["faiss_type"]


def test_windows_off_writes_no_window_files(tmp_path: Path, embedder: Embedder) -> None:
    folder = _small_corpus(tmp_path, SMALL[:1])
    target = tmp_path / "plain"
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    build_index(load_corpus(folder), embedder, target, cache=cache, windows=0, context_window=False)
    loaded = load_index(target)
    assert loaded.manifest.windows == 0 and not loaded.manifest.context_window and loaded.windows is None
    assert not {"windows.faiss", "windows_owner.npy"} & set(loaded.manifest.files)
    assert not list(target.glob("windows*"))


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


def _reseal(manifest: dict[str, object]) -> dict[str, object]:
    """What a (newer) version of this service would write: the edited manifest with a matching seal."""
    return {**manifest, SEAL_KEY: _seal(manifest)}


def _unsealed(manifest: dict[str, object]) -> dict[str, object]:
    """A manifest as versions before the seal wrote it."""
    return {k: v for k, v in manifest.items() if k not in (MARKER_KEY, SEAL_KEY)}


def test_other_format(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["format_version"] = 99
    (target / "manifest.json").write_text(json.dumps(_reseal(manifest)))
    with pytest.raises(IndexIncompatible, match="format 99"):
        load_index(target)


@pytest.mark.parametrize("victim", ["dense.faiss", "paragraphs.jsonl", "windows.faiss", "windows_owner.npy"])
def test_truncated_file(built: tuple[Path, Path, EmbeddingCache], victim: str) -> None:
    _, target, _ = built
    data = (target / victim).read_bytes()
    (target / victim).write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="checksum"):
        load_index(target)


@pytest.mark.parametrize("victim", ["dense.faiss", "windows_owner.npy"])
def test_deleted_file(built: tuple[Path, Path, EmbeddingCache], victim: str) -> None:
    _, target, _ = built
    (target / victim).unlink()
    with pytest.raises(IndexCorrupt, match=f"{victim} is missing"):
        load_index(target)


def test_a_manifest_that_drops_the_window_files_is_corrupt(built: tuple[Path, Path, EmbeddingCache]) -> None:
    _, target, _ = built
    manifest = json.loads((target / "manifest.json").read_text())
    del manifest["files"]["windows.faiss"]
    (target / "manifest.json").write_text(json.dumps(_unsealed(manifest)))
    with pytest.raises(IndexCorrupt, match="lists no windows.faiss"):
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


# -- never destroy what is not ours (issue 10, item 1) -------------------------------------


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every entry under ``root`` (and ``root`` itself if a file): path → bytes, None for folders."""
    if root.is_file():
        return {root.name: root.read_bytes()}
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.fixture()
def one_doc(tmp_path: Path) -> Path:
    return _small_corpus(tmp_path, SMALL[:1])


@pytest.fixture()
def shared_cache(index_settings: Settings) -> Iterator[EmbeddingCache]:
    cache = EmbeddingCache(index_settings.cache_path)
    yield cache
    cache.close()


def test_foreign_folder_is_refused_and_kept_byte_for_byte(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    victim = tmp_path / "v"
    (victim / "sub").mkdir(parents=True)
    (victim / "important.txt").write_text("thesis\n")
    (victim / "sub" / "data.bin").write_bytes(bytes(range(256)))
    before, siblings = _snapshot(victim), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(
        UnsafeIndexPath, match=r"v is not empty and holds no index.*important\.txt.*new or empty folder"
    ):
        build_index(load_corpus(one_doc), embedder, victim, cache=shared_cache, progress=False)
    assert _snapshot(victim) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no .v.old, no temp folder, no lock


def test_regular_file_is_refused_and_not_moved(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    victim = tmp_path / "f.txt"
    victim.write_text("keep me\n")
    for _ in range(2):  # the second attempt used to crash with NotADirectoryError
        with pytest.raises(UnsafeIndexPath, match=r"f\.txt is an existing file"):
            build_index(load_corpus(one_doc), embedder, victim, cache=shared_cache, progress=False)
    assert victim.read_text() == "keep me\n"
    assert not (tmp_path / ".f.txt.old").exists()


def test_current_folder_and_folders_holding_the_project_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnsafeIndexPath, match="current folder"):
        check_index_target(Path("."))
    with pytest.raises(UnsafeIndexPath, match="current folder"):
        check_index_target(Path(".."))
    for place in (PROJECT_ROOT, PROJECT_ROOT.parent, Path("/")):
        with pytest.raises(UnsafeIndexPath, match="contains the project"):
            check_index_target(place)
    with pytest.raises(UnsafeIndexPath, match="/etc is not empty and holds no index"):
        check_index_target(Path("/etc"))


def test_index_plus_a_foreign_file_is_refused(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    (target / "notes.txt").write_text("mine")
    before = _snapshot(target)
    with pytest.raises(UnsafeIndexPath, match=r"an index plus other files \(notes\.txt\)"):
        build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, rebuild=True, progress=False)
    assert _snapshot(target) == before
    assert load_index(target).manifest.paragraphs == 11


def test_empty_folder_is_used_and_own_index_replaced(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    target = tmp_path / "empty"
    target.mkdir(mode=0o750)
    target.chmod(0o750)
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    assert load_index(target).manifest.paragraphs == 11
    assert target.stat().st_mode & 0o777 == 0o750
    _small_corpus(tmp_path, SMALL[1:])
    report = build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    assert report.rebuilt and load_index(target).manifest.paragraphs == 26
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".empty.commit.lock",
        ".empty.lock",
    ]


def test_foreign_folder_in_the_backup_place_is_not_deleted(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    stranger = tmp_path / ".index.old"
    stranger.mkdir()
    (stranger / "diary.txt").write_text("private")
    before, index_before = _snapshot(stranger), _snapshot(target)
    with pytest.raises(UnsafeIndexPath, match=r"\.index\.old is in the way"):
        build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, rebuild=True, progress=False)
    assert _snapshot(stranger) == before and _snapshot(target) == index_before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    # a load with the index missing does not "restore" a folder that is not ours
    shutil.rmtree(target)
    with pytest.raises(IndexNotBuilt):
        load_index(target)
    assert _snapshot(stranger) == before


def test_a_reader_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuilt):
        load_index(tmp_path / "nothing")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_index_of_ours_is_rebuilt_but_a_lookalike_is_not(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    (target / "dense.faiss").write_bytes(b"damaged")  # our sealed manifest, a file that no longer matches
    report = build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    assert report.rebuilt and report.embedded == 0 and load_index(target).manifest.paragraphs == 11

    web = tmp_path / "web"
    web.mkdir()
    (web / "manifest.json").write_text('{"name": "my app", "files": {}}')  # JSON, but not our manifest
    with pytest.raises(UnsafeIndexPath, match="holds no index"):
        build_index(load_corpus(one_doc), embedder, web, cache=shared_cache, progress=False)
    assert [p.name for p in web.iterdir()] == ["manifest.json"]


def test_a_destroyed_manifest_proves_nothing(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    """Our file names without a manifest that proves them ours: refused, not "repaired"."""
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    (target / "manifest.json").write_bytes(b"\xff\x00garbage")
    before = _snapshot(target)
    with pytest.raises(UnsafeIndexPath, match=r"holds no index of this service.*manifest\.json is not one"):
        build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    assert _snapshot(target) == before


FOREIGN_MANIFEST = b'{"name":"my app"}\n'


@pytest.mark.parametrize("sibling", ["documents.json", "paragraphs.jsonl", "dense.faiss", "bm25/", "windows.faiss"])
def test_a_foreign_manifest_beside_index_file_names_is_not_ours(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache, sibling: str
) -> None:
    """Issue 19: `{"name":"my app"}` beside documents.json (…) was taken for a damaged index and replaced."""
    app = tmp_path / "myapp"
    app.mkdir()
    (app / "manifest.json").write_bytes(FOREIGN_MANIFEST)
    if sibling.endswith("/"):
        (app / sibling).mkdir()
        (app / sibling / "params.index.json").write_text('{"k1": 1.2}')
    else:
        (app / sibling).write_bytes(b'[{"x":1}]\n')
    before, siblings = _snapshot(app), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UnsafeIndexPath, match=r"myapp is not empty and holds no index of this service.*manifest\.json"):
        build_index(load_corpus(one_doc), embedder, app, cache=shared_cache, progress=False)
    with pytest.raises(UnsafeIndexPath, match="holds no index"):
        build_index(load_corpus(one_doc), embedder, app, cache=shared_cache, rebuild=True, progress=False)
    assert _snapshot(app) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings


def test_a_copied_manifest_of_ours_beside_other_files_is_not_ours(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    """A manifest copied from an index, with its marker and seal, does not make its new folder's files ours."""
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(target / "manifest.json", other / "manifest.json")
    (other / "notes.txt").write_text("mine")
    before = _snapshot(other)
    with pytest.raises(UnsafeIndexPath, match=r"notes\.txt"):
        build_index(load_corpus(one_doc), embedder, other, cache=shared_cache, progress=False)
    assert _snapshot(other) == before


def test_a_manifest_written_before_seals_is_ours_only_with_matching_files(
    tmp_path: Path, one_doc: Path, embedder: Embedder, shared_cache: EmbeddingCache
) -> None:
    target = tmp_path / "index"
    build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest[MARKER_KEY] == "un-docs-qa" and manifest[SEAL_KEY] == _seal(manifest)
    (target / "manifest.json").write_text(json.dumps(_unsealed(manifest)))
    assert check_index_target(target) == target.resolve()  # every listed file matches: an older index of ours
    report = build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, rebuild=True, progress=False)
    assert report.rebuilt and SEAL_KEY in json.loads((target / "manifest.json").read_text())

    manifest = json.loads((target / "manifest.json").read_text())
    (target / "manifest.json").write_text(json.dumps(_unsealed(manifest)))
    (target / "paragraphs.jsonl").write_text("{}\n")  # no seal and a file that does not match: no proof
    before = _snapshot(target)
    with pytest.raises(UnsafeIndexPath, match="holds no index"):
        build_index(load_corpus(one_doc), embedder, target, cache=shared_cache, progress=False)
    assert _snapshot(target) == before

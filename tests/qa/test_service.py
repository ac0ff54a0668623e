"""The service over settings: refusing paths that are not ours, repairing a damaged index from the cache."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.exceptions import UnsafeIndexPath
from qa.service import build_from_settings, open_searcher
from qa.settings import Settings
from tests.conftest import CORPUS_DIR

DOC = "004_723cbf81696a18db.txt"


@pytest.fixture()
def settings(tmp_path: Path, index_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A one-document corpus and a fresh index folder; the session's embedding cache."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS_DIR / DOC, corpus / DOC)
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("QA_CACHE_PATH", str(index_settings.cache_path))
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))
    return Settings()


def _tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


def _output(result: object) -> str:
    out = getattr(result, "output", "") or ""
    try:
        out += getattr(result, "stderr", "") or ""
    except ValueError:  # older click: stderr not captured separately
        pass
    return " ".join(out.split())  # rich wraps long messages


def test_a_folder_that_is_not_an_index_survives_qa_ask(settings: Settings, tmp_path: Path) -> None:
    victim = tmp_path / "v"
    (victim / "sub").mkdir(parents=True)
    (victim / "important.txt").write_text("thesis\n")
    (victim / "sub" / "x.txt").write_text("more\n")
    before = _tree(victim)
    with pytest.raises(UnsafeIndexPath, match="choose a new or empty folder"):
        open_searcher(settings.model_copy(update={"index_dir": victim}), progress=False)
    result = CliRunner().invoke(app, ["ask", "执行局", "--index-dir", str(victim)])
    assert result.exit_code == 2 and "holds no index" in _output(result)
    assert _tree(victim) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "v"]


def test_qa_index_in_the_current_folder_is_a_clear_error(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["index", "--index-dir", "."])
    assert result.exit_code == 2
    assert "current folder" in _output(result) and "Errno" not in _output(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_a_file_as_index_dir_is_refused_every_time(settings: Settings, tmp_path: Path) -> None:
    victim = tmp_path / "f.txt"
    victim.write_text("keep\n")
    for _ in range(2):
        result = CliRunner().invoke(app, ["index", "--index-dir", str(victim)])
        assert result.exit_code == 2 and "is an existing file" in _output(result)
    assert victim.read_text() == "keep\n" and not (tmp_path / ".f.txt.old").exists()


def test_qa_index_repairs_a_damaged_index_from_the_cache(settings: Settings) -> None:
    first = build_from_settings(settings, progress=False)
    assert first.rebuilt
    faiss_file = Path(settings.index_dir) / "dense.faiss"
    data = bytearray(faiss_file.read_bytes())
    data[-8:] = bytes(8)  # same size, different bytes: only the checksum sees it
    faiss_file.write_bytes(bytes(data))

    result = CliRunner().invoke(app, ["index"])
    assert result.exit_code == 0, _output(result)
    assert "up to date" not in _output(result)
    assert "(0 embedded, 11 from cache)" in _output(result)
    assert build_from_settings(settings, progress=False).rebuilt is False  # now it is up to date


def test_open_searcher_repairs_a_damaged_index(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    build_from_settings(settings, progress=False)
    (Path(settings.index_dir) / "paragraphs.jsonl").write_text("{}\n")
    with caplog.at_level(logging.WARNING):
        searcher = open_searcher(settings, progress=False)
    assert "repairing it from the embedding cache" in caplog.text
    assert searcher.search("执行局", top_k=3).hits


FOREIGN_MANIFEST = b'{"name":"my app"}\n'


def _foreign_app(root: Path, sibling: str) -> Path:
    """Issue 19's folder: someone's app, with a manifest.json and a file named like an index file."""
    app_dir = root / "myapp"
    app_dir.mkdir()
    (app_dir / "manifest.json").write_bytes(FOREIGN_MANIFEST)
    if sibling == "bm25/":
        (app_dir / "bm25").mkdir()
        (app_dir / "bm25" / "vocab.index.json").write_text('{"a": 0}')
    else:
        (app_dir / sibling).write_bytes(b'[{"x":1}]\n')
    return app_dir


@pytest.mark.parametrize("sibling", ["documents.json", "paragraphs.jsonl", "dense.faiss", "bm25/"])
@pytest.mark.parametrize("command", ["index", "serve", "add"])
def test_a_foreign_manifest_folder_is_refused_by_every_command(
    settings: Settings, tmp_path: Path, sibling: str, command: str
) -> None:
    app_dir = _foreign_app(tmp_path, sibling)
    before, corpus_before = _tree(app_dir), _tree(Path(settings.corpus_dir))
    args = {
        "index": ["index"],
        "serve": ["serve", "--port", "9"],  # refused before anything listens
        "add": ["add", str(CORPUS_DIR / "001_2a97e9fcc96299fc.txt")],
    }[command]
    result = CliRunner().invoke(app, [*args, "--index-dir", str(app_dir)])
    out = _output(result)
    assert result.exit_code == 2, out
    assert "myapp is not empty and holds no index of this service" in out
    assert "manifest.json is not one this service wrote" in out and "Traceback" not in out
    assert _tree(app_dir) == before  # every byte as it was
    assert _tree(Path(settings.corpus_dir)) == corpus_before  # `qa add` changed nothing either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "myapp"]  # no lock, temp or .old

"""The embedding cache opens only its own SQLite file and never deletes what it did not make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from index.cache import EmbeddingCache
from qa.exceptions import UnsafeIndexPath


def test_reopens_its_own_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = EmbeddingCache(path)
    cache.put_many("m", ["甲"], np.ones((1, 4), dtype=np.float32))
    cache.close()
    again = EmbeddingCache(path)
    assert again.count("m") == 1
    again.close()


def test_empty_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.touch()
    cache = EmbeddingCache(path)
    assert cache.count() == 0
    cache.close()


def test_a_text_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "thesis.txt"
    path.write_text("chapter 1\n" * 100)
    before = path.read_bytes()
    with pytest.raises(UnsafeIndexPath, match=r"thesis\.txt is not an embedding cache.*left untouched.*QA_CACHE_PATH"):
        EmbeddingCache(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE users (name TEXT)")
    db.execute("INSERT INTO users VALUES ('ada')")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(UnsafeIndexPath, match=r"app\.db is a SQLite database of another program \(tables: users\)"):
        EmbeddingCache(path)
    assert path.read_bytes() == before


def test_a_damaged_cache_is_refused_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = EmbeddingCache(path)
    cache.put_many("m", ["甲"], np.ones((1, 4), dtype=np.float32))
    cache.close()
    data = bytearray(path.read_bytes())
    data[16:100] = b"\xff" * 84  # page size and header fields destroyed; the magic string kept
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeIndexPath, match=r"cache\.sqlite is damaged.*delete it, or set QA_CACHE_PATH"):
        EmbeddingCache(path)
    assert path.read_bytes() == bytes(data)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeIndexPath, match="is a folder, not a file"):
        EmbeddingCache(tmp_path)

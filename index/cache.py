"""Passages already embedded by a model are not embedded again: a SQLite cache keyed by model and text.

The cache path is opened only if it is missing, empty, or a SQLite file holding nothing but
this cache's table; anything else is refused (:class:`UnsafeIndexPath`) and never deleted. A
disk that refuses a write raises :class:`IndexWriteError` naming the file.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.errors import IndexWriteError, UnsafeIndexPath

__all__ = ["EmbeddingCache", "text_key"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))"
_COLUMNS = ["model", "key", "dim", "vec"]
_SQLITE_HEADER = b"SQLite format 3\x00"
_ANOTHER = "set QA_CACHE_PATH to a new file (e.g. var/embedding-cache.sqlite)"


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """``(model, sha256(text)) → float32 vector``; deleting the file only costs a re-embedding."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._check_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise self._write_error(exc) from exc
        try:
            self._check_tables()
            self._db.execute(_SCHEMA)
            self._db.commit()
        except UnsafeIndexPath:
            self._db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if isinstance(exc, sqlite3.OperationalError):
                raise self._write_error(exc) from exc
            raise UnsafeIndexPath(
                f"the embedding cache {self.path} is damaged ({exc}); it is left untouched. It only holds "
                f"vectors that can be made again: delete it, or {_ANOTHER}"
            ) from exc

    def _check_path(self) -> None:
        """Refuse a path that holds something other than this cache (a folder, a file of another kind)."""
        path = self.path
        if path.is_dir():
            raise UnsafeIndexPath(f"the embedding cache path {path} is a folder, not a file: {_ANOTHER}")
        if not path.exists():
            return
        try:
            with path.open("rb") as f:
                head = f.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise UnsafeIndexPath(f"the embedding cache {path} cannot be read ({exc.strerror}): {_ANOTHER}") from exc
        if head and head != _SQLITE_HEADER:
            raise UnsafeIndexPath(
                f"{path} is not an embedding cache of this service (not a SQLite file); it is left untouched: {_ANOTHER}"
            )

    def _check_tables(self) -> None:
        """A SQLite file of another program (other tables, or another ``vectors`` table) is refused."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(vectors)")]
        if tables - {"vectors"} or ("vectors" in tables and columns != _COLUMNS):
            raise UnsafeIndexPath(
                f"{self.path} is a SQLite database of another program (tables: {', '.join(sorted(tables))}); "
                f"it is left untouched: {_ANOTHER}"
            )

    def _write_error(self, exc: BaseException) -> IndexWriteError:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return IndexWriteError(
            f"cannot write the embedding cache {self.path}: {reason}. No index was changed; free disk space "
            f"or make {self.path.parent} writable (or {_ANOTHER}), then try again"
        )

    def get_many(self, model: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Vectors found, by position in ``texts``."""
        keys = [text_key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({marks})", (model, *chunk)
                ).fetchall()
                for key, dim, blob in rows:
                    vec = np.frombuffer(blob, dtype=np.float32)
                    if vec.shape[0] == dim:
                        found[key] = vec
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (model, text_key(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._lock:
            try:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
                self._db.commit()
            except sqlite3.OperationalError as exc:  # "database or disk is full", "readonly database"
                self._db.rollback()
                raise self._write_error(exc) from exc

    def count(self, model: str | None = None) -> int:
        with self._lock:
            if model is None:
                return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
            return int(self._db.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (model,)).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

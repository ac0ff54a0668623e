"""Run by tests/index/test_build.py under ``unshare --mount``: builds on small tmpfs mounts.

Usage: ``python -m tests.index.disk_faults WORKDIR CACHE``. Mounts exist only in this process's
private mount namespace and vanish with it, so everything is checked here and reported as one
JSON object on stdout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.folder import load_index
from qa.exceptions import QAError
from qa.service import open_searcher
from qa.settings import Settings
from tests.conftest import CORPUS_DIR

DOCS = ["004_723cbf81696a18db.txt", "001_2a97e9fcc96299fc.txt"]
PAGE = 4096


def _mount(folder: Path, size: str, *, options: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}{options}", "tmpfs", str(folder)], check=True)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _attempt(fn: Any) -> dict[str, str]:
    try:
        fn()
    except QAError as exc:
        return {"type": type(exc).__name__, "message": str(exc)}
    except BaseException as exc:  # reported, so the test shows what leaked
        return {"type": type(exc).__name__, "message": repr(exc)}
    return {"type": "none", "message": ""}


def main(work: Path, cache_path: Path) -> dict[str, Any]:
    embedder = get_embedder()
    one = work / "c1"
    two = work / "c2"
    for folder, files in ((one, DOCS[:1]), (two, DOCS)):
        folder.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copy(CORPUS_DIR / name, folder / name)
    c1, c2 = load_corpus(one), load_corpus(two)
    shared = EmbeddingCache(cache_path)
    out: dict[str, Any] = {}

    # Sizes of the new index's first files, to leave room for them but not for dense.faiss.
    probe = work / "probe" / "index"
    build_index(c2, embedder, probe, cache=shared, progress=False)
    before_faiss = sum(-(-(probe / n).stat().st_size // PAGE) for n in ("documents.json", "paragraphs.jsonl"))

    # 1. Disk full while FAISS writes.
    full = work / "full"
    _mount(full, "512k")
    target = full / "index"
    build_index(c1, embedder, target, cache=shared, progress=False)
    before = _digests(target)
    st = os.statvfs(full)
    room = (before_faiss + 1) * PAGE
    (full / "filler").write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - room))
    out["full"] = _attempt(lambda: build_index(c2, embedder, target, cache=shared, progress=False))
    out["full"]["same"] = _digests(target) == before
    out["full"]["entries"] = sorted(os.listdir(full))
    out["full"]["loads"] = load_index(target).manifest.paragraphs
    (full / "filler").unlink()
    out["full"]["after_space_freed"] = build_index(c2, embedder, target, cache=shared, progress=False).rebuilt

    # 2. A read-only file system: the build is refused, the old index keeps serving.
    ro = work / "ro"
    _mount(ro, "1m")
    target = ro / "index"
    build_index(c1, embedder, target, cache=shared, progress=False)
    before = _digests(target)
    subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
    out["ro"] = _attempt(lambda: build_index(c2, embedder, target, cache=shared, progress=False))
    out["ro"]["same"] = _digests(target) == before
    settings = Settings(corpus_dir=two, index_dir=target, cache_path=cache_path)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logging.getLogger("qa.service").addHandler(Keep())
    logging.getLogger("qa.service").setLevel(logging.WARNING)
    searcher = open_searcher(settings, progress=False)
    out["ro"]["serving"] = searcher.index.manifest.paragraphs
    out["ro"]["warning"] = " ".join(records)

    # 3. The embedding cache's disk fills up: a clear error, the index untouched.
    small = work / "cachefs"
    _mount(small, "16k")
    target = work / "cindex"
    build_index(c1, embedder, target, cache=shared, progress=False)
    before = _digests(target)
    tiny = EmbeddingCache(small / "cache.sqlite")
    out["cache"] = _attempt(lambda: build_index(c2, embedder, target, cache=tiny, progress=False))
    out["cache"]["same"] = _digests(target) == before
    out["cache"]["entries"] = sorted(p.name for p in work.iterdir() if p.name.startswith(".cindex"))
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))

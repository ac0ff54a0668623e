"""The cost of parallel versions in search, as a ratio to encoding the question.

On the bilingual corpus (``eval/corpora/bilingual``, indexed in a temporary folder or
``--index-dir``), for every question of ``eval/questions/bilingual.jsonl``:

* the step :meth:`Searcher.search` adds for versions: ``Versions.collapse`` over the fused
  ranking (hybrid, up to 2 × 100 candidates) down to the top 10 hits, which reads their
  paragraphs and their versions' from the store, plus ``Versions.versions`` for each hit;
* one question encoding: ``embedder.encode_queries([question])``.

``ratio`` is the summed version step over the summed encodings (target < 0.05).

Run: ``python -m eval.bench_versions`` (writes ``eval/benchmarks/versions.json``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus.loading import load_corpus
from eval.datasets import load_question_set
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from qa.fusion import fuse, lexical_weight
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["bench_versions"]

CORPUS = PROJECT_ROOT / "eval" / "corpora" / "bilingual"
QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "bilingual.jsonl"
TOP_K = 10


def bench_versions(index_dir: Path, *, repeat: int = 3) -> dict[str, Any]:
    settings = Settings()
    embedder = get_embedder()
    if not (index_dir / "manifest.json").exists():
        cache = EmbeddingCache(settings.cache_path)
        build_index(load_corpus(CORPUS), embedder, index_dir, cache=cache, progress=False)
        cache.close()
    searcher = Searcher.open(Settings(index_dir=index_dir), embedder=embedder)
    versions = searcher.versions
    questions = [q.question for q in load_question_set(QUESTIONS).questions]
    step = encode = 0.0
    for text in questions:
        query = searcher.analyse(text)
        vector = searcher.encode([query.text])
        dense = searcher._dense(query, None, vector)
        lexical = searcher._lexical(query, None)
        ranked = fuse(
            dense, lexical, lexical_weight=lexical_weight(query.language, bool(query.groups), searcher.weights)
        )
        for _ in range(repeat):
            started = time.perf_counter()
            collapsed = versions.collapse(ranked, prefer=query.language, limit=TOP_K)
            for g in collapsed.groups:
                versions.versions(g, collapsed.paragraphs)
            step += time.perf_counter() - started
            started = time.perf_counter()
            embedder.encode_queries([text])
            encode += time.perf_counter() - started
    n = len(questions) * repeat
    return {
        "questions": len(questions),
        "repeat": repeat,
        "paragraphs": len(searcher.paragraphs),
        "versions_ms_per_question": round(step / n * 1000, 4),
        "encode_ms_per_question": round(encode / n * 1000, 3),
        "ratio": round(step / encode, 5),
        "target": 0.05,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "eval" / "benchmarks" / "versions.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_versions(args.index_dir or Path(tmp) / "index", repeat=args.repeat)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

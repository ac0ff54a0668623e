"""Experiment (issue 20): the document level of the ranking, swept on a question set's ``tune`` split.

The index the settings name (``QA_CORPUS_DIR``, ``QA_INDEX_DIR``, ``QA_EMBED_CONTEXT``, ``QA_WINDOWS``;
built first if it is missing or stale) is searched exactly as ``qa eval`` searches it
(:func:`eval.runner.evaluate`, hybrid mode) once per title weight (:attr:`qa.fusion.FusionWeights.title`,
:mod:`qa.titles`); the questions are encoded once. Prints and writes MRR@10 and R@5 per language.

    QA_CORPUS_DIR=eval/corpora/resolutions QA_INDEX_DIR=var/res-index \\
        python -m eval.experiments.titles eval/questions/resolutions-tune.jsonl --out var/titles/res.json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.datasets import QuestionSet, load_question_set
from eval.runner import evaluate
from index.lexical import LexicalIndex
from index.passages import lexical_text
from qa.retrieval import Searcher
from qa.service import open_searcher
from qa.settings import Settings

__all__ = ["WEIGHTS", "main", "sweep"]

WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


class Remembering(Searcher):
    """A searcher that encodes each question once across the sweep's evaluations."""

    memo: dict[str, np.ndarray]

    def encode(self, questions: Sequence[str]) -> np.ndarray:
        todo = [q for q in dict.fromkeys(questions) if q not in self.memo]
        if todo:
            for q, v in zip(todo, super().encode(todo), strict=True):
                self.memo[q] = np.asarray(v, dtype=np.float32)
        return np.stack([self.memo[q] for q in questions])


def sweep(qset: QuestionSet, searcher: Searcher, weights: Sequence[float]) -> list[dict[str, object]]:
    """Hybrid MRR@10 and R@5 per language for each title weight."""
    base = searcher.weights
    rows: list[dict[str, object]] = []
    try:
        for w in weights:
            searcher.weights = replace(base, title=w)
            report = evaluate(qset, searcher, modes=["hybrid"], top_k=10, progress=False)
            metrics = report.metrics["hybrid"]
            rows.append(
                {
                    "title": w,
                    **{
                        lang: {"mrr@10": round(m["mrr@10"], 4), "recall@5": round(m["recall@5"], 4)}
                        for lang, m in metrics.items()
                    },
                }
            )
            print(w, {lang: round(m["mrr@10"], 4) for lang, m in metrics.items()}, flush=True)
    finally:
        searcher.weights = base
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--split", default="tune", help="only this split's questions (default tune)")
    parser.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS))
    parser.add_argument("--out", type=Path, default=None, help="JSON file for the figures")
    parser.add_argument(
        "--lexical-title", action="store_true", help="BM25 reads each paragraph with its document's title (in memory)"
    )
    args = parser.parse_args(argv)

    qset = load_question_set(args.questions)
    if args.split and qset.split != args.split:
        rows_in = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        only = {str(r["id"]) for r in rows_in if r.get("split") == args.split}
        qset = replace(qset, questions=[q for q in qset.questions if q.id in only], split=args.split)
    settings = Settings()
    opened = open_searcher(settings)
    if args.lexical_title:
        loaded = opened.store.loaded  # type: ignore[attr-defined]
        titles = {d["doc_id"]: str(d.get("title") or "") for d in loaded.documents}
        loaded.lexical = LexicalIndex.build(
            [f"{titles.get(p.doc_id, '')}\n{lexical_text(p)}" for p in loaded.paragraphs],
            languages=[p.lang for p in loaded.paragraphs],
        )
    searcher = Remembering(opened.store, opened.embedder, translator=opened.translator, relevance=opened.relevance)
    searcher.memo = {}
    rows = sweep(qset, searcher, args.weights)
    result = {
        "questions": str(args.questions),
        "split": args.split,
        "count": len(qset.questions),
        "index": str(settings.index_dir),
        "embed_context": settings.embed_context,
        "windows": settings.windows,
        "lexical_title": args.lexical_title,
        "rows": rows,
    }
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

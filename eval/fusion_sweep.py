"""Sweep the fusion's lexical weights on a question set without re-running every search.

Each question is analysed, encoded and searched once (both sides, as :meth:`Searcher.search` does);
the dense and BM25 candidates, each candidate's language and its paragraph key (one key for all
language versions, as ``qa eval`` credits them) are kept, and every weight setting is then fused
(:func:`qa.fusion.fuse`) and scored (MRR@10, R@5) from them. Citation bonuses, the annex guard
and citations named outright are left out, so the figures are a guide for choosing weights on
``tune``; the chosen setting is then measured with ``qa eval``.

Example::

    python -m eval.fusion_sweep eval/questions/crosslingual.jsonl --index-dir var/un-en-index \\
        --split tune --out var/sweeps/un-en.json
    python -m eval.fusion_sweep var/xquad-en-zh.json --out var/sweeps/xquad-en-zh.json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from eval.datasets import QuestionSet, load_question_set
from eval.runner import _version_keys, build_qrels, passage_paragraphs
from index.build import build_window_index, embed_passages
from index.cache import EmbeddingCache
from index.dense import DenseIndex
from index.embedding import get_embedder
from index.folder import IndexManifest, LoadedIndex
from index.lexical import LexicalIndex
from index.windows import plan_windows
from qa.fusion import FusionWeights, fuse, lexical_weight, row_weights
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["Case", "collect", "main", "score", "weighing_cost"]

GRID = (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
"""Cross-language lexical weights tried (``None``: the question language's own weight); the Chinese
and the English questions' cross weights are read from the same sweep, each on its own questions."""


@dataclass(frozen=True)
class Case:
    """One question's candidates, as the searcher found them."""

    id: str
    language: str
    has_terms: bool
    dense: dict[int, float]
    lexical: dict[int, float]
    row_language: dict[int, str]
    row_key: dict[int, str]
    gold: frozenset[str]
    translated: float = 1.0
    """The question's :attr:`~qa.query.Query.translated_share` (it scales the cross-language weight)."""


def _external_searcher(qset: QuestionSet, cache: EmbeddingCache | None, *, windows: int = 0) -> Searcher:
    """The in-memory index ``qa eval`` builds for a set's own passages, its vectors kept in ``cache``;
    with ``windows``, the passages' sentence windows too, as the service indexes its corpus."""

    assert qset.corpus is not None
    embedder = get_embedder(Settings().model, Settings().backend)
    paragraphs = passage_paragraphs(qset.corpus)
    texts = [p.text for p in paragraphs]
    vectors, _, _ = embed_passages(embedder, texts, cache=cache, store=cache)
    plan = plan_windows(paragraphs, {}, size=windows, context=False)
    window_vectors, _, _ = embed_passages(embedder, plan.texts, cache=cache, store=cache)
    manifest = IndexManifest(
        1, embedder.name, embedder.dim, "external", "flat", len(texts), 1, False, False, windows=windows
    )
    loaded = LoadedIndex(
        manifest=manifest,
        documents=[{"doc_id": "external", "symbol": None}],
        paragraphs=paragraphs,
        dense=DenseIndex.build(vectors, "flat"),
        lexical=LexicalIndex.build(texts),
        path=Path("."),
        windows=build_window_index(window_vectors, plan.owner, kind="flat", paragraphs=len(paragraphs))
        if windows
        else None,
    )
    return Searcher(loaded, embedder)


def collect(searcher: Searcher, qset: QuestionSet, *, only: set[str] | None = None) -> list[Case]:
    """Every question's candidates (``only``: those question ids)."""
    external = qset.corpus is not None
    questions = [q for q in qset.questions if only is None or q.id in only]
    qrels = build_qrels(qset, None if external else searcher)
    canon = {} if external else _version_keys(searcher)
    vectors = searcher.encode([q.question for q in questions])
    cases = []
    for q, vector in zip(questions, vectors, strict=True):
        query = searcher.analyse(q.question)
        dense = searcher._dense(query, None, vector)
        lexical = searcher._lexical(query, None) if query.groups else {}
        paragraphs = searcher.store.get(set(dense) | set(lexical))
        keys = {}
        for row, p in paragraphs.items():
            own = f"external#{p.paragraph}" if external else f"{p.doc_id}#{p.paragraph if p.paragraph else 'u'}"
            keys[row] = canon.get(own, own) if p.paragraph else f"{own}{row}"
        cases.append(
            Case(
                id=q.id,
                language=query.language,
                has_terms=bool(query.groups),
                dense=dense,
                lexical=lexical,
                row_language={row: searcher.versions.lang_of(p) for row, p in paragraphs.items()},
                row_key=keys,
                gold=frozenset(qrels.get(q.id, {})),
                translated=query.translated_share,
            )
        )
    return cases


def rank_of_gold(case: Case, weights: FusionWeights) -> int | None:
    """The rank of the first gold paragraph (versions counted once), or None beyond the candidates."""
    same = lexical_weight(case.language, case.has_terms, weights)
    w = row_weights(case.language, case.has_terms, weights, case.row_language, translated=case.translated)
    ranked = fuse(case.dense, case.lexical if same > 0 else {}, lexical_weight=w)
    seen: set[str] = set()
    for row, _ in ranked:
        key = case.row_key.get(row, str(row))
        if key in seen:
            continue
        seen.add(key)
        if key in case.gold:
            return len(seen)
    return None


def score(cases: Sequence[Case], weights: FusionWeights) -> dict[str, dict[str, float]]:
    """``language → {"mrr@10", "recall@5", "n"}`` (and ``all``)."""
    per: dict[str, list[int | None]] = {}
    for case in cases:
        rank = rank_of_gold(case, weights)
        per.setdefault(case.language, []).append(rank)
        per.setdefault("all", []).append(rank)
    return {
        lang: {
            "mrr@10": float(np.mean([1.0 / r if r and r <= 10 else 0.0 for r in ranks])),
            "recall@5": float(np.mean([1.0 if r and r <= 5 else 0.0 for r in ranks])),
            "n": len(ranks),
        }
        for lang, ranks in sorted(per.items())
    }


def weighing_cost(searcher: Searcher, questions: Sequence[str], *, repeat: int = 3) -> dict[str, float]:
    """What the per-language weights add to a hybrid search, against encoding the question.

    ``weigh_ms``: :meth:`Searcher._row_weights` per question (reading the lexical-only candidates'
    paragraphs when the corpus has several languages), the best of ``repeat`` runs;
    ``encode_ms``: encoding one question alone (the cost the issue's budget is counted in), the best
    of ``repeat``; ``ratio``: their quotient (budget: 0.2)."""
    import time

    weigh: list[float] = []
    encode: list[float] = []
    for text in questions:
        query = searcher.analyse(text)
        best_encode = best_weigh = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            vector = searcher.encode([text])[0]
            best_encode = min(best_encode, time.perf_counter() - started)
        dense = searcher._dense(query, None, vector)
        lexical = searcher._lexical(query, None) if query.groups else {}
        for _ in range(repeat):
            known = searcher.store.get(dense)
            started = time.perf_counter()
            searcher._row_weights(query, dense, lexical, known)
            best_weigh = min(best_weigh, time.perf_counter() - started)
        weigh.append(best_weigh * 1000)
        encode.append(best_encode * 1000)
    weigh_ms, encode_ms = float(np.median(weigh)), float(np.median(encode))
    return {"weigh_ms": weigh_ms, "encode_ms": encode_ms, "ratio": weigh_ms / encode_ms, "questions": len(weigh)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index-dir", type=Path, default=None, help="index of the set's corpus (JSONL sets)")
    parser.add_argument("--split", default=None, help="only this split's questions (e.g. tune)")
    parser.add_argument("--cache", type=Path, default=Path("var/sweep-cache.sqlite"), help="embedding cache (SQuAD)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--windows", type=int, default=0, help="sentence windows of a SQuAD set's passages")
    parser.add_argument("--cost", action="store_true", help="measure what the per-language weights add instead")
    args = parser.parse_args(argv)
    qset = load_question_set(args.questions)
    if qset.corpus is not None:
        searcher = _external_searcher(qset, EmbeddingCache(args.cache), windows=args.windows)
    else:
        settings = Settings(index_dir=args.index_dir) if args.index_dir else Settings()
        searcher = Searcher.open(settings)
    if args.cost:
        texts = [q.question for q in qset.questions]
        figures = weighing_cost(searcher, texts)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"questions": str(args.questions), **figures}, indent=1), encoding="utf-8")
        print(json.dumps(figures))
        return 0
    only = None
    if args.split:
        rows_in = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        only = {str(r["id"]) for r in rows_in if r.get("split") == args.split}
    cases = collect(searcher, qset, only=only)
    base = FusionWeights()
    rows = []
    for cross in GRID:
        weights = replace(base, zh_cross=cross, en_cross=cross)
        rows.append({"cross": cross, "scores": score(cases, weights)})
        print(json.dumps(rows[-1]))
    dense_only = score(cases, replace(base, zh=0.0, en=0.0, zh_cross=0.0, en_cross=0.0))
    lexical_only = score(cases, replace(base, zh=1.0, en=1.0, zh_cross=1.0, en_cross=1.0))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "questions": str(args.questions),
                "split": args.split,
                "sweep": rows,
                "dense": dense_only,
                "bm25": lexical_only,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print("dense", json.dumps(dense_only))
    print("bm25", json.dumps(lexical_only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

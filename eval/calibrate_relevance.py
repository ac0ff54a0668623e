"""Fit and report the relevance judgement (``qa/relevance.py``): does the best paragraph answer?

    python -m eval.calibrate_relevance --fit            # refit qa/data/relevance.json on `tune`
    python -m eval.calibrate_relevance --split test --out eval/results/unanswerable

**Fitting** reads the ``tune`` split only: the answerable questions of
``eval/questions/tune.jsonl`` and the ``tune`` half of ``eval/questions/unanswerable.jsonl``.
Each question is searched (hybrid, top 10). The samples are the best hits: of each answerable
question whose gold paragraph is ranked first (label 1) and of each unanswerable question
(label 0); answerable questions whose best hit is not gold are left out (their best hit neither
answers nor proves the documents silent). Two logistic regressions (scikit-learn, L2 with
:data:`C` on standardised features, balanced classes) on the same samples give the two parts of
:mod:`qa.relevance`: ``lexical`` on :data:`~qa.relevance.FEATURES` and ``dense`` on
:data:`~qa.relevance.DENSE_FEATURES` (for hits the question's terms cannot reach). Each part's two
thresholds follow:

- ``strong``: the largest value that keeps ``answered`` for at least :data:`KEEP` of the tune
  questions whose gold paragraph is ranked first;
- ``related``: the largest value (at most ``strong``) that at least :data:`RELATED_KEEP` of the
  gold paragraphs ranked 2–10 reach.

**Reporting** runs the same searches on a split and writes ``report.md`` and ``report.json``: the
share of unanswerable questions with ``answered: false`` (on-topic and off-topic, per language),
the share of answerable questions with the gold paragraph first that keep ``answered: true``, and
how the ``match`` classes fall on gold and other paragraphs.

**Cost** (``--cost``): per question of the split, the best of 3 timings of encoding the question
alone, of the whole judgement of its 10 hits (``Searcher._judge``) and of the answer-type part
(:func:`~qa.relevance.asks` and :func:`~qa.relevance.unfit`); ``cost.md`` gives the medians and
their ratios to the encoding.

**Other corpora**: ``--questions`` reports on another answerable set over the index the settings
open (``QA_INDEX_DIR``), e.g. whether the judgement fitted on the UN-Habitat documents keeps
``answered`` on General Assembly resolutions::

    QA_CORPUS_DIR=eval/corpora/resolutions QA_INDEX_DIR=var/resolutions-index \\
        python -m eval.calibrate_relevance --questions eval/questions/resolutions-tune.jsonl --out var/res
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eval.runner import _hit_key, _key, _version_keys
from qa.exceptions import ConfigurationError
from qa.relevance import (
    DENSE_FEATURES,
    FEATURES,
    MARGIN_RANK,
    MODEL_PATH,
    Features,
    Logistic,
    RelevanceModel,
    asks,
    load_model,
    unfit,
)
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["Observation", "collect", "fit", "main", "measure_cost", "summarise"]

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
KEEP = 0.97
"""Share of gold-first questions that must keep ``answered`` on tune (the target is 0.95 on test)."""
RELATED_KEEP = 0.8
C = 1.0
"""Inverse L2 strength, on standardised features (the coefficients are saved for the raw ones)."""


@dataclass
class Observation:
    """One question's ranking, as the judgement sees it."""

    id: str
    lang: str
    kind: str
    answerable: bool
    answered: bool
    gold_rank: int | None
    features: list[Features]
    gold: list[bool]
    matches: list[str] = field(default_factory=list)
    relevance: list[float] = field(default_factory=list)


def _rows(path: Path, split: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("split", split) == split]


def collect(
    searcher: Searcher,
    split: str,
    *,
    top_k: int = 10,
    mode: str = "hybrid",
    questions: Path | None = None,
    unanswerable_path: Path | None = QUESTIONS / "unanswerable.jsonl",
) -> list[Observation]:
    """Search every answerable (``questions``, default ``eval/questions/<split>.jsonl``) and
    unanswerable question of ``split``."""
    canon = _version_keys(searcher)
    answerable = _rows(questions or QUESTIONS / f"{split}.jsonl", split)
    unanswerable = _rows(unanswerable_path, split) if unanswerable_path else []
    observations: list[Observation] = []
    rows = answerable + unanswerable
    vectors = searcher.encode([r["question"] for r in rows])
    for row, vector in zip(rows, vectors, strict=True):
        raw_gold = {_key(searcher, r["doc"], str(r["paragraph"]), False) for r in row.get("relevant", [])}
        gold = {canon.get(k, k) for k in raw_gold}
        result = searcher.search(row["question"], top_k=top_k, mode=mode, query_vector=vector)
        flags = [_hit_key(h, raw_gold, canon) in gold for h in result.hits]
        observations.append(
            Observation(
                id=row["id"],
                lang=row["lang"],
                kind=str(row.get("kind", "answerable")) if row.get("answerable") is False else "answerable",
                answerable=row.get("answerable") is not False,
                answered=result.answered,
                gold_rank=next((i for i, f in enumerate(flags, 1) if f), None),
                features=result.features,
                gold=flags,
                matches=[h.match for h in result.hits],
                relevance=[h.relevance for h in result.hits],
            )
        )
    return observations


def _part(observations: Sequence[Observation], names: Sequence[str]) -> Logistic:
    """One logistic part on ``names``, with its thresholds (see the module docstring)."""
    from sklearn.linear_model import LogisticRegression

    x: list[list[float]] = []
    y: list[int] = []
    for o in observations:
        if not o.features or (o.answerable and o.gold_rank != 1):
            continue
        x.append(o.features[0].vector(names))
        y.append(int(o.answerable))
    xs = np.array(x)
    mean, scale = xs.mean(axis=0), xs.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    lr.fit((xs - mean) / scale, np.array(y))
    # Back to the raw features: the model file reads the features as the searcher computes them.
    raw = lr.coef_[0] / scale
    coef = tuple(round(float(c), 6) for c in raw)
    intercept = round(float(lr.intercept_[0] - np.dot(raw, mean)), 6)
    draft = Logistic(tuple(names), intercept, coef, strong=1.0, related=1.0)
    first = sorted(draft.probability(o.features[0]) for o in observations if o.answerable and o.gold_rank == 1)
    strong = first[int(np.floor((1.0 - KEEP) * len(first)))] if first else 0.5
    lower = sorted(
        draft.probability(f)
        for o in observations
        if o.answerable
        for f, g in list(zip(o.features, o.gold, strict=True))[1:]
        if g
    )
    related = min(strong, lower[int(np.floor((1.0 - RELATED_KEEP) * len(lower)))] if lower else strong / 2)
    return Logistic(
        draft.features,
        draft.intercept,
        coef,
        strong=round(float(strong) - 1e-6, 6),
        related=round(max(0.0, float(related) - 1e-6), 6),
    )


def fit(observations: Sequence[Observation], *, split: str = "tune") -> RelevanceModel:
    """The two logistic parts and their thresholds (see the module docstring)."""
    samples = [o for o in observations if o.features and not (o.answerable and o.gold_rank != 1)]
    unanswerable = [o for o in observations if not o.answerable]
    return RelevanceModel(
        lexical=_part(observations, FEATURES),
        dense=_part(observations, DENSE_FEATURES),
        fitted={
            "by": "python -m eval.calibrate_relevance --fit",
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "split": split,
            "questions": {
                "answerable": sum(o.answerable for o in observations),
                "unanswerable": len(unanswerable),
                "unanswerable on-topic": sum(o.kind == "on-topic" for o in unanswerable),
            },
            "samples": len(samples),
            "positives": sum(o.answerable for o in samples),
            "model": f"sklearn LogisticRegression(C={C}, class_weight='balanced') on standardised features of the best hybrid hit, "
            "one for each part (the same samples); label 1: an answerable question whose gold paragraph is first; "
            "0: an unanswerable question",
            "strong": f"keeps answered for {KEEP:.0%} of the tune questions whose gold paragraph is first",
            "related": f"reached by {RELATED_KEEP:.0%} of the gold paragraphs ranked 2-10 (at most strong)",
            "margin_rank": MARGIN_RANK,
        },
    )


def summarise(observations: Sequence[Observation], model: RelevanceModel) -> dict[str, Any]:
    """The report's figures."""

    def share(items: list[bool]) -> dict[str, Any]:
        return {"n": len(items), "share": round(sum(items) / len(items), 4) if items else None}

    out: dict[str, Any] = {"model": model.to_dict(), "unanswerable": {}, "answerable": {}, "matches": {}}
    for kind in ("on-topic", "off-topic"):
        for lang in ("all", "en", "zh"):
            items = [
                not o.answered
                for o in observations
                if not o.answerable and o.kind == kind and (lang == "all" or o.lang == lang)
            ]
            out["unanswerable"][f"{kind}/{lang}"] = share(items)
    for lang in ("all", "en", "zh"):
        first = [o for o in observations if o.answerable and o.gold_rank == 1 and (lang == "all" or o.lang == lang)]
        out["answerable"][f"gold first keeps answered/{lang}"] = share([o.answered for o in first])
        anyq = [o for o in observations if o.answerable and (lang == "all" or o.lang == lang)]
        out["answerable"][f"answered (all answerable)/{lang}"] = share([o.answered for o in anyq])
    counts: dict[str, dict[str, int]] = {"gold": {}, "other": {}, "unanswerable": {}}
    for o in observations:
        for m, g in zip(o.matches, o.gold, strict=True):
            side = "unanswerable" if not o.answerable else ("gold" if g else "other")
            counts[side][m] = counts[side].get(m, 0) + 1
    out["matches"] = counts
    return out


def _markdown(summary: dict[str, Any], split: str, *, questions: str | None = None) -> str:
    lines = [
        f"# Relevance judgement on `{split}` (hybrid, top 10)" + (f": `{questions}`" if questions else ""),
        "",
        "| set | questions | share |",
        "|---|---:|---:|",
    ]
    for name, v in {**summary["unanswerable"]}.items():
        if v["n"]:
            lines.append(f"| unanswerable {name}: answered=false | {v['n']} | {v['share']} |")
    for name, v in summary["answerable"].items():
        if v["n"]:
            lines.append(f"| answerable, {name} | {v['n']} | {v['share']} |")
    lines += ["", "| hits | strong | related | weak |", "|---|---:|---:|---:|"]
    for side, c in summary["matches"].items():
        lines.append(f"| {side} | {c.get('strong', 0)} | {c.get('related', 0)} | {c.get('weak', 0)} |")
    m = summary["model"]
    lines.append("")
    for name in ("lexical", "dense"):
        part = m[name]
        lines.append(
            f"Model, {name} part: intercept {part['intercept']}, coefficients "
            f"{dict(zip(part['features'], part['coef'], strict=True))}, strong ≥ {part['strong']}, "
            f"related ≥ {part['related']}."
        )
    lines += ["", f"Fitted on `{m['fitted'].get('split', '?')}` ({m['fitted'].get('date', '?')}).", ""]
    return "\n".join(lines)


def _best(run: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure_cost(searcher: Searcher, split: str, *, top_k: int = 10) -> dict[str, Any]:
    """Medians over the split's questions of the best of 3 timings (ms): encoding, the whole
    judgement of ``top_k`` hits, and its answer-type part (see the module docstring)."""
    rows = _rows(QUESTIONS / f"{split}.jsonl", split) + _rows(QUESTIONS / "unanswerable.jsonl", split)
    judge = searcher._judge
    spent: list[float] = []

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        out = judge(*args, **kwargs)
        spent.append(time.perf_counter() - started)
        return out

    encode, judging, kind = [], [], []
    searcher._judge = timed  # type: ignore[method-assign]
    try:
        for row in rows:
            question = row["question"]
            encode.append(_best(lambda q=question: searcher.encode([q])))
            vector = searcher.encode([question])
            spent.clear()
            result = searcher.search(question, top_k=top_k, query_vector=vector)
            for _ in range(2):
                searcher.search(question, top_k=top_k, query_vector=vector)
            judging.append(min(spent) * 1000)
            texts = [[h.text, *(v.text for v in h.versions)] for h in result.hits]
            normalized = result.query.normalized if result.query else question
            kind.append(_best(lambda n=normalized, t=texts: [unfit(asks(n), hit) for hit in t]))
    finally:
        del searcher._judge
    medians = {
        "encode_ms": statistics.median(encode),
        "judgement_ms": statistics.median(judging),
        "answer_type_ms": statistics.median(kind),
    }
    return {
        "questions": len(rows),
        **{k: round(v, 4) for k, v in medians.items()},
        "judgement_ratio": round(medians["judgement_ms"] / medians["encode_ms"], 5),
        "answer_type_ratio": round(medians["answer_type_ms"] / medians["encode_ms"], 6),
    }


def _cost_markdown(cost: dict[str, Any], split: str) -> str:
    return "\n".join(
        [
            f"# What the relevance judgement costs (`{split}`, {cost['questions']} questions, top 10)",
            "",
            "`python -m eval.calibrate_relevance --cost`: per question, the best of 3 timings; medians.",
            "",
            "| | per question | ratio to an encoding |",
            "|---|---:|---:|",
            f"| encoding the question | {cost['encode_ms']} ms | 1 |",
            f"| the whole judgement of the 10 hits | {cost['judgement_ms']} ms | {cost['judgement_ratio']} |",
            f"| of which the answer-type evidence (new) | {cost['answer_type_ms']} ms | {cost['answer_type_ratio']} |",
            "",
            "Budget for what a change adds: 0.2 of an encoding.",
            "",
        ]
    )


def _loadable(path: Path) -> None:
    """A model file the searcher can open: one written for other features (before a refit after
    a merge) is replaced by an untrained one, which the refit then overwrites."""
    try:
        RelevanceModel.load(path)
    except ConfigurationError as exc:
        print(f"note: {exc}; fitting from scratch", file=sys.stderr)
        zero = {"strong": 1.0, "related": 1.0, "intercept": 0.0}
        RelevanceModel(
            lexical=Logistic(FEATURES, coef=(0.0,) * len(FEATURES), **zero),
            dense=Logistic(DENSE_FEATURES, coef=(0.0,) * len(DENSE_FEATURES), **zero),
        ).save(path)
        load_model.cache_clear()


UNANSWERABLE = {"dev": "unanswerable-dev.jsonl"}
"""The unanswerable set of a split, where it is not ``unanswerable.jsonl``."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.calibrate_relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit on tune and write --model")
    parser.add_argument(
        "--split",
        default="tune",
        choices=("tune", "test", "dev"),
        help="the split to report (dev: dev.jsonl and unanswerable-dev.jsonl, questions written later)",
    )
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="the model file (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=None, help="write report.md and report.json here")
    parser.add_argument(
        "--questions",
        type=Path,
        default=None,
        help="another answerable question set (over the index the settings open); no unanswerable set then",
    )
    parser.add_argument("--cost", action="store_true", help="time the judgement against an encoding (cost.md)")
    args = parser.parse_args(argv)
    if args.questions is not None and (args.fit or not args.questions.is_file()):
        print("error: --questions takes an existing question file and only reports (fit on tune)", file=sys.stderr)
        return 2
    from qa.service import open_searcher

    if args.fit:
        _loadable(MODEL_PATH)
    # Another corpus is read through the index as it was built (no refresh from a corpus folder).
    searcher = open_searcher(Settings(), build_if_missing=args.questions is None, progress=False)
    if args.fit:
        if args.split != "tune":
            print("error: the judgement is fitted on tune only", file=sys.stderr)
            return 2
        model = fit(collect(searcher, "tune"))
        model.save(args.model)
        print(f"wrote {args.model}: {json.dumps(model.to_dict(), ensure_ascii=False)}")
    searcher.relevance = RelevanceModel.load(args.model)
    if args.cost:
        cost = measure_cost(searcher, args.split)
        text = _cost_markdown(cost, args.split)
        print(text)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "cost.md").write_text(text, encoding="utf-8")
            (args.out / "cost.json").write_text(json.dumps(cost, indent=2) + "\n", encoding="utf-8")
        return 0
    unanswerable = None if args.questions else QUESTIONS / UNANSWERABLE.get(args.split, "unanswerable.jsonl")
    observations = collect(searcher, args.split, questions=args.questions, unanswerable_path=unanswerable)
    summary = summarise(observations, searcher.relevance)
    text = _markdown(summary, args.split, questions=str(args.questions) if args.questions else None)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.md").write_text(text, encoding="utf-8")
        (args.out / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

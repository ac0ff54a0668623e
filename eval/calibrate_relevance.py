"""Fit and report the relevance judgement (``qa/relevance.py``): does the best paragraph answer?

    python -m eval.calibrate_relevance --fit            # refit qa/data/relevance.json on `tune`
    python -m eval.calibrate_relevance --split test --out eval/results/unanswerable

**Fitting** reads the ``tune`` split only: the answerable questions of
``eval/questions/tune.jsonl`` and the ``tune`` half of ``eval/questions/unanswerable.jsonl``.
Each question is searched (hybrid, top 10). The samples are the best hits: of each answerable
question whose gold paragraph is ranked first (label 1) and of each unanswerable question
(label 0); answerable questions whose best hit is not gold are left out (their best hit neither
answers nor proves the documents silent). A logistic regression (scikit-learn, L2 with C = 10,
balanced classes) on the four features of :mod:`qa.relevance` gives the coefficients. Two
thresholds follow:

- ``strong``: the largest value that keeps ``answered`` for at least :data:`KEEP` of the tune
  questions whose gold paragraph is ranked first;
- ``related``: the largest value (at most ``strong``) that at least :data:`RELATED_KEEP` of the
  gold paragraphs ranked 2–10 reach.

**Reporting** runs the same searches on a split and writes ``report.md`` and ``report.json``: the
share of unanswerable questions with ``answered: false`` (on-topic and off-topic, per language),
the share of answerable questions with the gold paragraph first that keep ``answered: true``, and
how the ``match`` classes fall on gold and other paragraphs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eval.runner import _hit_key, _key, _version_keys
from qa.relevance import FEATURES, MODEL_PATH, Features, RelevanceModel
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["Observation", "collect", "fit", "main", "summarise"]

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
KEEP = 0.97
"""Share of gold-first questions that must keep ``answered`` on tune (the target is 0.95 on test)."""
RELATED_KEEP = 0.8
C = 10.0


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


def collect(searcher: Searcher, split: str, *, top_k: int = 10, mode: str = "hybrid") -> list[Observation]:
    """Search every answerable and unanswerable question of ``split``."""
    canon = _version_keys(searcher)
    answerable = _rows(QUESTIONS / f"{split}.jsonl", split)
    unanswerable = _rows(QUESTIONS / "unanswerable.jsonl", split)
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


def fit(observations: Sequence[Observation], *, split: str = "tune") -> RelevanceModel:
    """The logistic model and its thresholds (see the module docstring)."""
    from sklearn.linear_model import LogisticRegression

    x: list[list[float]] = []
    y: list[int] = []
    for o in observations:
        if not o.features or (o.answerable and o.gold_rank != 1):
            continue
        x.append(o.features[0].vector())
        y.append(int(o.answerable))
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    lr.fit(np.array(x), np.array(y))
    coef = tuple(float(c) for c in lr.coef_[0])
    draft = RelevanceModel(intercept=float(lr.intercept_[0]), coef=coef, strong=1.0, related=1.0)
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
    unanswerable = [o for o in observations if not o.answerable]
    return RelevanceModel(
        intercept=round(draft.intercept, 6),
        coef=tuple(round(c, 6) for c in coef),
        strong=round(float(strong) - 1e-6, 6),
        related=round(float(related) - 1e-6, 6),
        fitted={
            "by": "python -m eval.calibrate_relevance --fit",
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "split": split,
            "questions": {
                "answerable": sum(o.answerable for o in observations),
                "unanswerable": len(unanswerable),
            },
            "samples": len(y),
            "positives": int(sum(y)),
            "model": f"sklearn LogisticRegression(C={C}, class_weight='balanced') on the best hybrid hit; "
            "label 1: an answerable question whose gold paragraph is first; 0: an unanswerable question",
            "strong": f"keeps answered for {KEEP:.0%} of the tune questions whose gold paragraph is first",
            "related": f"reached by {RELATED_KEEP:.0%} of the gold paragraphs ranked 2-10 (at most strong)",
            "features": list(FEATURES),
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


def _markdown(summary: dict[str, Any], split: str) -> str:
    lines = [
        f"# Relevance judgement on `{split}` (hybrid, top 10)",
        "",
        "| set | questions | share |",
        "|---|---:|---:|",
    ]
    for name, v in {**summary["unanswerable"]}.items():
        lines.append(f"| unanswerable {name}: answered=false | {v['n']} | {v['share']} |")
    for name, v in summary["answerable"].items():
        lines.append(f"| answerable, {name} | {v['n']} | {v['share']} |")
    lines += ["", "| hits | strong | related | weak |", "|---|---:|---:|---:|"]
    for side, c in summary["matches"].items():
        lines.append(f"| {side} | {c.get('strong', 0)} | {c.get('related', 0)} | {c.get('weak', 0)} |")
    m = summary["model"]
    lines += [
        "",
        f"Model: intercept {m['intercept']}, coefficients {dict(zip(m['features'], m['coef'], strict=True))}, "
        f"strong ≥ {m['strong']}, related ≥ {m['related']} (fitted: {m['fitted'].get('split', '?')}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.calibrate_relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit on tune and write --model")
    parser.add_argument("--split", default="tune", choices=("tune", "test"), help="the split to report")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="the model file (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=None, help="write report.md and report.json here")
    args = parser.parse_args(argv)
    from qa.service import open_searcher

    searcher = open_searcher(Settings(), progress=False)
    if args.fit:
        if args.split != "tune":
            print("error: the judgement is fitted on tune only", file=sys.stderr)
            return 2
        model = fit(collect(searcher, "tune"))
        model.save(args.model)
        print(f"wrote {args.model}: {json.dumps(model.to_dict(), ensure_ascii=False)}")
    searcher.relevance = RelevanceModel.load(args.model)
    summary = summarise(collect(searcher, args.split), searcher.relevance)
    text = _markdown(summary, args.split)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.md").write_text(text, encoding="utf-8")
        (args.out / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

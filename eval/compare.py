"""``qa eval --compare A B``: two saved evaluations, metric by metric and question by question.

Each side is a run folder written by ``qa eval`` (``qrels.trec``, ``runs/<mode>.trec``,
``report.json``, ``questions.json``). Modes present on both sides are paired (A's hybrid against
B's hybrid); with no mode in common, A's first mode is paired with B's first. The deltas, paired
t-tests and recall curves come from ranx; a question is *won* by B when B ranks its first gold
paragraph higher (reciprocal rank), *lost* when lower.

Two evaluations are compared only when they judge the same questions the same way: different
qrels are refused. A different corpus, model or option is what a comparison is for, and is stated
at the top of the report (a different corpus as a warning: the same docno may not be the same text).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.runner import METRICS, score_runs
from eval.trec import RunDict, load_qrels, load_run
from qa.exceptions import EvaluationError

__all__ = ["Comparison", "SavedEvaluation", "compare_folders", "gold_rank", "load_saved"]


@dataclass
class SavedEvaluation:
    folder: Path
    meta: dict[str, Any]
    qrels: dict[str, dict[str, int]]
    runs: dict[str, RunDict]
    details: list[dict[str, Any]] = field(default_factory=list)
    passages: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Comparison:
    a: str
    b: str
    title: str
    names: list[str]
    pairs: list[list[str]]
    meta_a: dict[str, Any]
    meta_b: dict[str, Any]
    warnings: list[str]
    deltas: list[dict[str, Any]]
    """``mode, lang, metric, a, b, delta, p`` rows."""
    outcomes: dict[str, dict[str, int]]
    """``mode → {"win": n, "loss": n, "tie": n}`` (B against A)."""
    curves: dict[str, dict[str, list[float]]]
    details: list[dict[str, Any]] = field(default_factory=list)
    passages: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "title": self.title,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "pairs": self.pairs,
            "meta_a": self.meta_a,
            "meta_b": self.meta_b,
            "warnings": self.warnings,
            "deltas": self.deltas,
            "outcomes": self.outcomes,
        }

    def markdown(self) -> str:
        lines = [f"## Comparison: {self.title}", "", f"A: {self.a}", f"B: {self.b}", ""]
        lines += [f"**Warning:** {w}" for w in self.warnings]
        lines += ["", "| mode | lang | metric | A | B | Δ (B−A) | p |", "|---|---|---|---|---|---|---|"]
        for r in self.deltas:
            lines.append(
                f"| {r['mode']} | {r['lang']} | {r['metric']} | {r['a']:.3f} | {r['b']:.3f} | {r['delta']:+.3f} "
                f"| {r['p']:.3g} |"
            )
        lines += ["", "| mode | B better | B worse | tie |", "|---|---|---|---|"]
        for mode, o in self.outcomes.items():
            lines.append(f"| {mode} | {o['win']} | {o['loss']} | {o['tie']} |")
        return "\n".join(lines) + "\n"

    def write(self, folder: Path | str) -> Path:
        from eval.report import render_comparison

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        (out / "comparison.json").write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        (out / "comparison.md").write_text(self.markdown(), encoding="utf-8")
        (out / "report.html").write_text(render_comparison(self), encoding="utf-8")
        return out


def load_saved(folder: Path | str) -> SavedEvaluation:
    """A run folder written by ``qa eval``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: no such run folder")
    if not (folder / "qrels.trec").is_file() or not (folder / "runs").is_dir():
        raise EvaluationError(f"{folder}: not a saved evaluation (qrels.trec and runs/ are missing)")
    meta: dict[str, Any] = {}
    if (folder / "report.json").is_file():
        try:
            meta = json.loads((folder / "report.json").read_text(encoding="utf-8")).get("meta") or {}
        except ValueError as exc:
            raise EvaluationError(f"{folder}/report.json: not JSON ({exc})") from exc
    runs = {path.stem: load_run(path)[0] for path in sorted((folder / "runs").glob("*.trec"))}
    if not runs:
        raise EvaluationError(f"{folder}/runs holds no .trec run file")
    order = [m for m in meta.get("modes", []) if m in runs] + [m for m in runs if m not in meta.get("modes", [])]
    saved = SavedEvaluation(folder, meta, load_qrels(folder / "qrels.trec"), {m: runs[m] for m in order})
    if (folder / "questions.json").is_file():
        data = json.loads((folder / "questions.json").read_text(encoding="utf-8"))
        saved.details, saved.passages = data.get("details", []), data.get("passages", {})
    return saved


def gold_rank(run: dict[str, float], gold: dict[str, int]) -> int | None:
    """The 1-based rank of the first relevant docno in ``run`` (by score, as ranx orders it)."""
    ranked = sorted(run.items(), key=lambda kv: -kv[1])
    return next((i + 1 for i, (doc, _) in enumerate(ranked) if gold.get(doc, 0) > 0), None)


def _differences(a: dict[str, Any], b: dict[str, Any]) -> tuple[list[str], list[str]]:
    warnings, notes = [], []
    if a.get("corpus_fingerprint") != b.get("corpus_fingerprint"):
        warnings.append(
            f"the corpora differ ({a.get('corpus_fingerprint')} vs {b.get('corpus_fingerprint')}): "
            "a paragraph number may not name the same text on both sides"
        )
    if a.get("split") != b.get("split"):
        warnings.append(f"the splits differ ({a.get('split')} vs {b.get('split')})")
    for key in ("model", "options", "depth", "store", "version"):
        if a.get(key) != b.get(key):
            notes.append(f"{key} differs: {a.get(key)} vs {b.get(key)}")
    return warnings, notes


def compare_folders(folder_a: Path | str, folder_b: Path | str) -> Comparison:
    a, b = load_saved(folder_a), load_saved(folder_b)
    if a.qrels != b.qrels:
        only = set(a.qrels) ^ set(b.qrels)
        what = f"{len(only)} questions are on one side only" if only else "the same questions are judged differently"
        raise EvaluationError(
            f"{a.folder} and {b.folder} were not evaluated on the same judgements ({what}): "
            "compare runs of the same question set"
        )
    warnings, notes = _differences(a.meta, b.meta)
    common = [m for m in a.runs if m in b.runs]
    modes = [(m, m) for m in common] or [(next(iter(a.runs)), next(iter(b.runs)))]
    runs: dict[str, RunDict] = {}
    pairs: list[list[str]] = []
    for ma, mb in modes:
        runs[f"A:{ma}"], runs[f"B:{mb}"] = a.runs[ma], b.runs[mb]
        pairs.append([f"A:{ma}", f"B:{mb}"])
    qrels = a.qrels
    langs = _languages(a, b)
    depth = max(int(a.meta.get("depth") or 10), int(b.meta.get("depth") or 10), 1)
    depth = min(depth, max(len(docs) for run in runs.values() for docs in run.values()))
    scores = score_runs(qrels, runs, langs, depth=depth)
    deltas = _deltas(qrels, runs, pairs, langs, scores.metrics)
    details, passages, outcomes = _details(a, b, runs, pairs, qrels)
    title = f"{a.meta.get('set', a.folder.name)}: {a.folder.name} vs {b.folder.name}"
    return Comparison(
        a=str(a.folder),
        b=str(b.folder),
        title=title,
        names=list(runs),
        pairs=pairs,
        meta_a=a.meta,
        meta_b=b.meta,
        warnings=warnings + notes,
        deltas=deltas,
        outcomes=outcomes,
        curves=scores.curves,
        details=details,
        passages=passages,
    )


def _languages(a: SavedEvaluation, b: SavedEvaluation) -> dict[str, list[str]]:
    lang_of = {d["id"]: d["lang"] for d in b.details} | {d["id"]: d["lang"] for d in a.details}
    ids = list(a.qrels)
    langs = {"all": ids}
    for lang in sorted({lang_of[i] for i in ids if i in lang_of}):
        langs[lang] = [i for i in ids if lang_of.get(i) == lang]
    return langs


def _deltas(
    qrels: dict[str, dict[str, int]],
    runs: dict[str, RunDict],
    pairs: list[list[str]],
    langs: dict[str, list[str]],
    metrics: dict[str, dict[str, dict[str, float]]],
) -> list[dict[str, Any]]:
    from ranx import Qrels, Run, compare

    rows = []
    for name_a, name_b in pairs:
        for lang, ids in langs.items():
            q = Qrels({i: qrels[i] for i in ids})
            rs = [Run({i: runs[n].get(i) or {"none": 0.0} for i in ids}, name=n) for n in (name_a, name_b)]
            report = compare(q, runs=rs, metrics=METRICS, stat_test="student", make_comparable=True)
            for metric in METRICS:
                p = report.comparisons[(name_a, name_b)][metric]
                p = float(p.get("p_value", 1.0) if isinstance(p, dict) else p)
                va, vb = metrics[name_a][lang][metric], metrics[name_b][lang][metric]
                rows.append(
                    {
                        "mode": name_a.split(":", 1)[1] if name_a[2:] == name_b[2:] else f"{name_a} vs {name_b}",
                        "lang": lang,
                        "metric": metric,
                        "a": va,
                        "b": vb,
                        "delta": round(vb - va, 4),
                        "p": 1.0 if p != p else p,
                    }
                )
    return rows


def _details(
    a: SavedEvaluation, b: SavedEvaluation, runs: dict[str, RunDict], pairs: list[list[str]], qrels: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, list[str]], dict[str, dict[str, int]]]:
    by_id = {d["id"]: d for d in b.details} | {d["id"]: d for d in a.details}
    side = {"A": {d["id"]: d for d in a.details}, "B": {d["id"]: d for d in b.details}}
    passages = {**b.passages, **a.passages}
    details = []
    outcomes: dict[str, dict[str, int]] = {}
    for qid in qrels:
        base = by_id.get(qid, {"id": qid, "q": qid, "lang": "?"})
        row: dict[str, Any] = {"id": qid, "q": base["q"], "lang": base["lang"], "gold": sorted(qrels[qid])}
        row["rank"], row["hits"] = {}, {}
        for name, run in runs.items():
            row["rank"][name] = gold_rank(run.get(qid, {}), qrels[qid])
            s, mode = name.split(":", 1)
            saved = side[s].get(qid, {}).get("hits", {}).get(mode)
            if saved is None:
                ranked = sorted(run.get(qid, {}).items(), key=lambda kv: -kv[1])[:10]
                saved = [[doc, doc, score] for doc, score in ranked if doc != "none"]
            row["hits"][name] = saved
        for name_a, name_b in pairs:
            ra, rb = row["rank"][name_a], row["rank"][name_b]
            ia, ib = 1 / ra if ra else 0.0, 1 / rb if rb else 0.0
            key = name_a.split(":", 1)[1] if name_a[2:] == name_b[2:] else f"{name_a} vs {name_b}"
            tally = outcomes.setdefault(key, {"win": 0, "loss": 0, "tie": 0})
            tally["win" if ib > ia else "loss" if ib < ia else "tie"] += 1
        details.append(row)
    return details, passages, outcomes

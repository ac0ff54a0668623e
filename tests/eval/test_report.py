"""Saved evaluations: TREC run/qrels files against ranx, the HTML report, ``--compare`` and ``--run``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ranx import Qrels, Run
from ranx import evaluate as ranx_evaluate
from typer.testing import CliRunner

from eval.compare import compare_folders, gold_rank, load_saved
from eval.datasets import load_question_set
from eval.runner import METRICS, EvalReport, evaluate, score_run_file
from eval.trec import load_qrels, load_run, save_qrels, save_run
from qa.cli import app
from qa.exceptions import EvaluationError
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT

TUNE = PROJECT_ROOT / "eval" / "questions" / "tune.jsonl"


def small_set(folder: Path, n: int = 16, name: str = "small-tune") -> Path:
    """The first ``n`` questions of the tune split (both languages), as a set of their own."""
    lines = TUNE.read_text(encoding="utf-8").splitlines()
    picked = [line for line in lines if '"lang": "zh"' in line][: n // 2]
    picked += [line for line in lines if '"lang": "en"' in line][: n - len(picked)]
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def saved(searcher: Searcher, tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalReport, Path]:
    root = tmp_path_factory.mktemp("saved")
    report = evaluate(load_question_set(small_set(root)), searcher, modes=["hybrid", "bm25"], top_k=20, progress=False)
    return report, report.write(root / "a")


def test_run_and_qrels_files_round_trip_through_ranx(saved: tuple[EvalReport, Path]) -> None:
    report, folder = saved
    assert {p.name for p in (folder / "runs").iterdir()} == {"hybrid.trec", "bm25.trec"}
    qrels = load_qrels(folder / "qrels.trec")
    assert qrels == report.qrels
    for mode in report.modes:
        run, name = load_run(folder / "runs" / f"{mode}.trec")
        assert name == mode and run == report.runs[mode]
        # ranx reads our files itself and finds the report's figures.
        values = ranx_evaluate(
            Qrels.from_file(str(folder / "qrels.trec"), kind="trec"),
            Run.from_file(str(folder / "runs" / f"{mode}.trec"), kind="trec"),
            METRICS,
            make_comparable=True,
        )
        assert {m: round(float(values[m]), 4) for m in METRICS} == report.metrics[mode]["all"]
        # And files ranx writes read back the same.
        Run(report.runs[mode], name=mode).save(str(folder / f"ranx-{mode}.trec"), kind="trec")
        assert load_run(folder / f"ranx-{mode}.trec") == (report.runs[mode], mode)
    Qrels(report.qrels).save(str(folder / "ranx-qrels.trec"), kind="trec")
    assert load_qrels(folder / "ranx-qrels.trec") == report.qrels
    line = (folder / "runs" / "hybrid.trec").read_text(encoding="utf-8").splitlines()[0].split()
    assert len(line) == 6 and line[1] == "Q0" and line[3] == "1" and line[5] == "hybrid" and "#" in line[2]


def test_trec_files_refuse_what_they_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="space"):
        save_run({"q 1": {"a#1": 1.0}}, tmp_path / "r.trec", name="x")
    (tmp_path / "bad.trec").write_text("this is not a run\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not a TREC run"):
        load_run(tmp_path / "bad.trec")
    with pytest.raises(EvaluationError, match="no such"):
        load_qrels(tmp_path / "missing.trec")
    save_qrels({"q1": {"d#1": 2}}, tmp_path / "q.trec")
    assert load_qrels(tmp_path / "q.trec") == {"q1": {"d#1": 2}}


def test_html_report_is_self_contained_and_complete(saved: tuple[EvalReport, Path]) -> None:
    report, folder = saved
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing may come from the network"
    assert page.count("<svg") == 3  # all, en, zh
    assert 'id="metrics"' in page and 'id="significance"' in page and 'id="questions"' in page
    meta = report.meta
    for fact in (meta["split"], meta["corpus_fingerprint"], meta["index_fingerprint"], meta["model"]):
        assert str(fact) in page
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)[1])
    assert len(data["details"]) == report.questions
    first = data["details"][0]
    assert set(first["rank"]) == {"hybrid", "bm25"} and len(first["hits"]["hybrid"]) <= 10
    assert all(k in data["passages"] for d in data["details"] for k in d["gold"])
    assert len(report.curves["hybrid"]["all"]) == 20
    assert report.curves["hybrid"]["all"][9] == report.metrics["hybrid"]["all"]["recall@10"]
    info = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert info["meta"]["split"] == "tune" and info["report_seconds"] > 0


def test_compare_two_saved_runs(searcher: Searcher, saved: tuple[EvalReport, Path], tmp_path: Path) -> None:
    report_a, folder_a = saved
    qset = load_question_set(small_set(tmp_path))
    report_b = evaluate(qset, searcher, modes=["hybrid", "dense"], top_k=20, progress=False)
    folder_b = report_b.write(tmp_path / "b")
    comparison = compare_folders(folder_a, folder_b)
    assert comparison.pairs == [["A:hybrid", "B:hybrid"]]
    rows = {(r["lang"], r["metric"]): r for r in comparison.deltas}
    for metric in METRICS:
        r = rows[("all", metric)]
        assert (
            r["a"] == report_a.metrics["hybrid"]["all"][metric] and r["b"] == report_b.metrics["hybrid"]["all"][metric]
        )
        assert 0.0 <= r["p"] <= 1.0
    # The same engine and index on the same questions: every question is a tie.
    assert comparison.outcomes["hybrid"] == {"win": 0, "loss": 0, "tie": report_a.questions}

    # Against another configuration (B's dense ranking saved as its hybrid run): wins and losses as the ranks say.
    save_run(report_b.runs["dense"], folder_b / "runs" / "hybrid.trec", name="hybrid")
    comparison = compare_folders(folder_a, folder_b)
    expected = {"win": 0, "loss": 0, "tie": 0}
    for qid, gold in report_a.qrels.items():
        ra, rb = gold_rank(report_a.runs["hybrid"][qid], gold), gold_rank(report_b.runs["dense"][qid], gold)
        ia, ib = 1 / ra if ra else 0.0, 1 / rb if rb else 0.0
        expected["win" if ib > ia else "loss" if ib < ia else "tie"] += 1
    assert comparison.outcomes["hybrid"] == expected
    mrr = rows_after = {(r["lang"], r["metric"]): r for r in comparison.deltas}
    assert mrr[("all", "mrr@10")]["b"] == report_b.metrics["dense"]["all"]["mrr@10"]
    assert rows_after[("all", "mrr@10")]["delta"] == pytest.approx(
        report_b.metrics["dense"]["all"]["mrr@10"] - report_a.metrics["hybrid"]["all"]["mrr@10"], abs=1e-4
    )
    out = comparison.write(tmp_path / "c")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="deltas"' in page and 'id="outcomes"' in page and "A:hybrid" in page


def test_compare_refuses_other_questions_and_warns_on_other_corpora(
    searcher: Searcher, saved: tuple[EvalReport, Path], tmp_path: Path
) -> None:
    _, folder_a = saved
    other = evaluate(
        load_question_set(small_set(tmp_path, n=6, name="other")), searcher, modes=["hybrid"], progress=False
    )
    with pytest.raises(EvaluationError, match="same judgements"):
        compare_folders(folder_a, other.write(tmp_path / "other"))
    # The same run, said to come from another corpus: compared, with a warning.
    copy = tmp_path / "copy"
    saved_a = load_saved(folder_a)
    for mode, run in saved_a.runs.items():
        save_run(run, copy / "runs" / f"{mode}.trec", name=mode)
    save_qrels(saved_a.qrels, copy / "qrels.trec")
    meta = {**saved_a.meta, "corpus_fingerprint": "0000", "split": "test"}
    (copy / "report.json").write_text(json.dumps({"meta": meta}), encoding="utf-8")
    comparison = compare_folders(folder_a, copy)
    assert any("corpora differ" in w for w in comparison.warnings)
    assert any("splits differ" in w for w in comparison.warnings)


def test_scoring_another_systems_run_file(searcher: Searcher, saved: tuple[EvalReport, Path], tmp_path: Path) -> None:
    report, folder = saved
    # Another system's output: our bm25 ranking under another name, with real-valued scores.
    lines = []
    for qid, docs in report.runs["bm25"].items():
        for rank, (doc, score) in enumerate(sorted(docs.items(), key=lambda kv: -kv[1]), 1):
            lines.append(f"{qid} Q0 {doc} {rank} {score / 7:.5f} their-system")
    run_file = tmp_path / "theirs.trec"
    run_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scored = score_run_file(small_set(tmp_path), run_file, searcher=searcher, depth=20)
    assert scored.modes == ["their-system"]
    assert scored.metrics["their-system"] == report.metrics["bm25"]
    assert "100.0%" in scored.meta["docnos_known"]
    out = scored.write(tmp_path / "theirs")
    assert (out / "runs" / "their-system.trec").is_file() and (out / "report.html").is_file()
    with pytest.raises(EvaluationError, match="none of its question ids"):
        other = tmp_path / "other.trec"
        other.write_text("x Q0 a#1 1 1.0 r\n", encoding="utf-8")
        score_run_file(small_set(tmp_path), other, searcher=searcher)


def test_cli_compare_and_its_errors(
    saved: tuple[EvalReport, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, folder = saved
    monkeypatch.setenv("QA_EVAL_DIR", str(tmp_path / "evals"))
    result = CliRunner().invoke(app, ["eval", "--compare", str(folder), str(folder)])
    assert result.exit_code == 0, result.output
    made = [p for p in (tmp_path / "evals").iterdir() if p.is_dir()]
    assert len(made) == 1 and (made[0] / "report.html").is_file() and (made[0] / "comparison.json").is_file()
    bad = CliRunner().invoke(app, ["eval", "--compare", str(folder), str(tmp_path / "nowhere")])
    assert bad.exit_code == 2 and "no such run folder" in " ".join(bad.output.split())
    assert "Traceback" not in bad.output
    none = CliRunner().invoke(app, ["eval"])
    assert none.exit_code == 2 and "question set" in none.output

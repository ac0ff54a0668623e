"""The title-weight sweep (eval.experiments.titles) on a few real tune questions, real model and index."""

from __future__ import annotations

from dataclasses import replace

from eval.datasets import load_question_set
from eval.experiments.titles import sweep
from eval.runner import evaluate
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT


def test_the_sweep_scores_each_weight_as_qa_eval_does_and_restores_the_weights(searcher: Searcher) -> None:
    qset = load_question_set(PROJECT_ROOT / "eval" / "questions" / "tune.jsonl")
    qset = replace(qset, questions=qset.questions[:8])
    shipped = searcher.weights
    rows = sweep(qset, searcher, [0.0, shipped.title])
    assert searcher.weights == shipped
    assert [r["title"] for r in rows] == [0.0, shipped.title]
    direct = evaluate(qset, searcher, modes=["hybrid"], top_k=10, progress=False).metrics["hybrid"]
    assert rows[1]["all"] == {
        "mrr@10": round(direct["all"]["mrr@10"], 4),
        "recall@5": round(direct["all"]["recall@5"], 4),
    }

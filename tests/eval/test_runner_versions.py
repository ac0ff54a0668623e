"""Evaluation over language versions: a hit also retrieves the versions attached to it."""

from __future__ import annotations

import json
from pathlib import Path

from eval.datasets import load_question_set
from eval.runner import evaluate
from qa.retrieval import Searcher

QUESTION = "How many people were homeless in 2022?"


def _chinese_doc(searcher: Searcher) -> str:
    return next(d for d, r in searcher.documents.items() if r.get("symbol") == "HSP/HA.2/4" and r["language"] == "zh")


def _qset(tmp_path: Path, relevant: list[dict[str, str]]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text(
        json.dumps({"id": "v1", "question": QUESTION, "lang": "en", "relevant": relevant}), encoding="utf-8"
    )
    return path


def test_hit_is_credited_for_its_attached_version(bilingual_searcher: Searcher, tmp_path: Path) -> None:
    """The English lead carries the Chinese paragraph: a gold set naming only the Chinese one is found."""
    zh = _chinese_doc(bilingual_searcher)
    assert bilingual_searcher.search(QUESTION, top_k=1).hits[0].doc_id == "000_en"
    report = evaluate(
        load_question_set(_qset(tmp_path, [{"doc": zh, "paragraph": "19"}])),
        bilingual_searcher,
        modes=["dense"],
        progress=False,
    )
    assert report.metrics["dense"]["all"]["recall@1"] == 1.0
    assert report.misses["dense"] == []


def test_both_versions_in_gold_count_as_retrieved_by_one_hit(bilingual_searcher: Searcher, tmp_path: Path) -> None:
    zh = _chinese_doc(bilingual_searcher)
    gold = [{"doc": zh, "paragraph": "19"}, {"doc": "000_en", "paragraph": "19"}]
    report = evaluate(load_question_set(_qset(tmp_path, gold)), bilingual_searcher, modes=["dense"], progress=False)
    assert report.metrics["dense"]["all"]["recall@1"] == 1.0


def test_miss_report_names_document_and_language(bilingual_searcher: Searcher, tmp_path: Path) -> None:
    report = evaluate(
        load_question_set(_qset(tmp_path, [{"doc": "en_only_urban_heat", "paragraph": "13"}])),
        bilingual_searcher,
        modes=["dense"],
        progress=False,
    )
    miss = report.misses["dense"][0]
    assert miss.gold == ["HSP/EB.2024/17, para. 13 (en_only_urban_heat, en)"]
    assert miss.first == "HSP/HA.2/4, para. 19 (000_en, en)"

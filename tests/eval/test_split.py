"""The tune/test split: deterministic, stratified by language, disjoint, covering every question."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.split import DEFAULT_SEED, read_rows, split_rows, write_split
from qa.exceptions import EvaluationError
from qa.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions"
ALL = QUESTIONS / "all.jsonl"


def _ids(rows: list[dict[str, object]]) -> list[str]:
    return [str(r["id"]) for r in rows]


def test_split_is_deterministic_disjoint_and_covers_all() -> None:
    rows = read_rows(ALL)
    first = split_rows(rows, seed=DEFAULT_SEED)
    second = split_rows(list(reversed(rows)), seed=DEFAULT_SEED)
    assert set(_ids(first.tune)) == set(_ids(second.tune))
    assert set(_ids(first.tune)).isdisjoint(_ids(first.test))
    assert sorted(_ids(first.tune) + _ids(first.test)) == sorted(_ids(rows))
    assert {r["split"] for r in first.tune} == {"tune"} and {r["split"] for r in first.test} == {"test"}


def test_split_is_stratified_by_language() -> None:
    rows = read_rows(ALL)
    result = split_rows(rows, seed=DEFAULT_SEED)
    for lang in {r["lang"] for r in rows}:
        n = sum(r["lang"] == lang for r in rows)
        assert sum(r["lang"] == lang for r in result.tune) == n // 2
        assert sum(r["lang"] == lang for r in result.test) == n - n // 2


def test_another_seed_gives_another_split() -> None:
    rows = read_rows(ALL)
    assert set(_ids(split_rows(rows, seed=1).tune)) != set(_ids(split_rows(rows, seed=DEFAULT_SEED).tune))


def test_rows_keep_every_field_and_the_input_order() -> None:
    rows = read_rows(ALL)
    result = split_rows(rows, seed=DEFAULT_SEED)
    by_id = {r["id"]: r for r in rows}
    for row in result.tune + result.test:
        assert {k: v for k, v in row.items() if k != "split"} == by_id[row["id"]]
    order = _ids(rows)
    assert _ids(result.tune) == [i for i in order if i in set(_ids(result.tune))]


def test_committed_tune_and_test_files_are_the_seeded_split() -> None:
    result = split_rows(read_rows(ALL), seed=DEFAULT_SEED)
    for name, rows in (("tune", result.tune), ("test", result.test)):
        committed = [
            json.loads(line) for line in (QUESTIONS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert committed == rows, f"{name}.jsonl is stale: run python -m eval.split {ALL} --seed {DEFAULT_SEED}"


def test_cli_writes_both_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval.split", str(ALL), "--seed", str(DEFAULT_SEED), "--out-dir", str(tmp_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "tune:" in done.stdout and "test:" in done.stdout
    for name in ("tune", "test"):
        assert (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8") == (QUESTIONS / f"{name}.jsonl").read_text(
            encoding="utf-8"
        )


def test_cli_reports_a_missing_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval.split", str(tmp_path / "nope.jsonl")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "nope.jsonl" in done.stderr and "no such question set" in done.stderr
    assert "Traceback" not in done.stderr


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    row = {"id": "x", "question": "q", "lang": "en", "relevant": []}
    path.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="'x' is used twice"):
        read_rows(path)


def test_written_files_round_trip(tmp_path: Path) -> None:
    result = split_rows(read_rows(ALL), seed=DEFAULT_SEED)
    paths = write_split(result, tmp_path)
    assert read_rows(paths["tune"]) == result.tune and read_rows(paths["test"]) == result.test
    assert not list(tmp_path.glob("*.tmp"))

"""Split a JSONL question set once, at random with a fixed seed, into ``tune`` and ``test``.

``python -m eval.split eval/questions/all.jsonl --seed 20261124`` writes ``tune.jsonl`` and
``test.jsonl`` next to the input (or into ``--out-dir``). Each line keeps every field of the
input and gains ``"split": "tune"`` or ``"split": "test"``.

The split is stratified by language: within each ``lang``, the questions are ordered by
``sha256("<seed>:<id>")`` and the first half (rounded down) goes to ``tune``, the rest to
``test``. The order depends only on the seed and the ids, not on the file order, so the split is
the same on every run, and appending questions moves only a few earlier ones across the border.
Output lines keep the input's order.

Tune weights and options on ``tune`` only; report ``test``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.exceptions import EvaluationError

__all__ = ["SPLITS", "SplitResult", "main", "read_rows", "split_rows", "write_split"]

SPLITS = ("tune", "test")
DEFAULT_SEED = 20261124


@dataclass(frozen=True, slots=True)
class SplitResult:
    """The two halves, each in the input's order, every row carrying its ``split``."""

    tune: list[dict[str, Any]]
    test: list[dict[str, Any]]

    def counts(self) -> dict[str, dict[str, int]]:
        """``split → lang → number of questions``."""
        out: dict[str, dict[str, int]] = {}
        for name, rows in (("tune", self.tune), ("test", self.test)):
            per: dict[str, int] = {}
            for row in rows:
                per[row["lang"]] = per.get(row["lang"], 0) + 1
            out[name] = dict(sorted(per.items()))
        return out


def read_rows(path: Path | str) -> list[dict[str, Any]]:
    """The question rows of a JSONL file; each needs a unique ``id`` and a ``lang``."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"{path}: no such question set; give the path of a JSONL file")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{path}, line {n}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("lang"), str):
            raise EvaluationError(f'{path}, line {n}: each line needs a string "id" and "lang"')
        if row["id"] in seen:
            raise EvaluationError(f"{path}, line {n}: the id {row['id']!r} is used twice; ids must be unique")
        seen.add(row["id"])
        rows.append(row)
    if not rows:
        raise EvaluationError(f"{path}: no questions in the file")
    return rows


def _rank(seed: int, question_id: str) -> str:
    return hashlib.sha256(f"{seed}:{question_id}".encode()).hexdigest()


def split_rows(rows: Sequence[dict[str, Any]], *, seed: int = DEFAULT_SEED) -> SplitResult:
    """Stratified by ``lang``: half of each language (rounded down) to ``tune``, the rest to ``test``."""
    by_lang: dict[str, list[str]] = {}
    for row in rows:
        by_lang.setdefault(row["lang"], []).append(row["id"])
    tune_ids: set[str] = set()
    for ids in by_lang.values():
        ordered = sorted(ids, key=lambda qid: _rank(seed, qid))
        tune_ids.update(ordered[: len(ordered) // 2])
    tune = [{**row, "split": "tune"} for row in rows if row["id"] in tune_ids]
    test = [{**row, "split": "test"} for row in rows if row["id"] not in tune_ids]
    return SplitResult(tune=tune, test=test)


def write_split(result: SplitResult, out_dir: Path | str) -> dict[str, Path]:
    """Write ``tune.jsonl`` and ``test.jsonl`` into ``out_dir`` (each via a temporary file, then renamed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, rows in (("tune", result.tune), ("test", result.test)):
        target = out_dir / f"{name}.jsonl"
        tmp = target.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        tmp.replace(target)
        paths[name] = target
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.split", description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, help="the JSONL question set to split")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"the split's seed (default {DEFAULT_SEED})")
    parser.add_argument("--out-dir", type=Path, default=None, help="where to write (default: next to the input)")
    args = parser.parse_args(argv)
    try:
        result = split_rows(read_rows(args.questions), seed=args.seed)
        paths = write_split(result, args.out_dir or args.questions.parent)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, counts in result.counts().items():
        per = ", ".join(f"{lang} {n}" for lang, n in counts.items())
        print(f"{name}: {sum(counts.values())} questions ({per}) → {paths[name]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Judgements made on the page, saved into a question set (``eval/questions/<name>.jsonl`` format).

A judgement is a question and the paragraphs a person marked relevant (and, when judging a pool,
those they looked at and did not mark). A new question becomes a new line; a judgement on a
question already in the set merges into its line. Every save reads, changes and atomically
rewrites the file under a file lock, so concurrent saves never lose one another's judgements.
Each line records who judged and when (``judged``: a list of ``{"who", "when"}``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from qa.exceptions import EvaluationError

__all__ = ["SET_NAME", "Judgement", "read_set", "save_judgement", "set_path"]

SET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""A set's name is a file name without ``.jsonl``: letters, digits, ``_`` and ``-``; never a path."""


@dataclass(frozen=True)
class Judgement:
    question: str
    relevant: list[tuple[str, str]]
    """``(doc_id, paragraph)`` marked relevant."""
    who: str
    lang: str | None = None
    not_relevant: list[tuple[str, str]] = field(default_factory=list)
    question_id: str | None = None
    """Judge more hits of this question of the set (else: matched by text, or a new question)."""


def set_path(folder: Path, name: str) -> Path:
    """``folder/<name>.jsonl``, refusing any name that is not a plain file name."""
    if not isinstance(name, str) or not SET_NAME.match(name):
        raise EvaluationError(f"{name!r} is not a question set name (letters, digits, _ and -, at most 64)")
    path = (folder / f"{name}.jsonl").resolve()
    if path.parent != folder.resolve():
        raise EvaluationError(f"{name!r} is not a question set name")
    return path


def read_set(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise EvaluationError(f"{path.name}:{n}: not JSON ({exc})") from exc
    return rows


def _refs(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"doc": doc, "paragraph": para} for doc, para in pairs]


def save_judgement(folder: Path, name: str, judgement: Judgement) -> dict[str, Any]:
    """Add ``judgement`` to the set ``name`` in ``folder``; returns the question's line as saved."""
    path = set_path(folder, name)
    if not judgement.question.strip() and judgement.question_id is None:
        raise EvaluationError("a judgement needs the question")
    if not judgement.relevant and not judgement.not_relevant:
        raise EvaluationError("mark at least one paragraph (relevant or not)")
    if set(judgement.relevant) & set(judgement.not_relevant):
        raise EvaluationError("a paragraph cannot be both relevant and not relevant")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = {"who": judgement.who, "when": datetime.now(UTC).isoformat(timespec="seconds")}
    with FileLock(str(path) + ".lock", timeout=30):
        rows = read_set(path)
        row = _find(rows, judgement)
        if row is None:
            if judgement.question_id is not None:
                raise EvaluationError(f"{name} has no question {judgement.question_id!r}")
            if not judgement.relevant:
                raise EvaluationError("a new question needs at least one relevant paragraph")
            used = {str(r.get("id")) for r in rows}
            n = len(rows) + 1
            while f"{name}-{n:04d}" in used:
                n += 1
            row = {"id": f"{name}-{n:04d}", "question": judgement.question.strip()}
            if judgement.lang:
                row["lang"] = judgement.lang
            row["relevant"], row["not_relevant"], row["judged"] = [], [], []
            rows.append(row)
        _merge(row, judgement, stamp)
        _rewrite(path, rows)
    return row


def _find(rows: list[dict[str, Any]], judgement: Judgement) -> dict[str, Any] | None:
    for row in rows:
        if judgement.question_id is not None:
            if str(row.get("id")) == judgement.question_id:
                return row
        elif str(row.get("question", "")).strip() == judgement.question.strip():
            return row
    return None


def _merge(row: dict[str, Any], judgement: Judgement, stamp: dict[str, str]) -> None:
    relevant = [(str(r["doc"]), str(r["paragraph"])) for r in row.get("relevant", [])]
    negative = [(str(r["doc"]), str(r["paragraph"])) for r in row.get("not_relevant", [])]
    for ref in judgement.relevant:
        if ref in negative:
            negative.remove(ref)
        if ref not in relevant:
            relevant.append(ref)
    for ref in judgement.not_relevant:
        if ref not in relevant and ref not in negative:
            negative.append(ref)
    row["relevant"] = [
        next((r for r in row.get("relevant", []) if (str(r["doc"]), str(r["paragraph"])) == ref), _refs([ref])[0])
        for ref in relevant
    ]
    row["not_relevant"] = _refs(negative)
    row["judged"] = [*row.get("judged", []), stamp]


def _rewrite(path: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""TREC run and qrels files, in the form ``ranx`` (``Run``/``Qrels`` ``save``/``from_file``) writes and reads.

A run line is ``qid Q0 docno rank score name``; a qrels line ``qid 0 docno grade``. Our docnos are
``<doc_id>#<paragraph>`` (``000_b5f21519506bdb07#19``), ``<doc_id>#u`` for an unnumbered entry, and
``external#<passage id>`` for a set that brings its own passages: another system's run is scored on
our sets when it names paragraphs the same way (``qrels.trec`` of any saved evaluation shows them).
"""

from __future__ import annotations

import re
from pathlib import Path

from qa.exceptions import EvaluationError

__all__ = ["RunDict", "load_qrels", "load_run", "save_qrels", "save_run"]

RunDict = dict[str, dict[str, float]]
"""``question id → docno → score`` (qrels: ``→ grade``)."""

_SPACE = re.compile(r"\s")


def _check_ids(data: dict[str, dict[str, float]] | dict[str, dict[str, int]], what: str) -> None:
    for qid, docs in data.items():
        if _SPACE.search(qid) or any(_SPACE.search(d) for d in docs):
            raise EvaluationError(f"{what}: question id {qid!r} or one of its docnos holds a space; TREC files cannot")


def save_run(run: RunDict, path: Path | str, *, name: str) -> Path:
    """Write ``run`` as a TREC run file named ``name`` (its last column), best first, as ``ranx.Run.save``
    writes it (ranx's own writer walks numba typed dicts: seconds a run, here milliseconds)."""
    _check_ids(run, str(path))
    if _SPACE.search(name) or not name:
        raise EvaluationError(f"{name!r}: a run name is one word")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for qid, docs in run.items():
        ranked = sorted(docs.items(), key=lambda kv: -kv[1])
        lines += [f"{qid} Q0 {doc} {rank} {score} {name}" for rank, (doc, score) in enumerate(ranked, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(path: Path, columns: int, what: str) -> list[list[str]]:
    if not path.is_file():
        raise EvaluationError(f"{path}: no such {what} file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text") from exc
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row = line.split()
        if len(row) != columns:
            shape = "'qid Q0 docno rank score name'" if columns == 6 else "'qid 0 docno grade'"
            raise EvaluationError(f"{path}:{n}: not a TREC {what} file (expected {shape} lines)")
        rows.append(row)
    return rows


def load_run(path: Path | str) -> tuple[RunDict, str]:
    """A TREC run file (as ``ranx.Run.from_file`` reads it): its rankings and its name (last column)."""
    path = Path(path)
    run: RunDict = {}
    rows = _rows(path, 6, "run")
    for n, (qid, _, doc, _, score, _) in enumerate(rows, 1):
        try:
            run.setdefault(qid, {})[doc] = float(score)
        except ValueError as exc:
            raise EvaluationError(f"{path}: score {score!r} of line {n} is not a number") from exc
    if not run:
        raise EvaluationError(f"{path}: an empty run file")
    return run, rows[0][5]


def save_qrels(qrels: dict[str, dict[str, int]], path: Path | str) -> Path:
    """Write ``qrels`` as TREC qrels (``qid 0 docno grade``), as ``ranx.Qrels.save`` writes them."""
    _check_ids(qrels, str(path))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{qid} 0 {doc} {grade}" for qid, docs in qrels.items() for doc, grade in docs.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_qrels(path: Path | str) -> dict[str, dict[str, int]]:
    path = Path(path)
    qrels: dict[str, dict[str, int]] = {}
    for qid, _, doc, grade in _rows(path, 4, "qrels"):
        try:
            qrels.setdefault(qid, {})[doc] = int(grade)
        except ValueError as exc:
            raise EvaluationError(f"{path}: grade {grade!r} is not a whole number") from exc
    return qrels

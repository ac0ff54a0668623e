"""Question sets: the project's JSONL, BEIR/MTEB folders and SQuAD JSON.

The JSONL format, one question a line::

    {"id": "dev-zh-001", "question": "2022年全球有多少人没有住处？", "lang": "zh",
     "relevant": [{"doc": "HSP/HA.2/4", "paragraph": "19"}]}

``doc`` is a doc_id or a symbol; ``paragraph`` the document's own number; an optional
``"grade"`` (default 1) gives graded relevance. BEIR folders (``corpus.jsonl``,
``queries.jsonl``, ``qrels/<split>.tsv``) and SQuAD files bring their own corpus, which is
indexed in memory and searched with the same :class:`qa.retrieval.Searcher`.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from qa.exceptions import EvaluationError
from qa.language import detect_language

__all__ = ["ExternalCorpus", "Question", "QuestionSet", "load_question_set"]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    relevant: dict[tuple[str, str], int]
    """``(doc, paragraph) → grade``; ``doc`` as written in the set (doc_id or symbol)."""


@dataclass(frozen=True)
class ExternalCorpus:
    """Passages a question set brings with it: ``id → text``."""

    passages: dict[str, str]


@dataclass
class QuestionSet:
    name: str
    questions: list[Question]
    corpus: ExternalCorpus | None = None
    """``None``: the questions are about the project's own indexed corpus."""
    notes: list[str] = field(default_factory=list)
    split: str = "external"
    """``tune`` (weights and options may be chosen on it), ``test`` (held back: report it),
    ``dev`` (the old set, tuned on), or ``external``; from the rows' ``split`` field or the file name."""


def load_question_set(path: Path | str) -> QuestionSet:
    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: no such question set")
    if path.is_dir():
        return _load_beir(path)
    if path.suffix == ".json":
        return _load_squad(path)
    return _load_jsonl(path)


def _load_jsonl(path: Path) -> QuestionSet:
    questions: list[Question] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text") from exc
    splits: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("split"):
                splits.add(str(row["split"]))
            relevant = {(str(r["doc"]), str(r["paragraph"])): int(r.get("grade", 1)) for r in row["relevant"]}
            text = str(row["question"])
            questions.append(
                Question(str(row.get("id", f"q{n}")), text, str(row.get("lang") or detect_language(text)), relevant)
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(
                f"{path}:{n}: expected {{'id', 'question', 'lang', 'relevant': [{{'doc', 'paragraph'}}]}} ({exc})"
            ) from exc
    if not questions:
        raise EvaluationError(f"{path}: no questions")
    return QuestionSet(path.stem, questions, split=_split_of(path, splits))


def _split_of(path: Path, splits: set[str]) -> str:
    if len(splits) == 1:
        return splits.pop()
    if len(splits) > 1:
        return "mixed (" + ", ".join(sorted(splits)) + ")"
    for name in ("tune", "test", "dev"):
        if name in path.stem.lower():
            return name
    return "unsplit"


def _load_squad(path: Path) -> QuestionSet:
    """The MTEB way: distinct non-empty questions against distinct contexts."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["data"]
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: not a SQuAD JSON file ({exc})") from exc
    passages: dict[str, str] = {}
    ids_by_text: dict[str, str] = {}
    questions: dict[str, Question] = {}
    for article in articles:
        for para in article.get("paragraphs", []):
            context = para.get("context", "")
            if not context.strip():
                continue
            pid = ids_by_text.setdefault(context, f"p{len(ids_by_text)}")
            passages[pid] = context
            for qa in para.get("qas", []):
                answers = qa.get("answers") or []
                text = (qa.get("question") or "").strip()
                if not text or not answers or not str(answers[0].get("text", "")).strip():
                    continue
                if text in questions:
                    continue  # distinct question strings, as MTEB keeps them
                questions[text] = Question(
                    str(qa.get("id", len(questions))), text, detect_language(text), {("squad", pid): 1}
                )
    if not questions:
        raise EvaluationError(f"{path}: no answerable questions")
    return QuestionSet(path.stem, list(questions.values()), ExternalCorpus(passages))


def _load_beir(folder: Path) -> QuestionSet:
    corpus_file, queries_file = folder / "corpus.jsonl", folder / "queries.jsonl"
    qrels_dir = folder / "qrels"
    if not corpus_file.is_file() or not queries_file.is_file() or not qrels_dir.is_dir():
        raise EvaluationError(f"{folder}: a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/")
    qrels_files = sorted(qrels_dir.glob("*.tsv"))
    split = next(
        (p for p in qrels_files if p.stem in ("test", "dev", "validation")), qrels_files[0] if qrels_files else None
    )
    if split is None:
        raise EvaluationError(f"{folder}/qrels has no .tsv file")
    passages: dict[str, str] = {}
    for line in corpus_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            passages[str(row["_id"])] = f"{row.get('title', '')}\n{row.get('text', '')}".strip()
    texts: dict[str, str] = {}
    for line in queries_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts[str(row["_id"])] = str(row["text"])
    relevant: dict[str, dict[tuple[str, str], int]] = {}
    with split.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) < 3 or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                relevant.setdefault(row[0], {})[("beir", row[1])] = int(row[2])
    questions = [Question(q, texts[q], detect_language(texts[q]), rel) for q, rel in relevant.items() if q in texts]
    return QuestionSet(folder.name, questions, ExternalCorpus(passages), notes=[f"qrels split: {split.stem}"])

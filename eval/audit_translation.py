"""Audit how English questions are translated: no invented names, no translated function words.

    python -m eval.audit_translation                      # every English question of eval/questions/*.jsonl
    python -m eval.audit_translation --out var/audit      # also write audit.json and audit.md

A translation is a mistake when

- ``function word``: the English source of a term group is only question words, auxiliaries or
  pronouns (``who``, ``does``, ``they``…), unless the question writes it as a date's month (``in May 2022``,
  ``5 May``);
- ``invented name``: a Chinese alternative is, for that English source, only a *name* — an
  organisation, place or person (a CC-CEDICT sense written as a name: ``World Health
  Organization``, ``WHO``, ``Nairobi``, ``… (name)``; a glossary entry in capitals) — while the
  question does not write the source as a name (capitalised words, an acronym in capitals).

The oracle here reads CC-CEDICT and the glossary itself, independently of ``qa/translation.py``,
so the same script measures the translator before and after a change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.glossary import Glossary, load_glossary
from qa.settings import PROJECT_ROOT, Settings
from qa.translation import Translator, Vocabulary, cedict_senses, dictionary_path, english_words, stem

__all__ = ["FUNCTION_WORDS", "Mistake", "audit", "english_questions", "main"]

FUNCTION_WORDS = frozenset(
    "who whom whose what which when where why how whether is are was were be been being am do does did done "
    "has have had having can could may might must shall should will would i me my we our us you your he his "
    "him she her they them it its if then so the a an of to in on at by for with".split()
)
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NAME_MARK_RE = re.compile(r"\((?:name|place|surname|company|brand|organization|organisation)\b", re.I)
_SMALL = frozenset("of the and for de du la le des von van in on at a an".split())


@dataclass(frozen=True)
class Mistake:
    id: str
    question: str
    source: str
    alternative: str
    reason: str


def _is_name(definition: str) -> bool:
    if _NAME_MARK_RE.search(definition):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", _PAREN_RE.sub(" ", definition))
    content = [w for w in words if w.lower() not in _SMALL]
    return bool(content) and all(w[0].isupper() for w in content)


def _key(text: str) -> str:
    return " ".join(stem(w) for w in english_words(_PAREN_RE.sub(" ", text)))


@lru_cache(maxsize=1)
def _senses() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """CC-CEDICT read directly: stemmed English → Chinese, for common senses and for name senses."""
    common: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for simplified, text in cedict_senses(dictionary_path()):
        key = _key(re.sub(r"^(?:to|a|an|the)\s+", "", text.strip(), flags=re.I))
        if key:
            (names if _is_name(text) else common).setdefault(key, set()).add(simplified)
    return common, names


def _written_as_name(source: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", source)
    return bool(words) and all(w[0].isupper() for w in words if w.lower() not in _SMALL)


def _glossary_names(glossary: Glossary) -> dict[str, set[str]]:
    return {k.lower(): set(v) for k, v in glossary.entries.items() if re.fullmatch(r"[A-Z0-9&.\-]+", k) and len(k) >= 2}


def _written_as_month(written: str, question: str) -> bool:
    """``May`` in ``in May 2022`` or ``5 May``: a capitalised word next to a figure is a date's month."""
    if not written[:1].isupper():
        return False
    w = re.escape(written)
    return bool(re.search(rf"(?<![A-Za-z]){w}\s+\d|\d\s+{w}(?![A-Za-z])", question))


def audit(
    questions: Iterable[dict[str, Any]], translator: Translator, vocabulary: Vocabulary, *, glossary: Glossary
) -> tuple[int, int, list[Mistake]]:
    """``(questions, term groups, mistakes)`` over the English questions."""
    common, names = _senses()
    acronyms = _glossary_names(glossary)
    mistakes: list[Mistake] = []
    n_questions = n_groups = 0
    for row in questions:
        n_questions += 1
        groups, _ = translator.translate(row["question"], vocabulary)
        for g in groups:
            n_groups += 1
            words = english_words(g.source)
            seen = re.search(r"(?<![A-Za-z])" + re.escape(g.source) + r"(?![A-Za-z])", row["question"], re.I)
            written = seen.group(0) if seen else g.source
            if (
                words
                and all(w in FUNCTION_WORDS for w in words)
                and written != written.upper()
                and not _written_as_month(written, row["question"])
            ):
                mistakes.append(
                    Mistake(row["id"], row["question"], g.source, "|".join(g.alternatives), "function word")
                )
                continue
            if _written_as_name(written):
                continue  # the question names it
            key = _key(g.source)
            for alt in g.alternatives:
                only_name = alt in names.get(key, set()) and alt not in common.get(key, set())
                only_acronym = alt in acronyms.get(g.source.lower(), set()) and written != written.upper()
                if only_name or only_acronym:
                    mistakes.append(Mistake(row["id"], row["question"], g.source, alt, "invented name"))
    return n_questions, n_groups, mistakes


def english_questions(folder: Path) -> list[dict[str, Any]]:
    """Every English question of the JSONL sets in ``folder`` (each question once)."""
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("lang") == "en" and row["question"] not in seen:
                seen.add(row["question"])
                rows.append({"id": f"{path.stem}:{row['id']}", "question": row["question"]})
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.audit_translation", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "questions")
    parser.add_argument("--out", type=Path, default=None, help="write audit.json and audit.md here")
    args = parser.parse_args(argv)
    from qa.service import open_searcher

    searcher = open_searcher(Settings(), progress=False)
    glossary = load_glossary()
    n_q, n_g, mistakes = audit(
        english_questions(args.questions), searcher.translator, searcher.store.vocabulary, glossary=glossary
    )
    lines = [f"{n_q} English questions, {n_g} term groups, {len(mistakes)} mistakes", ""]
    lines += [f"- {m.id}: {m.source!r} → {m.alternative} ({m.reason}) — {m.question}" for m in mistakes]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "audit.md").write_text(text, encoding="utf-8")
        data = {"questions": n_q, "groups": n_g, "mistakes": [asdict(m) for m in mistakes]}
        (args.out / "audit.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""An English → Chinese glossary that gives English questions a real lexical side.

BM25 on an English question over Chinese text matches almost nothing; the glossary
turns the UN terms of the question into the Chinese terms the documents use
("Executive Board" → 执行局, "resolution 1/5" → 第 1/5 号决议). The data file
``qa/data/glossary.tsv`` is meant to be extended by users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.tokenization import STOPWORDS

__all__ = ["DEFAULT_GLOSSARY", "Expansion", "Glossary", "is_acronym", "load_glossary"]

DEFAULT_GLOSSARY = Path(__file__).with_name("data") / "glossary.tsv"

_RESOLUTION_RE = re.compile(r"\bresolutions?\s+(\d{1,3}/\d{1,4})", re.I)
_DECISION_RE = re.compile(r"\bdecisions?\s+(\d{1,4}/\d{1,4})", re.I)
_NUMBERISH_RE = re.compile(r"\d")
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'/.\-–]*")


def is_acronym(term: str) -> bool:
    """``WHO``, ``UN``, ``SDG11``: capitals (and figures), at least two letters, no lower case."""
    return bool(re.fullmatch(r"[A-Z0-9&.\-]+", term)) and sum(c.isalpha() for c in term) >= 2


@dataclass(frozen=True)
class Expansion:
    """The Chinese terms found for an English question and how much of it they cover."""

    terms: tuple[str, ...]
    matched: tuple[str, ...]
    coverage: float
    """Share of the question's content words covered by a glossary term, a number or a symbol."""

    @property
    def text(self) -> str:
        return " ".join(self.terms)


class Glossary:
    def __init__(self, entries: dict[str, tuple[str, ...]]) -> None:
        self.entries = entries
        phrases = sorted(entries, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![A-Za-z0-9])(" + "|".join(re.escape(p) for p in phrases) + r")(?![A-Za-z0-9])", re.I)
            if phrases
            else None
        )
        self._lookup = {p.lower(): v for p, v in entries.items()}
        # An acronym (``WHO``, ``UN``) names an organisation only when written in capitals: ``Who …?`` is a question.
        self._acronyms = frozenset(p.lower() for p in entries if is_acronym(p))
        self.words = frozenset(w for p in entries for w in re.findall(r"[a-z]+", p.lower()))
        """Every English word of a glossary term (lower case), for spelling correction."""

    def __len__(self) -> int:
        return len(self.entries)

    def spans(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """``(start, end, Chinese terms)`` for each glossary phrase in ``text``, longest phrases first."""
        if self._pattern is None:
            return []
        return [(m.start(1), m.end(1), self._lookup[m.group(1).lower()]) for m in self._matches(text)]

    def _matches(self, text: str) -> list[re.Match[str]]:
        assert self._pattern is not None
        return [
            m
            for m in self._pattern.finditer(text)
            if m.group(1).lower() not in self._acronyms or m.group(1) == m.group(1).upper()
        ]

    def expand(self, question: str) -> Expansion:
        terms: list[str] = []
        matched: list[str] = []
        covered = ""
        for m in _RESOLUTION_RE.finditer(question):
            terms.append(f"第 {m.group(1)} 号决议")
            matched.append(m.group(0))
        for m in _DECISION_RE.finditer(question):
            terms.append(f"第 {m.group(1)} 号决定")
            matched.append(m.group(0))
        if self._pattern is not None:
            for m in self._matches(question):
                terms.extend(self._lookup[m.group(1).lower()])
                matched.append(m.group(1))
                covered += " " + m.group(1)
        words = [w for w in _WORD_RE.findall(question) if w.lower() not in STOPWORDS]
        covered_words = {w.lower() for w in _WORD_RE.findall(covered)}
        hits = sum(1 for w in words if w.lower() in covered_words or _NUMBERISH_RE.search(w))
        coverage = hits / len(words) if words else 0.0
        return Expansion(tuple(dict.fromkeys(terms)), tuple(matched), coverage)


def load_glossary(path: Path | str = DEFAULT_GLOSSARY) -> Glossary:
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> Glossary:
    entries: dict[str, tuple[str, ...]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        english, chinese = line.split("\t", 1)
        values = tuple(v.strip() for v in chinese.split("|") if v.strip())
        if english.strip() and values:
            entries[english.strip()] = values
    return Glossary(entries)

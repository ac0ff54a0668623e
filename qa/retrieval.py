"""Search the index: a question in, ranked source paragraphs with citations out.

>>> searcher = Searcher.open()                                  # doctest: +SKIP
>>> result = searcher.search("人居署的财务状况如何？", top_k=3)     # doctest: +SKIP
>>> result.hits[0].citation                                     # doctest: +SKIP
'HSP/HA/1/2, para. 34'
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Paragraph
from corpus.symbols import find_symbols, normalize_symbol
from index.embedding import Embedder, get_embedder
from index.store import LoadedIndex, load_index
from index.tokenization import normalize, tokenize
from qa.exceptions import NotFound, QueryError
from qa.fusion import FusionWeights, fuse, lexical_weight
from qa.glossary import Glossary, load_glossary
from qa.language import detect_language
from qa.settings import Settings

__all__ = ["MAX_TOP_K", "MODES", "Hit", "SearchResult", "Searcher"]

MODES = ("hybrid", "dense", "bm25")
MAX_TOP_K = 50
POOL = 100
"""Candidates each side contributes before fusion."""

_RES_NUMBER_RE = re.compile(r"(?<![\d/.])(\d{1,3}/\d{1,4})(?![\d/])")
_RES_SYMBOL_RE = re.compile(r"HSP/(?:HA|EB)[./](\d+)/Res\.?(\d+)", re.I)


@dataclass(frozen=True)
class Hit:
    """One ranked source paragraph."""

    rank: int
    score: float
    doc_id: str
    symbol: str | None
    paragraph: str | None
    section: str
    text: str
    citation: str
    citation_zh: str
    source: str
    lines: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = list(self.lines)
        return data


@dataclass(frozen=True)
class SearchResult:
    question: str
    mode: str
    took_ms: float
    language: str
    hits: list[Hit]
    terms: list[str]
    """The question's terms as the documents write them (Chinese glossary terms for English), for highlighting."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON that ``POST /ask`` and ``qa ask --json`` return."""
        return {
            "question": self.question,
            "mode": self.mode,
            "language": self.language,
            "took_ms": round(self.took_ms, 2),
            "terms": self.terms,
            "results": [h.to_dict() for h in self.hits],
        }


def _references(question: str) -> set[str]:
    """Symbols and resolution numbers named in a question, as they appear in the documents."""
    refs: set[str] = set()
    for symbol in find_symbols(question):
        refs.add(normalize(symbol))
        m = _RES_SYMBOL_RE.fullmatch(symbol)
        if m:
            refs.add(f"{m.group(1)}/{m.group(2)}")
    for m in _RES_NUMBER_RE.finditer(question):
        refs.add(m.group(1))
    return refs


class Searcher:
    """The loaded index, the model and the glossary; safe to share between threads."""

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Embedder,
        *,
        glossary: Glossary | None = None,
        weights: FusionWeights | None = None,
        max_question_chars: int = 2000,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.glossary = glossary or load_glossary()
        self.weights = weights or FusionWeights()
        self.max_question_chars = max_question_chars
        self.paragraphs: list[Paragraph] = index.paragraphs
        self._rows_by_doc: dict[str, list[int]] = {}
        for i, p in enumerate(self.paragraphs):
            self._rows_by_doc.setdefault(p.doc_id, []).append(i)
        self._symbols = {d["doc_id"]: d.get("symbol") for d in index.documents}
        self._haystack = [normalize(f"{p.section}\n{p.text}").replace(" ", "") for p in self.paragraphs]
        self.warm_up()

    def warm_up(self) -> None:
        """Load jieba's dictionary and touch the model now, not on the first question."""
        tokenize("联合国人居署")
        self.embedder.encode_queries(["warm up"])

    @classmethod
    def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None) -> Searcher:
        settings = settings or Settings()
        embedder = embedder or get_embedder(settings.model, settings.backend)
        loaded = load_index(Path(settings.index_dir), model=embedder.name, dim=embedder.dim)
        return cls(loaded, embedder, max_question_chars=settings.max_question_chars)

    # -- the public call ------------------------------------------------------------

    def search(
        self,
        question: str,
        *,
        top_k: int = 5,
        mode: str = "hybrid",
        documents: Sequence[str] | None = None,
    ) -> SearchResult:
        """Ranked source paragraphs for ``question``.

        ``documents`` restricts the search to documents given by doc_id or symbol.
        Raises :class:`QueryError` for an unusable question or option and
        :class:`NotFound` for an unknown document.
        """
        started = time.perf_counter()
        question = self._check_question(question)
        top_k = self._check_top_k(top_k)
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
        allowed = self._allowed_rows(documents)
        language = detect_language(question)

        if mode == "dense":
            ranked = sorted(self._dense(question, allowed).items(), key=lambda kv: (-kv[1], kv[0]))
        elif mode == "bm25":
            ranked = sorted(self._lexical(question, language, allowed)[0].items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            dense = self._dense(question, allowed)
            lexical, coverage = self._lexical(question, language, allowed)
            bonus = self._citing_bonus(question, allowed)
            weight = lexical_weight(language, coverage, self.weights)
            ranked = fuse(dense, lexical if weight > 0 else {}, lexical_weight=weight, bonus=bonus)

        hits = [self._hit(rank, row, score) for rank, (row, score) in enumerate(ranked[:top_k], start=1)]
        took = (time.perf_counter() - started) * 1000
        return SearchResult(
            question=question,
            mode=mode,
            took_ms=took,
            language=language,
            hits=hits,
            terms=self.highlight_terms(question, language),
        )

    def highlight_terms(self, question: str, language: str) -> list[str]:
        """Words of the question to mark in the paragraphs."""
        if language == "zh":
            words = [t for t in tokenize(question) if len(t) >= 2 or t.isdigit()]
        else:
            expansion = self.glossary.expand(question)
            words = list(expansion.terms) + re.findall(r"\d+(?:[/.]\d+)*", question)
        return list(dict.fromkeys(words))[:30]

    # -- checks ---------------------------------------------------------------------

    def _check_question(self, question: object) -> str:
        if not isinstance(question, str):
            raise QueryError(f"the question must be a string, not {type(question).__name__}")
        cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
        if not cleaned:
            raise QueryError("the question is empty: type a question in Chinese or English")
        if len(cleaned) > self.max_question_chars:
            raise QueryError(f"the question is {len(cleaned)} characters long; the limit is {self.max_question_chars}")
        return cleaned

    @staticmethod
    def _check_top_k(top_k: object) -> int:
        if isinstance(top_k, bool) or not isinstance(top_k, int | np.integer):
            raise QueryError(f"top_k must be a whole number from 1 to {MAX_TOP_K}, not {top_k!r}")
        if not 1 <= int(top_k) <= MAX_TOP_K:
            raise QueryError(f"top_k must be from 1 to {MAX_TOP_K}, not {top_k}")
        return int(top_k)

    def resolve_document(self, ref: str) -> str:
        """A doc_id for a doc_id or a symbol."""
        if ref in self._rows_by_doc:
            return ref
        wanted = normalize_symbol(ref).upper()
        for doc_id, symbol in self._symbols.items():
            if symbol and symbol.upper() == wanted:
                return doc_id
        known = ", ".join(f"{d} ({s})" if s else d for d, s in self._symbols.items())
        raise NotFound(f"unknown document {ref!r}; known documents: {known}")

    def _allowed_rows(self, documents: Sequence[str] | None) -> list[int] | None:
        if documents is None:
            return None
        if isinstance(documents, str) or not isinstance(documents, Sequence):
            raise QueryError("documents must be a list of doc_ids or symbols")
        if not documents:
            return None
        rows: list[int] = []
        for ref in documents:
            if not isinstance(ref, str) or not ref.strip():
                raise QueryError("each entry of documents must be a non-empty doc_id or symbol")
            rows.extend(self._rows_by_doc[self.resolve_document(ref.strip())])
        return sorted(set(rows))

    # -- the two sides ----------------------------------------------------------------

    def _dense(self, question: str, allowed: list[int] | None) -> dict[int, float]:
        vector = self.embedder.encode_queries([question])
        scores, ids = self.index.dense.search(vector, POOL, allowed=allowed)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}

    def lexical_query(self, question: str, language: str) -> tuple[list[str], float]:
        """BM25 query tokens, and the share of an English question the glossary covers."""
        if language == "zh":
            return tokenize(question), 1.0
        expansion = self.glossary.expand(question)
        tokens = tokenize(expansion.text) if expansion.terms else []
        # Numbers, symbols and acronyms are read as they are: they match Chinese text too.
        tokens += [t for t in tokenize(question) if re.search(r"\d", t)]
        return tokens, expansion.coverage

    def _lexical(self, question: str, language: str, allowed: list[int] | None) -> tuple[dict[int, float], float]:
        tokens, coverage = self.lexical_query(question, language)
        scores = self.index.lexical.scores(tokens)
        if allowed is not None:
            mask = np.full(scores.shape, -np.inf, dtype=np.float32)
            mask[allowed] = 0.0
            scores = scores + mask
        k = min(POOL, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(scores.shape[0])
        return {int(i): float(scores[i]) for i in top if scores[i] > 0}, coverage

    def _citing_bonus(self, question: str, allowed: list[int] | None) -> dict[int, float]:
        refs = _references(question)
        if not refs:
            return {}
        rows = allowed if allowed is not None else range(len(self.paragraphs))
        bonus: dict[int, float] = {}
        for row in rows:
            hay = self._haystack[row]
            n = sum(1 for ref in refs if _cites(hay, ref))
            if n:
                bonus[row] = self.weights.symbol_bonus * n
        return bonus

    def _hit(self, rank: int, row: int, score: float) -> Hit:
        p = self.paragraphs[row]
        return Hit(
            rank=rank,
            score=round(float(score), 6),
            doc_id=p.doc_id,
            symbol=p.symbol,
            paragraph=p.paragraph,
            section=p.section,
            text=p.text,
            citation=p.citation,
            citation_zh=p.citation_zh,
            source=p.source,
            lines=p.lines,
        )


def _cites(haystack: str, ref: str) -> bool:
    """``ref`` stands in ``haystack`` as a whole reference (``1/5`` not inside ``11/52``)."""
    start = 0
    while True:
        i = haystack.find(ref, start)
        if i < 0:
            return False
        before = haystack[i - 1] if i > 0 else " "
        end = i + len(ref)
        after = haystack[end] if end < len(haystack) else " "
        if not (before.isalnum() or before in "/.") and not (after.isdigit() or after == "/"):
            return True
        start = i + 1

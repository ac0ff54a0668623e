"""Does a paragraph answer the question? A calibrated judgement, not a rank.

Each hit gets a ``match`` (``strong``, ``related`` or ``weak``) and the answer ``answered``
(the best paragraph is a strong match: the documents likely answer the question). The judgement
is a logistic model on four features that mean the same whatever the search mode or the corpus:

- ``dense``: the hit's dense score (½ · cosine with the paragraph + ½ · the best sentence
  window's cosine, see ``index/windows.py``), raw — never scaled to the other candidates;
- ``coverage``: the idf-weighted share of the question's term groups (its words, or an English
  question's translated terms) found among the paragraph's own BM25 tokens (any language
  version of the paragraph counts); an English content word that found no term counts as a
  missing term of the highest weight;
- ``agreement``: ``1 / worse rank`` of the hit in the dense and the lexical candidate lists
  (1.0 when both sides rank it first; 0 when one side does not have it);
- ``same_language``: 1 when the paragraph (or one of its versions) is in the question's
  language — cross-lingual cosines run lower.

The coefficients and the two thresholds live in ``qa/data/relevance.json`` with how they were
fitted; ``python -m eval.calibrate_relevance`` refits them on the ``tune`` split.

>>> model = RelevanceModel.load()                                            # doctest: +SKIP
>>> model.match(model.probability(Features(dense=0.86, coverage=0.9, agreement=1.0)))  # doctest: +SKIP
'strong'
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.tokenization import tokenize
from qa.exceptions import ConfigurationError
from qa.translation import TermGroup

__all__ = [
    "FEATURES",
    "MATCHES",
    "MODEL_PATH",
    "Features",
    "Judgement",
    "RelevanceModel",
    "agreement",
    "coverage",
    "load_model",
]

MATCHES = ("strong", "related", "weak")
FEATURES = ("dense", "coverage", "agreement", "same_language")
MODEL_PATH = Path(__file__).parent / "data" / "relevance.json"


@dataclass(frozen=True)
class Features:
    """The four signals the judgement reads for one hit."""

    dense: float
    coverage: float
    agreement: float
    same_language: float = 1.0

    def vector(self) -> list[float]:
        return [self.dense, self.coverage, self.agreement, self.same_language]


@dataclass(frozen=True)
class Judgement:
    """One hit's judgement: the model's probability that it answers, and its class."""

    probability: float
    match: str
    features: Features


@dataclass(frozen=True)
class RelevanceModel:
    """``p = sigmoid(intercept + coef · features)``; ``strong`` from ``p ≥ strong``, ``related`` from ``p ≥ related``."""

    intercept: float
    coef: tuple[float, ...]
    strong: float
    related: float
    fitted: dict[str, Any] = field(default_factory=dict, compare=False)

    def probability(self, features: Features) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def match(self, probability: float) -> str:
        if probability >= self.strong:
            return "strong"
        if probability >= self.related:
            return "related"
        return "weak"

    def judge(self, features: Features) -> Judgement:
        p = self.probability(features)
        return Judgement(probability=round(p, 4), match=self.match(p), features=features)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["features"] = list(FEATURES)
        data["coef"] = list(self.coef)
        return data

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RelevanceModel:
        try:
            if list(data.get("features", FEATURES)) != list(FEATURES):
                raise ValueError(f"features {data.get('features')} are not {list(FEATURES)}")
            coef = tuple(float(c) for c in data["coef"])
            if len(coef) != len(FEATURES):
                raise ValueError(f"{len(coef)} coefficients for {len(FEATURES)} features")
            model = cls(
                intercept=float(data["intercept"]),
                coef=coef,
                strong=float(data["strong"]),
                related=float(data["related"]),
                fitted=dict(data.get("fitted") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigurationError(f"the relevance model is not valid ({exc})") from exc
        if not 0.0 <= model.related <= model.strong <= 1.0:
            raise ConfigurationError("the relevance model's thresholds must satisfy 0 ≤ related ≤ strong ≤ 1")
        return model

    @classmethod
    def load(cls, path: Path | None = None) -> RelevanceModel:
        path = path or MODEL_PATH
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot read the relevance model {path} ({exc})") from exc
        if not isinstance(data, dict):
            raise ConfigurationError(f"the relevance model {path} is not a JSON object")
        return cls.from_dict(data)


@lru_cache(maxsize=1)
def load_model() -> RelevanceModel:
    """The bundled model (read once)."""
    return RelevanceModel.load()


def _idf(df: int, size: int) -> float:
    return math.log(1.0 + (size - df + 0.5) / (df + 0.5))


def coverage(
    groups: Sequence[TermGroup],
    texts: Iterable[str],
    *,
    vocabulary: Any,
    size: int,
    missing: int = 0,
) -> float:
    """The idf-weighted share of ``groups`` whose some alternative occurs in one of ``texts``.

    An alternative is a phrase; it occurs when all its BM25 tokens are among the text's tokens.
    ``vocabulary`` gives document frequencies (``document_frequency(phrase)``); ``size`` is the
    number of indexed paragraphs; ``missing`` counts the question's words that found no term
    (each a missing term of the highest weight).
    """
    if not groups:
        return 0.0
    token_sets = [set(tokenize(t)) for t in texts]
    total = missing * _idf(0, size)
    found = 0.0
    for group in groups:
        dfs = [vocabulary.document_frequency(a) for a in group.alternatives]
        known = [df for df in dfs if df > 0]
        weight = _idf(min(known), size) if known else _idf(0, size)
        total += weight
        for alternative in group.alternatives:
            parts = tokenize(alternative) or [alternative]
            if any(all(part in tokens for part in parts) for tokens in token_sets):
                found += weight
                break
    return found / total if total else 0.0


def agreement(dense_rank: int | None, lexical_rank: int | None) -> float:
    """``1 / worse rank`` of the two sides (ranks from 1); 0 when a side does not rank the hit."""
    if dense_rank is None or lexical_rank is None:
        return 0.0
    return 1.0 / max(dense_rank, lexical_rank)

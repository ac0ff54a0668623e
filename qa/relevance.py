"""Does a paragraph answer the question? A calibrated judgement, not a rank.

Each hit gets a ``match`` (``strong``, ``related`` or ``weak``) and the answer ``answered``
(the best paragraph is a strong match: the documents likely answer the question). The judgement
is a logistic model on signals that mean the same whatever the search mode, the corpus or the
language of the question and of the paragraph:

- ``dense``: the hit's dense score (½ · cosine with the paragraph + ½ · the best sentence
  window's cosine, see ``index/windows.py``), raw — never scaled to the other candidates;
- ``margin``: the hit's dense score minus the :data:`MARGIN_RANK`-th best dense score of the
  question: a question that one paragraph answers stands out from the rest, a topic that many
  paragraphs touch alike does not (and the offset of cross-lingual cosines cancels out);
- ``coverage``: the idf-weighted share of the question's term groups (its words, or an English
  question's translated terms; a synonym group counts once) found among the paragraph's own
  BM25 tokens (any language version of the paragraph counts); an English content word that found
  no term counts as a missing term of the highest weight;
- ``agreement``: ``1 / worse rank`` of the hit in the dense and the lexical candidate lists
  (1.0 when both sides rank it first; 0 when one side does not have it);
- ``unfit``: 1 when the question asks for a kind of answer (a percentage, an amount of money, a
  date, a number: :data:`ANSWER_TYPES`) and no version of the paragraph holds one of that kind
  ("What is the vacancy rate of UN-Habitat posts?" against a paragraph with no percentage); a "how many"
  question's answer counts what it asks about: a figure next to the counted words or their translations
  (:func:`counted_words`, :func:`holds_count`: "How many staff…?" is not answered by "30 county planners");
- ``cross_lingual``: 1 when no version of the paragraph is in the question's language. The model's
  cosines run lower across languages (a correct English answer from a Chinese paragraph scores
  about what a Chinese paragraph merely on the subject of a Chinese question scores); this term
  gives a cross-lingual hit the offset back, so it is judged like a same-language one.

The lexical signals (``coverage``, ``agreement``) can only be read when the question's terms can
reach the paragraph's language (the same language, or Chinese and English through the dictionary);
otherwise (a French question about a Chinese paragraph) the ``dense`` part of the model judges on
``dense``, ``margin`` and ``cross_lingual`` alone, with its own coefficients and thresholds fitted
on the same questions — a missing translation is not evidence that the paragraph does not answer.

The coefficients and the thresholds live in ``qa/data/relevance.json`` with how they were
fitted; ``python -m eval.calibrate_relevance --fit`` refits them on the ``tune`` split.

>>> model = RelevanceModel.load()                                            # doctest: +SKIP
>>> model.judge(Features(dense=0.92, margin=0.04, coverage=0.9, agreement=1.0)).match  # doctest: +SKIP
'strong'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.languages import en
from index.tokenization import tokenize
from qa.exceptions import ConfigurationError
from qa.translation import TermGroup

__all__ = [
    "ANSWER_TYPES",
    "DENSE_FEATURES",
    "FEATURES",
    "MARGIN_RANK",
    "MATCHES",
    "MODEL_PATH",
    "Features",
    "Judgement",
    "Logistic",
    "RelevanceModel",
    "AnswerType",
    "agreement",
    "asks",
    "counted_words",
    "coverage",
    "group_terms",
    "holds_count",
    "load_model",
    "margin",
    "reached_languages",
    "unfit",
]

MATCHES = ("strong", "related", "weak")
FEATURES = ("dense", "margin", "coverage", "agreement", "cross_lingual", "unfit")
"""What the ``lexical`` part reads (the question's terms reach the paragraph's language)."""
DENSE_FEATURES = ("dense", "margin", "cross_lingual")
"""What the ``dense`` part reads (they do not: meaning alone)."""
MARGIN_RANK = 10
MODEL_PATH = Path(__file__).parent / "data" / "relevance.json"

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT_RE = re.compile(r"\d")
_STEMMED = ("fr", "es", "ru", "ar")
_CLAUSE = r"[^，,。；;？?]"
"""Within one clause of a Chinese question."""


@dataclass(frozen=True)
class AnswerType:
    """A kind of answer a question can ask for: how a question asks for it, and what an answer holds."""

    name: str
    question: tuple[re.Pattern[str], ...]
    """Any of these in the question asks for this kind (English and Chinese: their scripts never collide)."""
    evidence: re.Pattern[str]
    """A paragraph that can answer holds this (in any of its language versions)."""


_MONEY_WORDS = "费用|金额|预算|薪|工资|价格|房价|资金|捐款|支出|开支|成本|经费|收入|价值"
ANSWER_TYPES = (
    AnswerType(
        "percentage",
        (
            re.compile(r"\b(percent(age)?|per cent|proportion|rate)\b|\b(what|which) (share|fraction)\b", re.I),
            re.compile(rf"比例|百分之|百分比|比率|率{_CLAUSE}{{0,3}}(多少|几)|占{_CLAUSE}{{0,6}}多少|几成"),
        ),
        re.compile(r"%|％|\bper ?cent\b|百分之|百分点", re.I),
    ),
    AnswerType(
        "money",
        (
            re.compile(
                r"\bhow much\b.*\b(cost\w*|spen[dt]\w*|budget\w*|fund\w*|salar\w*|price\w*|pa(y|id)|worth|contribut\w*"
                r"|grant\w*|expend\w*|income|revenue\w*|value|money|allocat\w*)\b"
                r"|\bwhat (is|was|were|are) the (?:[a-z-]+ ){0,2}(cost|budget|salary|price|value|amount)s?\b",
                re.I,
            ),
            re.compile(
                rf"(多少|几){_CLAUSE}{{0,3}}钱|({_MONEY_WORDS}){_CLAUSE}{{0,8}}(多少|几)|(多少|几){_CLAUSE}{{0,8}}({_MONEY_WORDS}|美元)"
            ),
        ),
        re.compile(
            r"\$|美元|欧元|英镑|法郎|万元|亿元|\d\s*元|\b(dollars?|USD|EUR|euros?|francs?|pounds sterling)\b", re.I
        ),
    ),
    AnswerType(
        "date",
        (
            # "when" asks at the head of a question or clause ("When and where…", "…, and when?"),
            # not as a conjunction ("jurisdiction when the Council refers…").
            re.compile(r"(^|[.?!,;:]\s*|\b(and|or)\s+)(since\s+)?when\b|\b(what|which) (year|date|month|day)\b", re.I),
            re.compile(r"何时|什么时候|哪一?年|哪一?天|哪个月|何年|几月|几号"),
        ),
        re.compile(
            r"(19|20)\d\d|\d\s*[年月日]|[一二三四五六七八九十]月|\b(january|february|march|april|may|june|july"
            r"|august|september|october|november|december)\b",
            re.I,
        ),
    ),
    AnswerType(
        "number",
        (
            re.compile(r"\bhow (many|much)\b|\bwhat (is|was) the (?:[a-z-]+ ){0,2}(number|total|population)\b", re.I),
            re.compile(r"多少|几[个次名项位家套种份条所批轮届层人]|人数|数量|总数|人口"),
        ),
        re.compile(
            r"\d|[一二两三四五六七八九十百千万亿]|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen)\b",
            re.I,
        ),
    ),
)
"""The kinds of answer a question can ask for, the most specific first (the first that matches is
the question's). General tables of how English and Chinese ask, not lists of questions."""


@dataclass(frozen=True)
class Features:
    """The signals the judgement reads for one hit (see the module docstring)."""

    dense: float
    coverage: float = 0.0
    agreement: float = 0.0
    margin: float = 0.0
    cross_lingual: float = 0.0
    unfit: float = 0.0
    lexical: bool = True
    """Whether the question's terms can reach the paragraph's language (else the dense part judges)."""

    def vector(self, names: Sequence[str] = FEATURES) -> list[float]:
        return [float(getattr(self, name)) for name in names]


_KNOWN = tuple(f.name for f in fields(Features) if f.name != "lexical")


@dataclass(frozen=True)
class Judgement:
    """One hit's judgement: the model's probability that it answers, and its class."""

    probability: float
    match: str
    features: Features


@dataclass(frozen=True)
class Logistic:
    """``p = sigmoid(intercept + coef · features)``; ``strong`` from ``p ≥ strong``, ``related`` from ``p ≥ related``."""

    features: tuple[str, ...]
    intercept: float
    coef: tuple[float, ...]
    strong: float
    related: float

    def probability(self, features: Features) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features.vector(self.features), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def match(self, probability: float) -> str:
        if probability >= self.strong:
            return "strong"
        if probability >= self.related:
            return "related"
        return "weak"

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "intercept": self.intercept,
            "coef": list(self.coef),
            "strong": self.strong,
            "related": self.related,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str) -> Logistic:
        try:
            names = tuple(str(n) for n in data["features"])
            unknown = [n for n in names if n not in _KNOWN]
            if unknown or not names:
                raise ValueError(f"{name}: unknown features {unknown} (known: {list(_KNOWN)})")
            coef = tuple(float(c) for c in data["coef"])
            if len(coef) != len(names):
                raise ValueError(f"{name}: {len(coef)} coefficients for {len(names)} features")
            part = cls(
                features=names,
                intercept=float(data["intercept"]),
                coef=coef,
                strong=float(data["strong"]),
                related=float(data["related"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigurationError(f"the relevance model is not valid ({exc})") from exc
        if not 0.0 <= part.related <= part.strong <= 1.0:
            raise ConfigurationError(f"the relevance model's {name} thresholds must satisfy 0 ≤ related ≤ strong ≤ 1")
        return part


@dataclass(frozen=True)
class RelevanceModel:
    """Two logistic parts: ``lexical`` when the question's terms reach the paragraph, ``dense`` when not."""

    lexical: Logistic
    dense: Logistic
    fitted: dict[str, Any] = field(default_factory=dict, compare=False)

    def part(self, features: Features) -> Logistic:
        return self.lexical if features.lexical else self.dense

    def probability(self, features: Features) -> float:
        return self.part(features).probability(features)

    def judge(self, features: Features) -> Judgement:
        part = self.part(features)
        p = part.probability(features)
        return Judgement(probability=round(p, 4), match=part.match(p), features=features)

    def to_dict(self) -> dict[str, Any]:
        return {"lexical": self.lexical.to_dict(), "dense": self.dense.to_dict(), "fitted": self.fitted}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RelevanceModel:
        parts = {}
        for name in ("lexical", "dense"):
            part = data.get(name)
            if not isinstance(part, Mapping):
                raise ConfigurationError(f"the relevance model is not valid (no {name!r} part)")
            parts[name] = Logistic.from_dict(part, name=name)
        return cls(lexical=parts["lexical"], dense=parts["dense"], fitted=dict(data.get("fitted") or {}))

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


@lru_cache(maxsize=8192)
def _parts(alternative: str) -> tuple[str, ...]:
    return tuple(tokenize(alternative)) or (alternative,)


def group_terms(groups: Iterable[TermGroup]) -> set[str]:
    """The BM25 tokens the groups' alternatives are made of: all that :func:`coverage` asks of a paragraph's
    tokens (the store says which of them each paragraph holds, ``IndexStore.terms_in``)."""
    return {part for group in groups for alternative in group.alternatives for part in _parts(alternative)}


def _found(group: TermGroup, token_sets: Sequence[frozenset[str]]) -> bool:
    for alternative in group.alternatives:
        parts = _parts(alternative)
        if any(all(part in tokens for part in parts) for tokens in token_sets):
            return True
    return False


def coverage(
    groups: Sequence[TermGroup],
    tokens: Sequence[frozenset[str]],
    *,
    vocabulary: Any,
    size: int,
    missing: int = 0,
) -> float:
    """The idf-weighted share of ``groups`` whose some alternative occurs in one of the texts.

    ``tokens`` are the texts' BM25 token sets (every language version of the paragraph; only the tokens of
    :func:`group_terms` matter, so the store's ``terms_in`` gives them without reading the texts).
    An alternative is a phrase; it occurs when all its BM25 tokens are among the text's tokens.
    ``vocabulary`` gives document frequencies (``document_frequency(phrase)``); ``size`` is the
    number of indexed paragraphs; ``missing`` counts the question's words that found no term
    (each a missing term of the highest weight).
    """
    if not groups:
        return 0.0
    total = missing * _idf(0, size)
    found = 0.0
    for group in groups:
        dfs = [vocabulary.document_frequency(a) for a in group.alternatives]
        known = [df for df in dfs if df > 0]
        weight = _idf(min(known), size) if known else _idf(0, size)
        total += weight
        if _found(group, tokens):
            found += weight
    return found / total if total else 0.0


def reached_languages(groups: Sequence[TermGroup]) -> set[str]:
    """The languages whose paragraphs the groups' words can match (figures match any: not counted)."""
    langs: set[str] = set()
    for group in groups:
        for alternative in group.alternatives:
            if _CJK_RE.search(alternative):
                langs.add("zh")
            elif _LATIN_RE.search(alternative) or not _DIGIT_RE.search(alternative):
                langs.add(group.origin if group.origin in _STEMMED else "en")
    return langs


def margin(score: float, ranked: Sequence[float], *, rank: int = MARGIN_RANK) -> float:
    """``score`` minus the ``rank``-th of the descending ``ranked`` dense scores (the last when fewer)."""
    if not ranked:
        return 0.0
    return score - ranked[min(rank, len(ranked)) - 1]


def agreement(dense_rank: int | None, lexical_rank: int | None) -> float:
    """``1 / worse rank`` of the two sides (ranks from 1); 0 when a side does not rank the hit."""
    if dense_rank is None or lexical_rank is None:
        return 0.0
    return 1.0 / max(dense_rank, lexical_rank)


def asks(question: str) -> AnswerType | None:
    """The kind of answer the question asks for (:data:`ANSWER_TYPES`), or None."""
    for kind in ANSWER_TYPES:
        if any(pattern.search(question) for pattern in kind.question):
            return kind
    return None


def unfit(kind: AnswerType | None, texts: Iterable[str], counted: Sequence[str] = ()) -> float:
    """1.0 when the question asks for ``kind`` and none of the texts (the paragraph's versions) holds one.

    ``counted``: what a "how many" question counts, as the paragraphs may write it (:func:`counted_words`, then
    translated): a count answers only when it counts that ("How many staff…" is not answered by "30 county
    planners"), so a figure must stand next to one of these words (:func:`holds_count`)."""
    if kind is None:
        return 0.0
    texts = list(texts)
    if not any(kind.evidence.search(text) for text in texts):
        return 1.0
    if kind.name == "number" and counted:
        return 0.0 if any(holds_count(text, counted) for text in texts) else 1.0
    return 0.0


_AUXILIARIES = (
    "do does did have has had are were is was will would can could should may might must "
    "of in at on for to from with by into across per over under within during since among between than"
)
_COUNTED = rf"((?:[a-z][\w'-]*\s+){{0,3}}?[a-z][\w'-]*)(?=\s+(?:{'|'.join(_AUXILIARIES.split())})\b|\s*[?,.;:!]|\s*$)"
"""The noun phrase a count asks about, up to the auxiliary or preposition after it, or the question's end."""
_EN_COUNT_RE = re.compile(rf"\bhow many\s+{_COUNTED}", re.I)
_ZH_CLASSIFIERS = "个名项位家套种份条所批轮届层座次例只台辆艘吨"
_EN_NUMBER_OF_RE = re.compile(
    rf"\bwhat (?:is|was) the (?:[a-z-]+ ){{0,2}}(?:number of\s+{_COUNTED}|(population)\b)", re.I
)
_ZH_COUNT_RE = re.compile(rf"(?<!哪)(?:多少|几)[{_ZH_CLASSIFIERS}]?({_CLAUSE}{{1,12}})")
_ZH_VALUE_RE = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?)(?:是|为|有|达|共有|约有)多少[{_ZH_CLASSIFIERS}]?[？?。]?\s*$")
"""A count asked of the noun before it: 内罗毕的人口是多少？ (the noun after the last 的)."""
_FIGURE = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千万亿]+)"
_ZH_COUNT_GAP = 6
"""Characters between a Chinese figure and the word it counts (classifier, 多/余, a modifier: "30 名郡规划人员")."""
_EN_COUNT_GAP = 3
"""Words between an English figure and the word it counts ("30 county planners", "215 civil society organizations")."""


def counted_words(question: str) -> tuple[str, ...]:
    """What a "how many" question counts, as it writes it: the words after "how many" up to the verb, or the
    Chinese clause after 多少/几 and its classifier (哪几 asks which ones, not how many). Empty when the question
    asks no count or names nothing counted ("What is the number of…")."""
    m = _EN_COUNT_RE.search(question) or _EN_NUMBER_OF_RE.search(question)
    if m:
        # The counted noun phrase ends at its plural noun ("How many countries took part?"); without one
        # ("How many staff does…"), it runs to the auxiliary or preposition the pattern stops at.
        words = next(g for g in m.groups() if g).lower().split()
        end = next((i for i, w in enumerate(words) if en.looks_plural(w)), len(words) - 1)
        return tuple(words[: end + 1])
    m = _ZH_COUNT_RE.search(question)
    if m:
        return (m.group(1),)
    m = _ZH_VALUE_RE.search(question)
    return (m.group(1).rsplit("的", 1)[-1],) if m else ()


def holds_count(text: str, counted: Sequence[str]) -> bool:
    """Whether ``text`` writes a figure next to one of the ``counted`` words: a Chinese figure up to
    :data:`_ZH_COUNT_GAP` characters before the word or after it, an English one up to :data:`_EN_COUNT_GAP` words
    before it ("30 county planners") or after it ("organizations numbered 215")."""
    return any(_count_near(word).search(text) for word in counted if word)


@lru_cache(maxsize=1024)
def _count_near(word: str) -> re.Pattern[str]:
    """A figure next to ``word`` (:func:`holds_count`), made once per word: the judgement asks it of every hit."""
    w = re.escape(word)
    if _CJK_RE.search(word):
        near = rf"{_FIGURE}[^。；;\d]{{0,{_ZH_COUNT_GAP}}}{w}|{w}[^。；;\d]{{0,{_ZH_COUNT_GAP}}}{_FIGURE}"
    else:
        gap = rf"(?:[^\W\d]+[\s-]+){{0,{_EN_COUNT_GAP}}}"
        near = rf"\b{_FIGURE}\s*{gap}{w}|\b{w}\w*\s+{gap}{_FIGURE}"
    return re.compile(near, re.I)

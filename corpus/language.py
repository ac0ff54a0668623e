"""Which language a document or paragraph is written in: zh, en, fr, es, ru, ar.

The script decides first (Han characters → ``zh``, Arabic → ``ar``, Cyrillic → ``ru``);
Latin-script text is told apart by its most common function words. Too little text,
or no clear winner, gives ``None`` and the caller asks for ``--lang``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["LANGUAGES", "LanguageGuess", "check_language", "detect_language"]

LANGUAGES = ("zh", "en", "fr", "es", "ru", "ar")
"""The six official UN languages this project recognises."""

_STOPWORDS = {
    "en": frozenset("the of and to in is that for on with by as are was be this from which has have its".split()),
    "fr": frozenset("le la les des du de et en est une un pour dans que qui sur par au aux ont été".split()),
    "es": frozenset("el la los las del de y en es una un para por que con se su al ha han sobre".split()),
}
_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_SAMPLE = 200_000
"""Characters read to decide; the start of a document is enough."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language (or ``None`` when it cannot be told) and why."""

    language: str | None
    evidence: str


def detect_language(text: str, *, min_letters: int = 20) -> LanguageGuess:
    """Detect the language of ``text`` (see the module docstring)."""
    sample = text[:_SAMPLE]
    han = len(_HAN_RE.findall(sample))
    arabic = len(_ARABIC_RE.findall(sample))
    cyrillic = len(_CYRILLIC_RE.findall(sample))
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    latin = sum(len(w) for w in words)
    total = han + arabic + cyrillic + latin
    if total < min_letters:
        return LanguageGuess(None, f"only {total} letters: too little text to tell the language")
    scripts = {"zh": han * 2, "ar": arabic, "ru": cyrillic, "latin": latin}
    best = max(scripts, key=lambda k: scripts[k])
    share = scripts[best] / max(1, sum(scripts.values()))
    if best != "latin":
        return LanguageGuess(best, f"{share:.0%} of the letters are in its script")
    counts = Counter(w for w in words if any(w in s for s in _STOPWORDS.values()))
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (lang, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.5 * second:
        return LanguageGuess(None, f"Latin script, but its function words do not tell which language ({dict(ranked)})")
    return LanguageGuess(lang, f"Latin script; {top} common {lang} function words")


def check_language(value: str) -> str:
    """A language code as given by a user, checked against :data:`LANGUAGES`."""
    from corpus.errors import CorpusError

    code = value.strip().lower()
    if code not in LANGUAGES:
        raise CorpusError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    return code

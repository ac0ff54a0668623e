"""Which language a document or paragraph is written in: zh, en, fr, es, ru, ar.

The script decides first (Han characters → ``zh``, Arabic → ``ar``, Cyrillic → ``ru``);
Latin-script text is told apart by its most common function words (each language's own, in
:mod:`corpus.languages`). Too little text, or no clear winner, gives ``None`` and the caller asks
for ``--lang``; so does text in another script (Greek, Hebrew…), whose evidence says it is not one
of the six official languages (such a document is searched by meaning only: BM25 has no words of it).
Mixed documents are detected paragraph by paragraph (``corpus.loading`` keeps each paragraph's own).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.languages import LANGUAGES, rules
from corpus.layout_words import LANGUAGE_NAMES

__all__ = [
    "LANGUAGES",
    "LanguageGuess",
    "MastheadLanguage",
    "check_language",
    "detect_language",
    "foreign_script",
    "latin_language",
    "masthead_language",
]

_STOPWORDS = {code: rules(code).function_words for code in ("en", "fr", "es")}
_OTHER_SCRIPTS = ("GREEK", "HEBREW", "DEVANAGARI", "THAI", "HANGUL", "HIRAGANA", "KATAKANA", "ARMENIAN", "GEORGIAN")
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
        other = foreign_script(sample)
        if other:
            return LanguageGuess(
                None,
                f"written in {other} script, not one of the six official UN languages "
                "(searched by meaning only: BM25 has no words of it)",
            )
        return LanguageGuess(None, f"only {total} letters: too little text to tell the language")
    scripts = {"zh": han * 2, "ar": arabic, "ru": cyrillic, "latin": latin}
    best = max(scripts, key=lambda k: scripts[k])
    share = scripts[best] / max(1, sum(scripts.values()))
    if best != "latin":
        return LanguageGuess(best, f"{share:.0%} of the letters are in its script")
    lang, ranked = latin_language(words)
    if lang is None:
        return LanguageGuess(None, f"Latin script, but its function words do not tell which language ({ranked})")
    return LanguageGuess(lang, f"Latin script; {ranked[lang]} common {lang} function words")


def latin_language(
    words: Sequence[str], *, min_count: int = 3, ratio: float = 1.5
) -> tuple[str | None, dict[str, int]]:
    """English, French or Spanish by the function words among ``words`` (lower case): the language
    with at least ``min_count`` of them and ``ratio`` times the runner-up's count, else ``None``."""
    counts = Counter(w for w in words if any(w in s for s in _STOPWORDS.values()))
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    ranked = dict(sorted(scores.items(), key=lambda kv: -kv[1]))
    (lang, top), (_, second) = list(ranked.items())[:2]
    if top < min_count or top < ratio * second:
        return None, ranked
    return lang, ranked


def foreign_script(text: str) -> str | None:
    """The name of the script most of ``text``'s letters are in when it is none of the six languages'
    (``Greek``, ``Hebrew``…), else ``None``."""
    seen: Counter[str] = Counter()
    for ch in text[:2000]:
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            script = next((s for s in _OTHER_SCRIPTS if name.startswith(s)), None)
            if script:
                seen[script.title()] += 1
    return seen.most_common(1)[0][0] if seen else None


_NAME_CODES = {unicodedata.normalize("NFC", n).casefold(): code for code, ns in LANGUAGE_NAMES.items() for n in ns}
_ORIGINAL_RE = re.compile(r"\boriginal\W{0,3}\s*(?P<names>[^\W\d_]+(?:\s*/\s*[^\W\d_]+)*)", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_MASTHEAD_LINES = 16
"""Header lines read for the masthead (it stands at the top of the first page)."""


@dataclass(frozen=True, slots=True)
class MastheadLanguage:
    """The languages a UN masthead prints: this version's (``English`` above ``Original: Arabic``) and the
    original's; ``None`` where it prints none (or several)."""

    version: str | None
    original: str | None


def _language_name(word: str) -> str | None:
    return _NAME_CODES.get(unicodedata.normalize("NFC", word.strip(".,;:?")).casefold())


def masthead_language(lines: Sequence[str]) -> MastheadLanguage:
    """What the masthead among a document's first header ``lines`` says of its language.

    A translation prints its own language on a line of the masthead (``Russian``, ``Español``; the reader may
    join it to the line beside it: ``20 June 2025 English``, ``… Distr.: General Security Council English``) and
    its original below (``Original: English``, ``Original : anglais``); a document in its original language
    prints only ``Original: English``, or ``English only``. A letter circulated with an annex in another
    language is a version in the language its masthead names, however long the annex."""
    versions: set[str] = set()
    originals: set[str] = set()
    for line in lines[:_MASTHEAD_LINES]:
        words = line.split()
        original = _ORIGINAL_RE.search(line)
        if original:
            names = [_language_name(n) for n in original.group("names").split("/")]
            if len(names) == 1 and names[0]:
                originals.add(names[0])
            continue
        if not words:
            continue
        if len(words) == 2 and words[1].casefold() == "only":
            words = words[:1]
        code = _language_name(words[-1])
        if code and (len(words) == 1 or "distr" in line.casefold() or _YEAR_RE.search(line)):
            versions.add(code)
    return MastheadLanguage(
        versions.pop() if len(versions) == 1 else None, originals.pop() if len(originals) == 1 else None
    )


def check_language(value: str) -> str:
    """A language code as given by a user, checked against :data:`LANGUAGES`."""
    from corpus.errors import CorpusError

    code = value.strip().lower()
    if code not in LANGUAGES:
        raise CorpusError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    return code

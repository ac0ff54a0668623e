"""Which language a question is in (one of the six official UN languages), and which script it is
written in when it is none of them (to say so rather than guess).

A question is short, so the rules are lighter than for documents (:mod:`corpus.language`): the
script decides Chinese, Russian and Arabic; Latin-script questions are English unless French or
Spanish function and question words (``combien``, ``cuántos``…) or letters (``ñ``, ``ç``, ``¿``)
clearly outweigh the English ones.

>>> detect_language("Combien de personnes sont sans abri ?")
'fr'
>>> detect_language("How many people were homeless in 2022?")
'en'
"""

from __future__ import annotations

import re
import unicodedata

from corpus.language import latin_language
from corpus.symbols import SYMBOL_RE

__all__ = ["OTHER", "SUPPORTED", "detect_language", "detect_script"]

SUPPORTED = ("zh", "en", "fr", "es", "ru", "ar")
"""Question languages: the six official UN languages."""
OTHER = "und"
"""The language of a question in another script (ISO 639-2 "undetermined"): searched by meaning only."""

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_WORD_RE = re.compile(r"[a-zà-öø-ÿ]+")
_LETTER_HINTS = {"es": re.compile(r"[ñ¿¡áíóú]"), "fr": re.compile(r"[çœàèêâîôûëï]|\b(?:[ldjnsc]|qu)['’][a-zà-ÿ]")}
_CITATION_HINTS = {
    "en": re.compile(r"\bpara(?:graph)?s?\.?\s*\d"),
    "fr": re.compile(r"\bpar\.\s*\d|\bparagraphes?\s*\d"),
    "es": re.compile(r"\bp[áa]rr(?:\.|afos?)\s*\d"),
}
_SCRIPTS = {
    "ARABIC": "Arabic",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "HEBREW": "Hebrew",
    "DEVANAGARI": "Devanagari",
    "THAI": "Thai",
    "HANGUL": "Hangul",
    "HIRAGANA": "Japanese kana",
    "KATAKANA": "Japanese kana",
}


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters make up a fair share of the letters; ``ru`` or ``ar`` when most
    letters are Cyrillic or Arabic; ``fr`` or ``es`` when their words clearly lead; ``und`` for a
    question with letters of none of the six languages' scripts; else ``en``."""
    cjk = len(_CJK_RE.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk:
        return "zh" if cjk >= latin_words else "en"
    cyrillic = len(_CYRILLIC_RE.findall(text))
    arabic = len(_ARABIC_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cyrillic or arabic:
        best = max((cyrillic, "ru"), (arabic, "ar"), (latin, "en"))
        if best[1] != "en":
            return best[1]
    if not latin:
        return OTHER if detect_script(text) not in ("digits", "none", "latin", "cjk") else "en"
    lower = SYMBOL_RE.sub(" ", text).lower()  # "HSP/HA.2/4" holds no Spanish "ha"
    words = _WORD_RE.findall(lower)
    lang, counts = latin_language(words, min_count=1, ratio=1.0001)
    for code, hint in _LETTER_HINTS.items():
        if hint.search(lower):
            counts[code] = counts.get(code, 0) + 1
    for code, cited in _CITATION_HINTS.items():
        if cited.search(lower):  # "A/HRC/7/3, par. 12": cited the French way
            counts[code] = counts.get(code, 0) + 2
    best_code = max(counts, key=lambda k: (counts[k], k == "en"))
    if best_code != "en" and counts[best_code] > counts.get("en", 0) and counts[best_code] >= 2:
        return best_code
    return "en"


def detect_script(text: str) -> str:
    """``cjk`` or ``latin`` when the text has Chinese or Latin letters; ``digits`` when it has only
    figures; ``none`` when it has no letter or figure at all (``？？？``, emoji); otherwise the
    name of the script its letters are written in (``Arabic``, ``Cyrillic``…)."""
    if _CJK_RE.search(text):
        return "cjk"
    if _LATIN_RE.search(text):
        return "latin"
    others: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = next((label for key, label in _SCRIPTS.items() if name.startswith(key)), "an unsupported script")
            others[script] = others.get(script, 0) + 1
    if others:
        return max(others, key=lambda k: others[k])
    if any(ch.isdigit() for ch in text):
        return "digits"
    return "none"

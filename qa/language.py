"""Which language a question is in: ``zh`` or ``en`` (enough for choosing the lexical side),
and which script it is written in when it is neither (to say so rather than guess)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SUPPORTED", "detect_language", "detect_script"]

SUPPORTED = ("zh", "en")

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
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
    """``zh`` when Chinese characters make up a fair share of the letters, else ``en``."""
    cjk = len(_CJK_RE.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk == 0:
        return "en"
    return "zh" if cjk >= latin_words else "en"


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

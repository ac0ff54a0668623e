"""Which language a question is in: ``zh`` or ``en`` (enough for choosing the lexical side)."""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters make up a fair share of the letters, else ``en``."""
    cjk = len(_CJK_RE.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk == 0:
        return "en"
    return "zh" if cjk >= latin_words else "en"

"""Spelling correction for the words of an English question that found no translation.

A word that is not in the English frequency dictionary shipped with ``symspellpy`` (82,765
words, from the Google Books n-gram counts, MIT licence) is replaced by its most frequent
neighbour at one edit (a letter deleted, inserted, replaced, or two swapped) *that translates
into a term of the corpus*; a word the dictionary knows is left alone. Only English questions are
corrected: a French, Spanish, Russian or Arabic question is never read as misspelt English
(``qa.query`` asks for corrections only when the question's language is ``en``).

>>> corrector = SpellingCorrector.load()                         # doctest: +SKIP
>>> corrector.correct("peple", accept=lambda w: True)            # doctest: +SKIP
'people'
"""

from __future__ import annotations

import importlib.resources
import threading
from collections.abc import Callable
from pathlib import Path

from qa.exceptions import ConfigurationError

__all__ = ["MIN_LENGTH", "SpellingCorrector", "frequency_dictionary"]

MIN_LENGTH = 4
"""Shorter words are left alone: at one edit they have too many neighbours."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def frequency_dictionary() -> Path:
    try:
        return Path(str(importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"))
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            "the spelling dictionary is missing: install it with `pip install symspellpy`"
        ) from exc


class SpellingCorrector:
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    @classmethod
    def load(cls, path: Path | None = None) -> SpellingCorrector:
        path = path or frequency_dictionary()
        with _lock:
            cached = _loaded.get(str(path))
            if cached is None:
                try:
                    lines = path.read_text(encoding="utf-8").splitlines()
                except OSError as exc:
                    raise ConfigurationError(
                        f"cannot read the spelling dictionary {path} ({exc}): reinstall it with "
                        "`pip install --force-reinstall symspellpy`"
                    ) from exc
                counts: dict[str, int] = {}
                for line in lines:
                    word, _, count = line.partition(" ")
                    if word and count.strip().isdigit():
                        counts[word] = int(count)
                cached = _loaded[str(path)] = cls(counts)
        return cached

    def known(self, word: str) -> bool:
        return word.lower() in self.counts

    def correct(self, word: str, *, accept: Callable[[str], bool]) -> str | None:
        """The likeliest word one edit away that ``accept`` takes, or ``None`` (a known or short word)."""
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.counts or not word.isalpha():
            return None
        candidates = sorted((w for w in _edits1(word) if w in self.counts), key=lambda w: (-self.counts[w], w))
        return next((w for w in candidates if accept(w)), None)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)


_lock = threading.Lock()
_loaded: dict[str, SpellingCorrector] = {}

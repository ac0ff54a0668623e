"""The rules that differ by language, one module per official UN language.

Each module (``ar``, ``en``, ``es``, ``fr``, ``ru``, ``zh``) defines ``RULES``, a
:class:`LanguageRules`: how BM25 analyses its words (Snowball stemmer, stop words), which
function words tell it apart from the other Latin-script languages, how a paragraph is cited
in its UN style (``A/HRC/7/3, par. 12``, ``A/HRC/7/3، الفقرة 12``) and which words name a
paragraph in a question, and how text in it is laid out (``dir``, the HTML ``lang``).

>>> rules("fr").cite("A/HRC/7/3", "12")
'A/HRC/7/3, par. 12'
>>> rules("ar").cite("A/HRC/7/3", "12")
'A/HRC/7/3، الفقرة 12'
>>> rules("de").code                      # outside the six: English rules
'en'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["LANGUAGES", "LanguageRules", "paragraph_reference_re", "rules"]

LANGUAGES = ("zh", "en", "fr", "es", "ru", "ar")
"""The six official UN languages, in the order the project lists them."""


def _plain_subitem(number: str, letter: str) -> str:
    return f"{number} ({letter})"


@dataclass(frozen=True)
class LanguageRules:
    """What one language needs: analysis for BM25, detection hints, citation form, layout."""

    code: str
    """ISO 639-1 code, as ODS and the index name the language."""
    name: str
    """The language's English name (``French``), for messages."""
    stemmer: str | None
    """The Snowball algorithm for its words (``None``: no stemming, Chinese)."""
    stop_words: frozenset[str]
    """Words BM25 drops (lower case; Arabic in normalised form is derived from these)."""
    function_words: frozenset[str] = frozenset()
    """Common short words that tell a Latin-script text's language (detection only)."""
    paragraph_word: str = "para."
    """How a citation names a paragraph: ``para.``, ``par.``, ``párr.``, ``пункт``, ``الفقرة``."""
    comma: str = ", "
    """Between the symbol and the paragraph (Arabic writes ``،``)."""
    paragraph_words: tuple[str, ...] = ()
    """Regular expressions for the words that name a paragraph in a question (with their plurals)."""
    footnote_word: str = "footnote"
    direction: Literal["ltr", "rtl"] = "ltr"
    html_lang: str = ""
    """The HTML ``lang`` attribute (``zh-Hans``); the code when empty."""
    subitem: Callable[[str, str], str] = field(default=_plain_subitem, repr=False)
    """``19``, ``a`` → the sub-paragraph as the language cites it (``19 (a)``, ``19 a)``)."""

    def cite(self, where: str, paragraph: str, letter: str | None = None) -> str:
        """``where`` (a symbol) and a paragraph number (and sub-item letter) in this language's UN style."""
        number = self.subitem(paragraph, letter) if letter else paragraph
        return f"{where}{self.comma}{self.paragraph_word} {number}"

    def cite_footnote(self, citation: str, mark: str) -> str:
        return f"{citation}{self.comma}{self.footnote_word} {mark}"

    @property
    def html(self) -> str:
        return self.html_lang or self.code


def rules(code: str | None) -> LanguageRules:
    """The rules of an official language; English rules for anything else (or ``None``)."""
    return _registry().get(code or "", _registry()["en"])


def paragraph_reference_re() -> re.Pattern[str]:
    """A paragraph named in a question, in any of the six languages' words; group 1 is its number.

    ``para. 12``, ``paragraphs 3``, ``¶ 4``, ``par. 12``, ``paragraphe 12``, ``párr. 12``, ``párrafo 12``,
    ``пункт 12``, ``пункте 12``, ``الفقرة 12`` (Chinese ``第12段`` is matched apart: the number comes first); a
    number within its section too (``para. 25.1``, ``para. 2.3``: :func:`corpus.layout.number_section_paragraphs`).
    """
    return _PARAGRAPH_RE


def _registry() -> dict[str, LanguageRules]:
    global _RULES
    if not _RULES:
        from corpus.languages import ar, en, es, fr, ru, zh

        _RULES = {m.RULES.code: m.RULES for m in (zh, en, fr, es, ru, ar)}
    return _RULES


_RULES: dict[str, LanguageRules] = {}


def _build_paragraph_re() -> re.Pattern[str]:
    from corpus.languages import ar, en, es, fr, ru

    words = [w for m in (en, fr, es, ru, ar) for w in m.RULES.paragraph_words]
    return re.compile(
        r"(?:" + "|".join(words) + r")\s*(\d{1,4}(?:\.\d{1,3}(?!\d))?(?:\s?\(?[a-z]{1,4}\))?)",
        re.I,
    )


_PARAGRAPH_RE = _build_paragraph_re()

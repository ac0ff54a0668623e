"""The same paragraph in the other languages: UN documents share one symbol and one numbering.

Documents with the same symbol and different languages are versions of one document, and
their paragraphs with the same number are versions of one paragraph. :class:`VersionIndex`
maps each paragraph to its versions, and :meth:`VersionIndex.collapse` turns a ranking of
paragraphs into a ranking of *paragraphs across languages*: one hit per paragraph, led by
the version in the wanted language, with the others attached.

>>> index = VersionIndex(paragraphs)                      # doctest: +SKIP
>>> index.collapse([(3, 0.9), (41, 0.8)], prefer="en")   # doctest: +SKIP
[Group(lead=41, score=0.9, others=(3,))]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from corpus.ods import ods_url

__all__ = ["Group", "Version", "VersionIndex", "VersionMismatch"]


class _Citable(Protocol):
    @property
    def doc_id(self) -> str: ...
    @property
    def symbol(self) -> str | None: ...
    @property
    def paragraph(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str: ...
    @property
    def citation_zh(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Version:
    """A paragraph in another language, as a hit carries it."""

    lang: str
    doc_id: str
    paragraph: str | None
    citation: str
    text: str
    ods_url: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "doc_id": self.doc_id,
            "paragraph": self.paragraph,
            "citation": self.citation,
            "text": self.text,
            "ods_url": self.ods_url,
        }


@dataclass(frozen=True, slots=True)
class Group:
    """One paragraph across languages in a ranking: the row that leads and the other versions' rows."""

    lead: int
    score: float
    others: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class VersionMismatch:
    """Paragraph numbers that one language version of a document has and another lacks."""

    symbol: str
    lang: str
    missing: tuple[str, ...]
    """Numbers present in some other version of the document but not in this one."""

    def __str__(self) -> str:
        shown = ", ".join(self.missing[:10]) + (" …" if len(self.missing) > 10 else "")
        return f"{self.symbol} ({self.lang}): no paragraph {shown} though another language version has it"


def paragraph_lang(p: object, default: str = "zh") -> str:
    """A paragraph's language: its own ``lang`` field where the corpus records one."""
    lang = getattr(p, "lang", None)
    return str(lang) if lang else default


def _entry(p: object) -> str | None:
    entry = getattr(p, "entry", None)
    if entry:
        return str(entry)
    number = getattr(p, "paragraph", None)
    return str(number) if number is not None else None


class VersionIndex:
    """``(symbol, paragraph) → {lang: row}`` over a list of paragraphs (rows are list positions)."""

    def __init__(self, paragraphs: Sequence[_Citable], *, doc_lang: dict[str, str] | None = None) -> None:
        self.paragraphs = paragraphs
        self._doc_lang = doc_lang or {}
        self._groups: dict[tuple[str, str], dict[str, int]] = {}
        self._key_of: dict[int, tuple[str, str]] = {}
        for row, p in enumerate(paragraphs):
            entry = _entry(p)
            if not p.symbol or entry is None:
                continue
            key = (p.symbol.upper(), entry)
            langs = self._groups.setdefault(key, {})
            lang = self.lang_of(row)
            if lang in langs:  # two documents of one symbol and one language: not versions of each other
                continue
            langs[lang] = row
            self._key_of[row] = key

    def lang_of(self, row: int) -> str:
        p = self.paragraphs[row]
        return paragraph_lang(p, self._doc_lang.get(p.doc_id, "zh"))

    @property
    def multilingual(self) -> bool:
        """Whether any paragraph has a version in another language."""
        return any(len(langs) > 1 for langs in self._groups.values())

    def rows_of(self, row: int) -> dict[str, int]:
        """Every version of ``row`` by language, itself included."""
        key = self._key_of.get(row)
        return dict(self._groups[key]) if key else {self.lang_of(row): row}

    def version_row(self, row: int, lang: str) -> int | None:
        """The row of ``row``'s paragraph in ``lang``, if that version exists."""
        return self.rows_of(row).get(lang)

    def versions(self, row: int) -> list[Version]:
        """The other language versions of ``row``, in a stable order (zh, en, then the rest)."""
        own = self.lang_of(row)
        out = []
        for lang, other in sorted(self.rows_of(row).items(), key=lambda kv: (_LANG_ORDER.get(kv[0], 9), kv[0])):
            if lang == own:
                continue
            p = self.paragraphs[other]
            out.append(
                Version(
                    lang=lang,
                    doc_id=p.doc_id,
                    paragraph=p.paragraph,
                    citation=p.citation_zh if lang == "zh" else p.citation,
                    text=p.text,
                    ods_url=ods_url(p.symbol, lang),
                )
            )
        return out

    def collapse(
        self, ranked: Iterable[tuple[int, float]], *, prefer: str, keep: Collection[int] | None = None
    ) -> list[Group]:
        """One group per paragraph across languages, in the order of each group's best row.

        The version in ``prefer`` leads where it exists (ranked or not) and, when ``keep`` is
        given (a documents filter), lies inside ``keep``; otherwise the best-ranked row leads.
        """
        groups: dict[tuple[str, str] | int, list[tuple[int, float]]] = {}
        for row, score in ranked:
            key: tuple[str, str] | int = self._key_of.get(row, row)
            groups.setdefault(key, []).append((row, score))
        out = []
        for members in groups.values():
            best_row, best_score = members[0]
            lead = self.version_row(best_row, prefer)
            if lead is None or (keep is not None and lead not in keep):
                lead = best_row
            others = tuple(r for r in self.rows_of(best_row).values() if r != lead)
            out.append(Group(lead=lead, score=best_score, others=others))
        return out

    def mismatches(self) -> list[VersionMismatch]:
        """Per document symbol and language, the paragraph numbers another version has and this one lacks."""
        by_symbol: dict[str, dict[str, set[str]]] = {}
        for (symbol, entry), langs in self._groups.items():
            for lang in langs:
                by_symbol.setdefault(symbol, {}).setdefault(lang, set()).add(entry)
        out = []
        for symbol, per_lang in sorted(by_symbol.items()):
            if len(per_lang) < 2:
                continue
            everything = set().union(*per_lang.values())
            for lang, entries in sorted(per_lang.items()):
                missing = sorted(everything - entries, key=_natural)
                if missing:
                    out.append(VersionMismatch(symbol, lang, tuple(missing)))
        return out


_LANG_ORDER = {"zh": 0, "en": 1, "fr": 2, "es": 3, "ru": 4, "ar": 5}


def _natural(entry: str) -> tuple[int, str]:
    digits = "".join(ch for ch in entry if ch.isdigit())
    return (int(digits) if digits and entry[: len(digits)].isdigit() else 1 << 30, entry)

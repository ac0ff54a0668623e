"""The same paragraph in the other languages: UN documents share one symbol and one numbering.

Documents with the same symbol and different languages are versions of one document, and
their paragraphs with the same number (or entry id) are versions of one paragraph. Any of the six
official languages (and any number of them) can be versions of one symbol; a version's language is
its document's (a quoted sentence in another language inside a paragraph does not move it).
:class:`Versions` turns a ranking of paragraph keys into a ranking of *paragraphs across
languages*: one hit per paragraph, led by the version in the wanted language, with the others
attached. It holds only the document records; it reads the head of the ranking from the index
store as outlines (document, symbol, entry), and whole only the paragraphs it shows and their
versions, so the searcher never needs every paragraph in memory.

>>> versions = Versions(store, documents)                          # doctest: +SKIP
>>> versions.collapse([(3, 0.9), (41, 0.8)], prefer="en", limit=5)  # doctest: +SKIP
Collapsed(groups=[Group(lead=41, score=0.9, others=(3,))], paragraphs={…})
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from corpus.models import Paragraph
from corpus.ods import ods_url
from index.stores.base import IndexStore, Outline

__all__ = ["Collapsed", "Group", "Version", "VersionMismatch", "Versions", "version_mismatches"]


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
    """One paragraph across languages in a ranking: the key that leads and the other versions' keys."""

    lead: int
    score: float
    others: tuple[int, ...]


@dataclass(frozen=True)
class Collapsed:
    """The head of a ranking, one group per paragraph across languages, and the paragraphs it names."""

    groups: list[Group]
    paragraphs: dict[int, Paragraph] = field(repr=False)
    """Every lead and every other version, by key."""


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


class Versions:
    """The language versions of the documents a store holds (symbol → language → doc_id), and the
    paragraph look-ups on top of them."""

    def __init__(self, store: IndexStore, documents: Mapping[str, Mapping[str, Any]]) -> None:
        self.store = store
        self._doc_lang = {d: str(r.get("language") or "zh") for d, r in documents.items()}
        self._docs: dict[str, dict[str, str]] = {}
        """SYMBOL → language → doc_id (two documents of one symbol and one language: the first only)."""
        for doc_id, record in documents.items():
            symbol = str(record.get("symbol") or "").upper()
            if symbol:
                self._docs.setdefault(symbol, {}).setdefault(self._doc_lang[doc_id], doc_id)
        self._docs = {s: langs for s, langs in self._docs.items() if len(langs) > 1}

    @property
    def multilingual(self) -> bool:
        """Whether any document has a version in another language."""
        return bool(self._docs)

    def lang_of(self, p: Paragraph | Outline) -> str:
        """The language of the document version ``p`` belongs to (its own ``lang`` for an unknown document)."""
        return self._doc_lang.get(p.doc_id) or paragraph_lang(p)

    def group_of(self, p: Paragraph | Outline) -> tuple[str, str] | None:
        """``(SYMBOL, entry)`` for a paragraph that can have versions, else None."""
        entry = _entry(p)
        if not p.symbol or entry is None:
            return None
        symbol = p.symbol.upper()
        langs = self._docs.get(symbol)
        if langs is None or langs.get(self.lang_of(p)) != p.doc_id:
            return None
        return (symbol, entry)

    def collapse(
        self,
        ranked: Sequence[tuple[int, float]],
        *,
        prefer: str,
        limit: int,
        keep: Collection[str] | None = None,
        known: Mapping[int, Outline] | None = None,
    ) -> Collapsed:
        """The first ``limit`` groups of ``ranked`` (key, score), in the order of each group's best key.

        The version in ``prefer`` leads where it exists (ranked or not) and, when ``keep`` is given
        (the doc_ids of a documents filter), lies inside ``keep``; otherwise the best-ranked key
        leads. The head of the ranking is read as outlines (``known`` holds those read already), and
        only the paragraphs the groups show (each lead and its other versions) are read whole.
        """
        outlines: dict[int, Outline] = dict(known or {})
        heads: dict[tuple[str, str] | int, tuple[int, float, tuple[str, str] | None]] = {}
        position, step = 0, max(2 * limit, 20)
        while len(heads) < limit and position < len(ranked):
            part = ranked[position : position + step]
            position += step
            outlines.update(self.store.outlines([k for k, _ in part if k not in outlines]))
            for key, score in part:
                o = outlines.get(key)
                if o is None:  # gone from the store since it was ranked
                    continue
                group = self.group_of(o)
                gid: tuple[str, str] | int = group if group is not None else key
                if gid in heads:
                    continue
                if len(heads) == limit:
                    break
                heads[gid] = (key, score, group)

        members = self.members([g for _, _, g in heads.values() if g is not None])
        shown = {best for best, _, _ in heads.values()} | {k for m in members.values() for k in m.values()}
        paragraphs = self.store.get(shown)
        groups = []
        for best, score, group in heads.values():
            if best not in paragraphs:  # gone from the store since its outline was read
                continue
            langs = {lang: k for lang, k in members.get(group, {}).items() if k in paragraphs} if group else {}
            langs[self.lang_of(paragraphs[best])] = best
            lead = langs.get(prefer, best)
            if keep is not None and paragraphs[lead].doc_id not in keep:
                lead = best
            groups.append(Group(lead=lead, score=score, others=tuple(k for k in langs.values() if k != lead)))
        return Collapsed(groups=groups, paragraphs=paragraphs)

    def members(self, groups: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, int]]:
        """Each group's paragraph key per language, in one store look-up."""
        if not groups:
            return {}
        docs = sorted({d for symbol, _ in groups for d in self._docs[symbol].values()})
        found = self.store.find_entries({entry for _, entry in groups}, documents=docs)
        out: dict[tuple[str, str], dict[str, int]] = {}
        for symbol, entry in groups:
            langs = {lang: found.get((doc, entry)) for lang, doc in self._docs[symbol].items()}
            out[(symbol, entry)] = {lang: k for lang, k in langs.items() if k is not None}
        return out

    def versions(self, group: Group, paragraphs: Mapping[int, Paragraph]) -> list[Version]:
        """The other language versions of a group's lead, in a stable order (zh, en, then the rest)."""
        out = []
        for key in group.others:
            p = paragraphs[key]
            lang = self.lang_of(p)
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
        return sorted(out, key=lambda v: (_LANG_ORDER.get(v.lang, 9), v.lang))


def version_mismatches(paragraphs: Iterable[_Citable], *, doc_lang: Mapping[str, str]) -> list[VersionMismatch]:
    """Per document symbol and language, the paragraph numbers another version has and this one lacks."""
    by_symbol: dict[str, dict[str, set[str]]] = {}
    first_doc: dict[tuple[str, str], str] = {}
    for p in paragraphs:
        entry = _entry(p)
        if not p.symbol or entry is None:
            continue
        symbol, lang = p.symbol.upper(), doc_lang.get(p.doc_id) or paragraph_lang(p)
        if first_doc.setdefault((symbol, lang), p.doc_id) != p.doc_id:
            continue  # a second document of one symbol and one language is not a version
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

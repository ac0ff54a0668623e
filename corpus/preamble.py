"""The preamble of a resolution or decision, and how its unnumbered paragraphs are cited.

A resolution opens with its subject on a line of its own — ``The General Assembly,``
(``L’Assemblée générale,``, ``La Asamblea General,``, ``Генеральная Ассамблея,``, ``大会，``,
``إن الجمعية العامة،``) — then its **preambular paragraphs**, unnumbered, each ending with a
comma (``Recalling its resolution 79/6 …,``), then its numbered **operative paragraphs**
(``1. Welcomes …;``). A decision of the Human Rights Council (``A/HRC/DEC/14/105``) or an old
draft (``A/L.632``) has the same opening and numbers no paragraph at all.

The parser (:mod:`corpus.parsing`) starts the body at that opening line (:func:`is_chapeau`),
so the preamble is read, not taken for the header; its paragraphs carry the section
:func:`preamble_label` (``Preamble``, ``序言``…) and get their ids in :mod:`corpus.entries`.

Citation, the way UN texts cite (``the fourth preambular paragraph of resolution 70/1``,
``resolution 2334 (2016), preambular paragraph 5``):

* an operative paragraph: ``A/RES/80/6, para. 3`` (``A/RES/80/6号文件第3段``);
* a preambular paragraph, counted from the first after the opening line:
  ``A/RES/80/6, preambular para. 4`` (``A/RES/80/6号文件序言部分第4段``);
* in a document that numbers no paragraph at all, each paragraph after the opening line by its
  position, marked as unnumbered: ``A/HRC/DEC/14/105, unnumbered para. 3``
  (``A/HRC/DEC/14/105号文件第3个未编号段落``).
"""

from __future__ import annotations

import re

from corpus.layout_words import WORDS, all_languages

__all__ = [
    "PREAMBULAR",
    "UNNUMBERED",
    "is_chapeau",
    "is_preamble_section",
    "preamble_label",
    "resolution_title",
]

PREAMBULAR = "preambular para."
"""The entry id prefix of a preambular paragraph: ``preambular para. 4``."""
UNNUMBERED = "unnumbered para."
"""The entry id prefix of a paragraph in a document that numbers none: ``unnumbered para. 3``."""

_MAX_CHARS = 90
_MAX_WORDS = 12
_COMMAS = (",", "，", "،")
_GENERIC = re.compile(
    r"(?:Assembly|Council|Board|Commission|Conference|Committee|Meeting of the Parties"
    r"|Assemblée|Conseil|Conférence|Comité|Asamblea|Consejo|Comisión|Conferencia|Junta"
    r"|Ассамблея|Совет|Комиссия|Конференция|Комитет"
    r"|大会|理事会|委员会|执行局|人居大会"
    r"|الجمعية|مجلس|اللجنة|المؤتمر)",
    re.IGNORECASE,
)
_PARTIES = re.compile("|".join(f"^(?:{w.parties})" for w in all_languages() if w.parties), re.IGNORECASE)
"""A treaty's subject: its parties (``The States Parties to this Agreement,``, ``本协定缔约国，``), the opening of
its preamble as a body's name opens a resolution's (the forms per language: :mod:`corpus.layout_words`)."""
_DETERMINER = re.compile(r"^(?:The|L['’]|Le|La|Les|El|Los|إن)\b\s*", re.IGNORECASE)
_BODIES = tuple(body.lower() for words in all_languages() for body in words.bodies)
_LABELS = {lang: words.openers[0] for lang, words in WORDS.items() if words.openers}


def is_chapeau(line: str) -> bool:
    """True for the line that opens a resolution's or decision's text: ``The General Assembly,``.

    >>> is_chapeau("The General Assembly,"), is_chapeau("The Human Rights Council,"), is_chapeau("大会，")
    (True, True, True)
    >>> is_chapeau("Recalling its resolution 79/6,"), is_chapeau("General Assembly"), is_chapeau("The General Assembly")
    (False, False, True)
    >>> is_chapeau("The States Parties to this Agreement,"), is_chapeau("Parties to the dispute shall meet.")
    (True, False)
    """
    s = line.strip()
    if len(s) > _MAX_CHARS or len(s.split()) > _MAX_WORDS:
        return False
    if not s.endswith(_COMMAS):
        # "The General Assembly" before a single operative word ("Adopts the following
        # declaration:"): only after an article, never a banner's bare "General Assembly".
        return bool(_DETERMINER.match(s)) and _DETERMINER.sub("", s).strip().lower() in _BODIES
    name = s[:-1].strip()
    if _PARTIES.match(name):
        return True
    lowered = name.lower()
    if lowered in _BODIES or _DETERMINER.sub("", name).strip().lower() in _BODIES:
        # A body's name alone, after an article: "The General Assembly", "L’Assemblée générale".
        return True
    if name in ("大会", "理事会", "执行局", "人居大会"):
        return True
    # Another body: "The UN-Habitat Assembly,", "The Executive Board,": an article, then a
    # capitalised name (no verb, no lower-case word but "of", "and", "on", "the", "for").
    if not _DETERMINER.match(name):
        return False
    words = _DETERMINER.sub("", name).split()
    small = {
        "of",
        "and",
        "on",
        "the",
        "for",
        "to",
        "de",
        "des",
        "du",
        "la",
        "le",
        "y",
        "del",
        "los",
        "las",
        "por",
        "sobre",
    }
    return (
        bool(words) and bool(_GENERIC.search(words[-1])) and all(w[:1].isupper() or w.lower() in small for w in words)
    )


def preamble_label(lang: str) -> str:
    """The section name of a preamble in ``lang``: ``Preamble``, ``Préambule``, ``序言``…"""
    return _LABELS.get(lang, _LABELS.get("en", "Preamble"))


def is_preamble_section(top: str) -> bool:
    """True when a section path's top heading is a preamble (in any official language)."""
    s = top.strip().lower()
    return bool(s) and any(s == label.lower() for label in _LABELS.values())


_ADOPTED_RE = re.compile(r"^(?:Resolution|Decision)s? adopted by\b", re.IGNORECASE)
_NUMBERED_TITLE_RE = re.compile(r"^(?:ES-|S-)?\d{1,3}/\d{1,4}(?:\s*\([IVXLC]+\))?\.?\s+(\S.*)$")
_OPEN_END = {"the", "of", "and", "in", "to", "on", "for", "a", "an", "by", "with", "at", "from", "into"}


def resolution_title(header: list[str]) -> str | None:
    """The title of a resolution or decision: the line numbered ``80/6. Report of the International
    Criminal Court`` under "Resolution adopted by …", without its number (a title that runs onto the
    next line is joined). ``None`` when the header has no such line.

    >>> resolution_title(["Resolution adopted by the General Assembly on 11 November 2025",
    ...                   "80/6. Report of the International Criminal Court"])
    'Report of the International Criminal Court'
    """
    adopted = False
    for i, line in enumerate(header):
        s = line.strip()
        if _ADOPTED_RE.match(s):
            adopted = True
            continue
        m = _NUMBERED_TITLE_RE.match(s) if adopted else None
        if m:
            title = m.group(1).strip()
            nxt = header[i + 1].strip() if i + 1 < len(header) else ""
            if nxt and not is_chapeau(nxt) and (nxt[0].islower() or title.rsplit(" ", 1)[-1].lower() in _OPEN_END):
                title = f"{title} {nxt}"
            for other in header[:i]:
                # A title cut short in a text export is whole in the agenda line ("Agenda item 93 Treaty for …").
                at = other.find(title)
                if at > 0 and len(other) - at > len(title) and re.search(r"\d\s+$", other[:at]):
                    return other[at:].strip()
            return title
    return None

"""English: Snowball (Porter 2) stems; UN citation ``A/HRC/7/3, para. 12``, ``para. 12 (a)``.

BM25's English stop words are the ones ``index.tokenization.STOPWORDS`` always had (kept as they
were so that rankings do not move); the list here is the same words."""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.languages import LanguageRules

RULES = LanguageRules(
    code="en",
    name="English",
    stemmer="english",
    stop_words=frozenset(
        "a an the of and or to in on for by with at from as is are was were be been what which who whom how when "
        "where why did does do has have had its it this that these those there their about into than after before "
        "any all some many much more most".split()
    ),
    function_words=frozenset(
        "the of and to in is that for on with by as are was were be this from which has have its "
        "what how who why when where many much did does".split()
    ),
    paragraph_word="para.",
    paragraph_words=(r"\bpara(?:graph)?s?\.?", r"¶"),
    footnote_word="footnote",
)

PARTICLES = frozenset(
    "about above across after against along among apart around away back before behind below beneath beside "
    "besides between beyond despite down during except inside off onto out outside over past since through "
    "throughout toward towards under underneath until unto up upon within without".split()
)
"""Prepositions and adverb particles: they take their sense from the words around them (``under way``, ``take
over``), so a phrase of the dictionary that holds one is no translation of it alone."""

_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNIT_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEEN_ORDINALS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
)
_TEN_ORDINALS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()


def _number_words() -> tuple[dict[str, int], dict[str, int]]:
    cardinals = {w: i for i, w in enumerate(_UNITS, 1)} | {w: i for i, w in enumerate(_TEENS, 10)}
    ordinals = {w: i for i, w in enumerate(_UNIT_ORDINALS, 1)} | {w: i for i, w in enumerate(_TEEN_ORDINALS, 10)}
    for tens, (ten, tenth) in enumerate(zip(_TENS, _TEN_ORDINALS, strict=True), 2):
        cardinals[ten] = ordinals[tenth] = 10 * tens
        for unit, (one, first) in enumerate(zip(_UNITS, _UNIT_ORDINALS, strict=True), 1):
            cardinals[f"{ten} {one}"] = ordinals[f"{ten} {first}"] = 10 * tens + unit
    return cardinals, ordinals


CARDINALS, ORDINALS = _number_words()
"""English number words from 1 to 99 and their values (``twenty one`` is how ``twenty-one`` reads once its
hyphen splits the words): ``nine`` → 9, ``eleventh`` → 11, ``sixty seventh`` → 67."""

_AMERICAN = (
    (re.compile(r"(gra)mme(s?)$"), r"\1m\2"),  # programme → program
    (re.compile(r"(?<=[a-z]{2}[^aeiou])our(s|ed|ing|er|ers|able|ably|ite|ites|hood|hoods)?$"), r"or\1"),  # labour
    (re.compile(r"(?<=[a-z]{2})tre(s|d)?$"), r"ter\1"),  # centre → center, metre → meter
    (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),  # organise → organize
    (re.compile(r"(?<=[a-z])ys(e|es|ed|ing)$"), r"yz\1"),  # analyse → analyze
    (re.compile(r"(?<=[a-z]{3})ence(s?)$"), r"ense\1"),  # defence → defense
    (re.compile(r"(?<=[a-z]{3})(?:ogue)(s?)$"), r"og\1"),  # catalogue → catalog
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),  # travelled → traveled
)


def american_spelling(word: str) -> str | None:
    """The American spelling of a British-spelt word (``programme`` → ``program``, ``labour`` → ``labor``,
    ``centre`` → ``center``, ``organisation`` → ``organization``, ``defence`` → ``defense``), or ``None``.

    UN English is British (Oxford) English; CC-CEDICT defines its words in American spelling. The rules
    also fire on words that are not British spellings (``promise`` → ``promize``): look the result up beside
    the word as written, never instead of it."""
    lower = word.lower()
    for pattern, replacement in _AMERICAN:
        changed = pattern.sub(replacement, lower)
        if changed != lower:
            return changed
    return None


_IRREGULAR_VERBS = """
arise arose arisen; bear bore borne; become became; begin began begun; break broke broken; bring brought;
build built; buy bought; choose chose chosen; come came; deal dealt; do did done; draw drew drawn;
drive drove driven; fall fell fallen; feel felt; fight fought; find found; flee fled; fly flew flown;
forbid forbade forbidden; forget forgot forgotten; forgive forgave forgiven; freeze froze frozen;
get got gotten; give gave given; go went gone; grow grew grown; have had; hear heard; hide hid hidden;
hold held; keep kept; know knew known; lay laid; lead led; leave left; lend lent; lose lost; make made;
mean meant; meet met; overcome overcame; oversee oversaw overseen; pay paid; rise rose risen; run ran;
say said; see saw seen; seek sought; sell sold; send sent; shake shook shaken; show shown; speak spoke spoken;
spend spent; stand stood; steal stole stolen; strike struck stricken; swear swore sworn; take took taken;
teach taught; tell told; think thought; throw threw thrown; undergo underwent undergone;
understand understood; undertake undertook undertaken; uphold upheld; win won; withdraw withdrew withdrawn;
withhold withheld; write wrote written
"""
IRREGULAR_PAST = {
    form: forms.split()[0] for forms in _IRREGULAR_VERBS.replace("\n", " ").split(";") for form in forms.split()[1:]
}
"""An irregular verb's past forms → the verb (``held`` → ``hold``, ``sought`` → ``seek``): a stemmer leaves them
as they are, and a dictionary defines the verb only."""


IRREGULAR_PLURALS = {"people": "person", "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse"}
"""Irregular plurals → the noun, besides those in ``-men`` (``women`` → ``woman``, ``chairmen`` → ``chairman``)."""
_PLURAL_OF = {one: many for many, one in IRREGULAR_PLURALS.items()}
_MEN_RE = re.compile(r"(?<=[a-z])men$|^men$")


def singular(word: str) -> str | None:
    """The noun of an irregular plural (``women`` → ``woman``, ``children`` → ``child``), or ``None``."""
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lower]
    return _MEN_RE.sub("man", lower) if _MEN_RE.search(lower) else None


def plural(noun: str) -> str | None:
    """The irregular plural of a noun (``woman`` → ``women``, ``child`` → ``children``), or ``None``; look it up
    in a vocabulary, as it may be no word at all."""
    lower = noun.lower()
    if lower in _PLURAL_OF:
        return _PLURAL_OF[lower]
    return lower[:-3] + "men" if lower.endswith("man") else None  # human → humen: a word no text holds


def looks_plural(word: str) -> bool:
    """A plural by its form: an irregular plural (``people``, ``women``) or a word in ``-s`` that is not
    ``-ss``, ``-us`` or ``-is`` (``countries``, ``planners``; not ``progress``, ``status``, ``analysis``)."""
    lower = word.lower()
    if singular(lower) is not None:
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


@lru_cache(maxsize=8192)
def dictionary_form(word: str) -> str | None:
    """The form a dictionary defines a word under when it differs: the verb of an irregular past form
    (``held`` → ``hold``), the noun of an irregular plural (``children`` → ``child``), else the American
    spelling (:func:`american_spelling`); ``None`` when none applies."""
    lower = word.lower()
    return IRREGULAR_PAST.get(lower) or singular(lower) or american_spelling(lower)


MONTHS = {
    name: n
    for n, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
"""Month names → their numbers (``November`` → 11)."""
_MONTH_RE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b", re.I)
_FIGURE_NEAR_RE = re.compile(r"^\s*\d|\d\s*$")
MONTHS_ALSO_WORDS = frozenset({"may", "march"})
"""Month names that are also common words (``may`` a modal, ``march`` a verb)."""


def month_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, month)`` of each month name in ``text``. ``May`` and ``March`` count only as written with
    a capital next to a figure (``in May 2021``, ``5 March``): alone they are also a modal and a verb."""
    spans = []
    for m in _MONTH_RE.finditer(text):
        word = m.group(0)
        if word.lower() in MONTHS_ALSO_WORDS:
            before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 3]
            if not word[0].isupper() or not (_FIGURE_NEAR_RE.search(before) or _FIGURE_NEAR_RE.search(after)):
                continue
        spans.append((m.start(), m.end(), MONTHS[word.lower()]))
    return spans


DEMONYM_SUFFIXES = ("ian", "ean", "ese", "an", "n", "i")
"""How English makes the adjective of a place: ``Brazil-ian``, ``Europ-ean``, ``Sudan-ese``, ``Mexic-an``,
``Africa-n``, ``Iraq-i``."""


def places_of_adjective(word: str) -> tuple[str, ...]:
    """The place names an adjective like ``Palestinian`` may be made from (``palestine``, ``palestin``, …),
    longest suffix first: candidates to look up in a dictionary of names, not words in themselves."""
    lower = word.lower()
    out: list[str] = []
    for suffix in DEMONYM_SUFFIXES:
        base = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(base) >= 3:
            out += [base, base + "a", base + "e", base + "o"]
    return tuple(dict.fromkeys(out))


def adjectives_of_place(place: str) -> tuple[str, ...]:
    """The adjectives English may make from a place name (``palestine`` → ``palestinian``, …; ``africa`` →
    ``african``): candidates to look up in a vocabulary, most of them no word at all."""
    lower = place.lower()
    bases = (lower, lower[:-1]) if lower[-1:] in "aeo" else (lower,)
    return tuple(dict.fromkeys(base + suffix for base in bases for suffix in DEMONYM_SUFFIXES if len(base) >= 3))

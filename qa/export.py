"""Search results as files a delegate can use: CSV, JSON and a citation list to paste into Word.

Every function takes the JSON form of a search (``SearchResult.to_dict()``, what ``POST /ask``
returns), so the CLI, the API and the page export the same thing.

>>> hit = {"citation": "HSP/HA.2/4, para. 19", "text": "In 2022,\\n150 million people were homeless."}
>>> to_citation_list({"results": [hit]})
'HSP/HA.2/4, para. 19 — In 2022, 150 million people were homeless.\\n'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from qa.exceptions import QueryError

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "MEDIA_TYPES",
    "NOT_ANSWERED",
    "csv_cell",
    "export",
    "one_line",
    "to_citation_list",
    "to_csv",
    "to_json",
]

EXPORT_FORMATS = ("json", "csv", "md")
"""The file formats; ``md`` is the citation list (plain lines, also valid Markdown)."""

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "md": "text/markdown"}

CSV_COLUMNS = (
    "rank",
    "citation",
    "citation_zh",
    "text",
    "doc_id",
    "symbol",
    "paragraph",
    "section",
    "score",
    "footnotes",
    "versions",
    "source",
    "lines",
    "ods_url",
    "match",
    "relevance",
    "answered",
)

NOT_ANSWERED = "These documents do not seem to answer this question — closest paragraphs:"
"""What the citation list (and the CLI and the page) say first when ``answered`` is false."""


def one_line(text: str) -> str:
    """A paragraph on one line: line breaks and runs of spaces become one space."""
    return re.sub(r"\s+", " ", text).strip()


def _footnotes(hit: Mapping[str, Any]) -> str:
    notes: Sequence[Mapping[str, Any]] = hit.get("footnotes") or []
    return " ".join(f"[{n.get('mark', '')}] {one_line(str(n.get('text', '')))}" for n in notes)


def _versions(hit: Mapping[str, Any]) -> str:
    versions: Sequence[Mapping[str, Any]] = hit.get("versions") or []
    return " | ".join(
        f"{v.get('lang', '')}: {v.get('citation', '')} — {one_line(str(v.get('text', '')))}" for v in versions
    )


def to_json(result: Mapping[str, Any]) -> str:
    """The search as pretty JSON, non-ASCII kept readable."""
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection")."""


def csv_cell(value: object) -> object:
    """A value as a CSV cell no spreadsheet runs as a formula: text starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'`` (numbers are left as they are).

    >>> csv_cell("=1+2"), csv_cell("- item"), csv_cell(-0.5), csv_cell("HSP/HA.2/4")
    ("'=1+2", "'- item", -0.5, 'HSP/HA.2/4')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(result: Mapping[str, Any]) -> str:
    """One row per hit (columns :data:`CSV_COLUMNS`), with a UTF-8 byte-order mark so Excel reads Chinese.

    No cell starts as a formula would (:func:`csv_cell`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in result.get("results", []):
        row = {
            **{k: hit.get(k) for k in CSV_COLUMNS},
            "text": one_line(str(hit.get("text", ""))),
            "footnotes": _footnotes(hit),
            "versions": _versions(hit),
            "lines": "-".join(str(n) for n in hit.get("lines") or []),
            "answered": "yes" if result.get("answered", True) else "no",
        }
        writer.writerow([csv_cell(row[k]) for k in CSV_COLUMNS])
    return out.getvalue()


def to_citation_list(result: Mapping[str, Any]) -> str:
    """``HSP/HA.2/4, para. 19 — text``, one hit a paragraph, ready to paste into a document."""
    lines = []
    for hit in result.get("results", []):
        line = f"{hit.get('citation', '')} — {one_line(str(hit.get('text', '')))}"
        notes = _footnotes(hit)
        if notes:
            line += f" (footnotes: {notes})"
        lines.append(line)
    if lines and not result.get("answered", True):
        lines.insert(0, NOT_ANSWERED)
    return "\n\n".join(lines) + "\n" if lines else ""


def export(result: Mapping[str, Any], fmt: str) -> str:
    """The search in ``fmt`` (one of :data:`EXPORT_FORMATS`); raises :class:`QueryError` otherwise."""
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "md":
        return to_citation_list(result)
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")

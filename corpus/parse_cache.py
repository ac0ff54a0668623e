"""Parse results kept on disk by file fingerprint, so starting the service does not re-parse the corpus.

One JSON file per parsed document, named by the sha256 of the file's bytes, the parser
version and the options that change the result. The cache only ever writes its own
files (a temporary name, then a rename) into its folder; it never deletes or renames
anything else, and a folder it cannot use is skipped with a warning, not taken over.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.models import Footnote, RawBlock
from corpus.parsing import ParseResult

__all__ = ["CachedParse", "ParseCache"]

log = logging.getLogger(__name__)

_KEY_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class CachedParse:
    """What reading and parsing one file produced."""

    parsed: ParseResult
    symbol: str | None = None
    symbol_evidence: str = ""
    language_hint: str | None = None
    reader_warnings: list[str] = field(default_factory=list)
    format: str = "txt"


def _to_json(item: CachedParse) -> dict[str, Any]:
    p = item.parsed
    return {
        "blocks": [
            {
                "paragraph": b.paragraph,
                "section": list(b.section),
                "text": b.text,
                "lines": list(b.lines),
                "footnotes": [f.to_dict() for f in b.footnotes],
            }
            for b in p.blocks
        ],
        "header_lines": [list(h) for h in p.header_lines],
        "footnotes": [list(f) for f in p.footnotes],
        "warnings": p.warnings,
        "document_footnotes": [f.to_dict() for f in p.document_footnotes],
        "lang": p.lang,
        "symbol": item.symbol,
        "symbol_evidence": item.symbol_evidence,
        "language_hint": item.language_hint,
        "reader_warnings": item.reader_warnings,
        "format": item.format,
    }


def _notes(rows: list[dict[str, str]]) -> tuple[Footnote, ...]:
    return tuple(Footnote(r["mark"], r["text"]) for r in rows)


def _from_json(data: dict[str, Any]) -> CachedParse:
    blocks = [
        RawBlock(
            paragraph=b["paragraph"],
            section=tuple(b["section"]),
            text=b["text"],
            lines=(int(b["lines"][0]), int(b["lines"][1])),
            footnotes=_notes(b["footnotes"]),
        )
        for b in data["blocks"]
    ]
    parsed = ParseResult(
        blocks=blocks,
        header_lines=[(int(n), str(t)) for n, t in data["header_lines"]],
        footnotes=[(int(n), str(t)) for n, t in data["footnotes"]],
        warnings=list(data["warnings"]),
        document_footnotes=list(_notes(data["document_footnotes"])),
        lang=str(data["lang"]),
    )
    return CachedParse(
        parsed=parsed,
        symbol=data["symbol"],
        symbol_evidence=data["symbol_evidence"],
        language_hint=data["language_hint"],
        reader_warnings=list(data["reader_warnings"]),
        format=data["format"],
    )


class ParseCache:
    """``get``/``put`` parse results by key in ``folder`` (created if missing; never cleaned)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.usable = True
        if self.folder.exists() and not self.folder.is_dir():
            log.warning("parse cache: %s is not a folder; parsing without a cache", self.folder)
            self.usable = False

    def _path(self, key: str) -> Path:
        if not _KEY_RE.match(key):
            raise ValueError(f"bad cache key {key!r}")
        return self.folder / f"{key}.json"

    def get(self, key: str) -> CachedParse | None:
        if not self.usable:
            return None
        path = self._path(key)
        try:
            return _from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            log.info("parse cache: %s unreadable (%s); parsing again", path, exc)
            return None

    def put(self, key: str, item: CachedParse) -> None:
        if not self.usable:
            return
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(_to_json(item), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("parse cache: cannot write %s (%s); continuing without caching it", path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()  # our own temporary file

"""Parse time against document size: is parsing linear?

Synthetic documents of 1, 4, 16 and 64 MB are made from the bundled HSP/HA.2/4: its
numbered paragraphs repeated and renumbered (past 1,000, past 10,000), with its
headings and a superscript footnote every 25 paragraphs. Each is parsed once; the
report gives seconds, MB/s and the time per MB as a ratio to the smallest size's
(1.0 everywhere is linear; a quadratic parser doubles it with each doubling of size).

Run: ``python -m eval.bench_parse`` (``--quick`` for 0.25, 0.5 and 1 MB).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus.parsing import parse_text, superscript
from qa.settings import PROJECT_ROOT

__all__ = ["QUICK_SIZES", "SIZES", "bench_parse", "synthetic_document"]

SIZES = (1.0, 4.0, 16.0, 64.0)
QUICK_SIZES = (0.25, 0.5, 1.0)
_SOURCE = PROJECT_ROOT / "corpus" / "000_b5f21519506bdb07.txt"


def _paragraph_texts(source: Path = _SOURCE) -> list[str]:
    from corpus.loading import load_corpus

    corpus = load_corpus(source.parent)
    doc = corpus.documents[source.stem]
    return [p.text.replace("\n", " ") for p in doc.paragraphs if p.paragraph and p.paragraph.isdigit()]


def synthetic_document(megabytes: float, *, texts: Sequence[str] | None = None) -> tuple[str, int]:
    """A UN-style text of about ``megabytes`` MB (UTF-8) and how many numbered paragraphs it holds."""
    pool = list(texts) if texts is not None else _paragraph_texts()
    target = int(megabytes * 1_000_000)
    parts = ["联合国\n\n合成文件\n\n执行主任的报告\n"]
    size = sum(len(p.encode()) for p in parts)
    n = 0
    note = 0
    while size < target:
        if n % 40 == 0:
            heading = f"\n{'一二三四五六七八九十'[(n // 40) % 10]}、 第 {n // 40 + 1} 章\n"
            parts.append(heading)
            size += len(heading.encode())
        n += 1
        text = pool[(n - 1) % len(pool)]
        if n % 25 == 0:
            note += 1
            cut = len(text) // 2
            body = f"\n{n}. {text[:cut]}城市{superscript(str(note))}{text[cut:]}\n\n{superscript(str(note))} 脚注 {note}。\n"
        else:
            body = f"\n{n}. {text}\n"
        parts.append(body)
        size += len(body.encode())
    return "".join(parts), n


def bench_parse(sizes: Sequence[float] = SIZES, *, out: Callable[[str], None] | None = print) -> list[dict[str, float]]:
    """Parse a synthetic document of each size once; print and return the figures."""
    texts = _paragraph_texts()
    rows: list[dict[str, float]] = []
    for mb in sizes:
        text, paragraphs = synthetic_document(mb, texts=texts)
        started = time.perf_counter()
        result = parse_text(text, lang="zh")
        seconds = time.perf_counter() - started
        found = sum(1 for b in result.blocks if b.paragraph)
        real_mb = len(text.encode()) / 1e6
        rows.append(
            {
                "mb": round(real_mb, 2),
                "paragraphs": paragraphs,
                "parsed_paragraphs": found,
                "seconds": round(seconds, 3),
                "mb_per_s": round(real_mb / seconds, 2) if seconds else 0.0,
            }
        )
    base = rows[0]["seconds"] / rows[0]["mb"] if rows and rows[0]["mb"] else 0.0
    for row in rows:
        row["per_mb_ratio"] = round((row["seconds"] / row["mb"]) / base, 2) if base else 0.0
        if out is not None:
            out(
                f"{row['mb']:>7.2f} MB  {int(row['paragraphs']):>7} paragraphs ({int(row['parsed_paragraphs'])} parsed)  "
                f"{row['seconds']:>8.2f} s  {row['mb_per_s']:>6.2f} MB/s  time per MB ×{row['per_mb_ratio']:.2f} "
                "of the smallest"
            )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="0.25, 0.5 and 1 MB only")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    rows = bench_parse(QUICK_SIZES if args.quick else SIZES)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()

"""The cost of adding one document, as a ratio to embedding its paragraphs with the bare engine.

One bundled document (HSP/HA.2/4) is added with ``qa add`` (typer's CliRunner, in this
process, so the model is loaded and warm) twice, each into a fresh temporary corpus that
holds another bundled document (004) and an index already built, with an empty embedding
cache so that the new document's paragraphs really are embedded:

* as a UN-layout PDF made with fpdf2 (the test suite's generator, ``tests/fixtures/un_files.py``),
* as its ``.txt`` (with ``--symbol``, as it does not print its symbol).

In the same run the same paragraph texts are encoded with ``Embedder.encode_passages`` (the
bare engine, no corpus, cache or index). ``ratio`` is the add's wall time over that; the
difference is reading and parsing the file (twice: the check before copying and the load for
the index), loading the corpus, BM25 and FAISS, and writing the index. Reading and parsing
the file alone is timed too.

Run: ``python -m eval.bench_add`` (writes ``eval/benchmarks/add.json``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from index.embedding import get_embedder
from qa.settings import PROJECT_ROOT

__all__ = ["bench_add", "make_pdf"]

CORPUS = PROJECT_ROOT / "corpus"
DOCUMENT = "000_b5f21519506bdb07.txt"
SYMBOL = "HSP/HA.2/4"
BASE = "004_723cbf81696a18db.txt"
OUT = PROJECT_ROOT / "eval" / "benchmarks" / "add.json"
_REFRESHED_RE = re.compile(r"index refreshed: (\d+) paragraphs of \d+ documents \((\d+) embedded, (\d+) from cache\)")


def make_pdf(folder: Path) -> Path:
    """HSP/HA.2/4 as a UN-layout PDF (fpdf2 and Noto CJK), as the test suite makes it."""
    from tests.fixtures.un_files import cjk_ttf, from_corpus_text, render_pdf

    doc = from_corpus_text(CORPUS / DOCUMENT, symbol=SYMBOL, name="000")
    font = cjk_ttf(
        folder / "font.ttf",
        [doc.plain_text + "".join(t for _, t in doc.footnotes) + doc.symbol + "".join(doc.masthead), "联合国"],
    )
    return render_pdf(doc, folder / "HSP-HA.2-4.pdf", font=font).path


def _add_once(path: Path, work: Path, extra: Sequence[str]) -> dict[str, Any]:
    """``qa add`` of ``path`` into a fresh corpus (004 + its index, empty embedding cache); timed."""
    from typer.testing import CliRunner

    from qa.cli import app

    folder = work / "corpus"
    folder.mkdir(parents=True)
    (folder / BASE).write_bytes((CORPUS / BASE).read_bytes())
    env = {
        "QA_CORPUS_DIR": str(folder),
        "QA_INDEX_DIR": str(work / "index"),
        "QA_PARSE_CACHE_DIR": str(work / "parse-cache"),
        "QA_CACHE_PATH": str(work / "embeddings.sqlite"),
    }
    runner = CliRunner()
    built = runner.invoke(app, ["index"], env=env)
    if built.exit_code != 0:
        raise RuntimeError(built.output)
    started = time.perf_counter()
    result = runner.invoke(app, ["add", str(path), *extra], env=env)
    seconds = time.perf_counter() - started
    found = _REFRESHED_RE.search(" ".join(result.output.split()))
    if result.exit_code != 0 or found is None:
        raise RuntimeError(result.output)
    return {"seconds": seconds, "paragraphs_indexed": int(found.group(1)), "embedded": int(found.group(2))}


def _parse_seconds(path: Path) -> tuple[float, list[str]]:
    """Reading and parsing the file alone (no cache), and the paragraph texts it gives."""
    from corpus.loading import read_and_parse

    started = time.perf_counter()
    item, _ = read_and_parse(path)
    return time.perf_counter() - started, [b.text for b in item.parsed.blocks]


def bench_add(*, repeats: int = 1, out: Callable[[str], None] | None = print) -> dict[str, Any]:
    """Measure adding HSP/HA.2/4 as PDF and as text against embedding its paragraphs; see the module docstring."""
    embedder = get_embedder()
    embedder.encode_passages(["热身 warm-up"] * 4)  # load and warm the model before any timing
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="qa-bench-add-") as tmp:
        root = Path(tmp)
        files = {"pdf": (make_pdf(root), ()), "txt": (CORPUS / DOCUMENT, ("--symbol", SYMBOL))}
        for kind, (path, extra) in files.items():
            parse_s, texts = _parse_seconds(path)
            adds, embeds = [], []
            for i in range(repeats):
                started = time.perf_counter()
                embedder.encode_passages(texts)
                embeds.append(time.perf_counter() - started)
                adds.append(_add_once(path, root / f"{kind}-{i}", extra))
            add_s = statistics.median(a["seconds"] for a in adds)
            embed_s = statistics.median(embeds)
            row = {
                "format": kind,
                "file_bytes": path.stat().st_size,
                "paragraphs": len(texts),
                "embedded_by_add": adds[0]["embedded"],
                "add_seconds": round(add_s, 3),
                "bare_embed_seconds": round(embed_s, 3),
                "read_parse_seconds": round(parse_s, 3),
                "ratio": round(add_s / embed_s, 2),
                "repeats": repeats,
            }
            rows.append(row)
            if out is not None:
                out(
                    f"{kind}: {row['paragraphs']} paragraphs ({row['embedded_by_add']} embedded by qa add)  "
                    f"qa add {row['add_seconds']:.2f} s  bare embedding {row['bare_embed_seconds']:.2f} s  "
                    f"ratio ×{row['ratio']:.2f}  (read + parse alone {row['read_parse_seconds']:.2f} s)"
                )
    return {"document": SYMBOL, "model": embedder.name, "rows": rows}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="runs of each measurement (the median is kept)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the JSON figures (default {OUT})")
    args = parser.parse_args(argv)
    figures = bench_add(repeats=args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":  # pragma: no cover
    main()

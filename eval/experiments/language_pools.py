"""Experiment (issue 21, item 4): a dense pool per document language in a corpus of several languages.

The multilingual model's cosines are higher within one language than across languages. In a corpus of
Chinese and English documents the best ``POOL`` cosines of a question are nearly all in its own language,
and an English question whose answer is in a Chinese document finds it (if at all) through BM25 alone.
``Searcher.language_pools`` (shipped on) searches each document language's pool and reads each cosine
against its pool's mean (:func:`qa.fusion.standing`); a paragraph with a version in the question's
language is read in that language. This runs ``qa eval``'s evaluation (hybrid) with it off and on.

Corpora of both languages are made by linking the files of two corpus folders into one
(:func:`mixed_corpus`): the bundled Chinese documents with the real English UPR documents
(``eval/corpora/un-en``, files not committed), and ``eval/corpora/bilingual`` as it is::

    python -m eval.experiments.language_pools --mix corpus eval/corpora/un-en --index-dir var/mixed-index \\
        eval/questions/tune.jsonl eval/questions/crosslingual.jsonl:tune --out var/language-pools.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from eval.datasets import load_question_set
from eval.runner import evaluate
from qa.service import open_searcher
from qa.settings import Settings

__all__ = ["main", "mixed_corpus"]

_SUFFIXES = {".txt", ".pdf", ".docx"}


def mixed_corpus(folders: list[Path], out: Path) -> Path:
    """A corpus folder at ``out`` whose files link to those of ``folders``, with their ``documents.toml``
    tables together (each folder's comments left out)."""
    out.mkdir(parents=True, exist_ok=True)
    tables: list[str] = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in _SUFFIXES:
                link = out / path.name
                if link.is_symlink() or link.exists():
                    link.unlink()
                link.symlink_to(path.resolve())
        toml = folder / "documents.toml"
        if toml.is_file():
            lines = toml.read_text(encoding="utf-8").splitlines()
            tables.append("\n".join(line for line in lines if not line.lstrip().startswith("#")))
    (out / "documents.toml").write_text("\n\n".join(tables) + "\n", encoding="utf-8")
    return out


def _subset(spec: str, scratch: Path) -> Path:
    """``FILE`` or ``FILE:SPLIT`` (only that split's questions, written to ``scratch``)."""
    path, _, split = spec.partition(":")
    if not split:
        return Path(path)
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    out = scratch / f"{Path(path).stem}-{split}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if r.get("split") == split), "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("questions", nargs="+", help="question sets, FILE or FILE:SPLIT")
    parser.add_argument("--corpus-dir", type=Path, help="a corpus folder of several languages")
    parser.add_argument("--mix", type=Path, nargs="+", help="corpus folders linked into one (instead of --corpus-dir)")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if args.mix:
            corpus_dir = mixed_corpus(args.mix, args.index_dir.with_name(args.index_dir.name + "-corpus"))
        elif args.corpus_dir:
            corpus_dir = args.corpus_dir
        else:
            parser.error("give --corpus-dir or --mix")
        settings = Settings(corpus_dir=corpus_dir, index_dir=args.index_dir)
        searcher = open_searcher(settings)
        results: dict[str, Any] = {"corpus": str(corpus_dir), "languages": sorted(searcher.documents_by_language)}
        for spec in args.questions:
            qset = load_question_set(_subset(spec, scratch))
            row: dict[str, Any] = {}
            for pools in (False, True):
                searcher.language_pools = pools
                report = evaluate(qset, searcher, modes=["hybrid"], progress=False)
                row["pools" if pools else "one pool"] = {
                    lang: {k: round(v, 4) for k, v in m.items() if k in ("mrr@10", "recall@5")}
                    for lang, m in report.metrics["hybrid"].items()
                }
            results[spec] = row
            print(spec, json.dumps(row))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

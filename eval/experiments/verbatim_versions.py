"""Check (issue 20): a verbatim sentence of any language version finds its paragraph first, led by that version.

A corpus is made of a base folder (default: the bundled documents) and the language versions of real documents
(files not committed: ``eval/corpora/un/files/``). Each paragraph's (or unnumbered entry's) opening sentences (:func:`opening`, at least five words) are asked
as a question; a hit counts when the first result is that paragraph, and again when the version that leads it is
the question's language. It runs with a dense pool per document language (shipped) and with one pool
(``Searcher.language_pools``), so the seventh session's pools are checked on real documents of six languages::

    python -m eval.experiments.verbatim_versions eval/corpora/un/files/udhr_*.txt --symbol "A/RES/217(III)" \\
        eval/corpora/un/files/ISBA_19_C_17-*.pdf --index-dir var/verbatim-index --out var/verbatim.json

Text files print no symbol: ``--symbol`` gives theirs (PDFs are read for their own).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

from corpus.language import detect_language
from eval.experiments.language_pools import mixed_corpus
from index.stores.base import entry_id
from index.tokenization import tokenize
from qa.service import open_searcher
from qa.settings import Settings

__all__ = ["main", "opening"]

_SENTENCE_RE = re.compile(r"(.+?(?:[.!?؟](?=\s|$)|[。！？]))")


def opening(text: str, *, min_words: int = 5, limit: int = 300) -> str:
    """The paragraph's first sentences, as few as hold ``min_words`` words (the index's tokens, stop words
    included, so that a short Chinese sentence counts as an English one of the same content), at most ``limit``
    characters; the whole paragraph when it has no sentence end."""
    text = text.strip()
    end = len(text)
    for m in _SENTENCE_RE.finditer(text):
        if len(tokenize(text[: m.end()], keep_stopwords=True)) >= min_words:
            end = m.end()
            break
    return text[:end].strip()[:limit]


def _corpus(base: Path, files: list[Path], symbol: str | None, out: Path) -> Path:
    corpus = mixed_corpus([base], out)
    toml = (corpus / "documents.toml").read_text(encoding="utf-8")
    for path in files:
        link = corpus / path.name
        if link.is_symlink() or link.exists():
            link.unlink()
        if path.suffix.lower() == ".txt" and symbol:
            link.symlink_to(path.resolve())  # listed below, as a link out of the folder must be
            lang = detect_language(path.read_text(encoding="utf-8")[:2000]).language
            toml += (
                f'\n[[document]]\ndoc_id = "{path.stem}"\nfile = "{path.name}"\nsymbol = "{symbol}"\n'
                f'symbol_source = "header"\nsymbol_evidence = "given: --symbol"\nlanguage = "{lang}"\n'
            )
        else:
            shutil.copyfile(path, link)  # read for its own symbol and language, as an upload would be
    (corpus / "documents.toml").write_text(toml, encoding="utf-8")
    return corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", type=Path, nargs="+", help="the language versions (PDF or text)")
    parser.add_argument("--symbol", help="the symbol of the text files (which print none)")
    parser.add_argument("--base", type=Path, default=Path("corpus"), help="the corpus they join (default: bundled)")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_intermixed_args(argv)
    corpus = _corpus(args.base, args.files, args.symbol, args.index_dir.with_name(args.index_dir.name + "-corpus"))
    searcher = open_searcher(Settings(corpus_dir=corpus, index_dir=args.index_dir))
    names = {p.stem for p in args.files}
    questions: list[tuple[str, str, str, str]] = []  # (doc_id, language, entry, sentence)
    for record in searcher.store.documents:
        if record["doc_id"] in names:
            for p in searcher.store.document_paragraphs(record["doc_id"]):
                sentence = opening(p.text)
                if len(tokenize(sentence, keep_stopwords=True)) >= 5:
                    questions.append((p.doc_id, str(record.get("language")), entry_id(p), sentence))
    results: dict[str, Any] = {"corpus": str(corpus), "languages": sorted(searcher.documents_by_language)}
    for pools in (True, False):
        searcher.language_pools = pools
        by_lang: dict[str, dict[str, Any]] = {}
        for doc_id, lang, number, sentence in questions:
            top = searcher.search(sentence, top_k=1).hits[0]
            found = top.entry == number and doc_id in {top.doc_id, *(v.doc_id for v in top.versions)}
            row = by_lang.setdefault(
                lang, {"sentences": 0, "paragraph_first": 0, "led_by_own_language": 0, "misses": []}
            )
            row["sentences"] += 1
            row["paragraph_first"] += found
            row["led_by_own_language"] += found and top.lang == lang
            if not (found and top.lang == lang):
                row["misses"].append(
                    {"doc_id": doc_id, "entry": number, "question": sentence, "first": top.citation, "lang": top.lang}
                )
        results["pools" if pools else "one pool"] = by_lang
        for lang, row in by_lang.items():
            print(
                f"{'pools' if pools else 'one pool'} {lang}: {row['sentences']} sentences, paragraph first "
                f"{row['paragraph_first']}, led by its own language {row['led_by_own_language']}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

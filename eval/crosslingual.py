"""The cross-lingual evaluation corpus: real English UN documents for Chinese questions.

``eval/corpora/un-en/documents.toml`` lists the English UN documents of ``eval/corpora/un/files/``
that print numbered paragraphs; the folder's files are relative links into ``../un/files/``. The
files are fetched data and are not committed (``eval/corpora/un/SOURCES.md``): when they are
kept elsewhere (``$QA_UN_DOCUMENTS``, ``../shared/un-documents``), :func:`un_en_corpus` lays out
the same corpus folder with links to that place::

    folder = un_en_corpus(Path("var/un-en"))          # eval/corpora/un-en itself when the links resolve
    QA_CORPUS_DIR=var/un-en QA_INDEX_DIR=var/un-en-index qa index
    qa eval eval/questions/crosslingual.jsonl -m hybrid --index-dir var/un-en-index
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from eval.readers import documents_folder
from qa.exceptions import EvaluationError

__all__ = ["UN_EN", "listed_files", "missing_files", "un_en_corpus"]

UN_EN = Path(__file__).resolve().parent / "corpora" / "un-en"


def listed_files(folder: Path = UN_EN) -> list[str]:
    """The file names ``documents.toml`` lists, in its order."""
    manifest = tomllib.loads((folder / "documents.toml").read_text(encoding="utf-8"))
    return [str(entry["file"]) for entry in manifest.get("document", [])]


def missing_files(source: Path) -> list[str]:
    """The listed files that ``source`` does not hold."""
    return [name for name in listed_files() if not (source / name).is_file()]


def un_en_corpus(out: Path, *, source: Path | None = None) -> Path:
    """A corpus folder of the listed documents: ``eval/corpora/un-en`` itself when its links resolve
    (and no other ``source`` is asked for), else ``out`` with the manifest and links into ``source``
    (default: :func:`eval.readers.documents_folder`). :class:`EvaluationError` when files are missing."""
    names = listed_files()
    if source is None and all((UN_EN / name).is_file() for name in names):
        return UN_EN
    source = (source or documents_folder()).resolve()
    missing = missing_files(source)
    if missing:
        raise EvaluationError(
            f"{source} lacks {len(missing)} of the {len(names)} documents of eval/corpora/un-en "
            f"(first: {missing[0]}); see eval/corpora/un/SOURCES.md for where they come from"
        )
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(UN_EN / "documents.toml", out / "documents.toml")
    for name in names:
        link = out / name
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(source / name, link)
    return out

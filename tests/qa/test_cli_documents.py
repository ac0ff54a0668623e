"""`qa add` / `qa show` / `qa remove` of generated UN PDF and Word files: real readers, model and FAISS.

The temporary corpus holds one small bundled document (004) and has its own, empty embedding
cache, so what the build report says was embedded is exactly what adding the new file cost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from corpus.loading import Corpus
from qa.cli import app
from qa.retrieval import Searcher
from qa.settings import Settings
from tests.conftest import CORPUS_DIR
from tests.fixtures.un_files import RenderedPdf

runner = CliRunner()

BUNDLED = "004_723cbf81696a18db.txt"
HSP_HA_2_4 = "000_b5f21519506bdb07"
"""The bundled text of HSP/HA.2/4, rendered as ``un_pdfs["000"]`` and ``un_docx["000"]``."""


def _env(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / BUNDLED).write_bytes((CORPUS_DIR / BUNDLED).read_bytes())
    return {
        "QA_CORPUS_DIR": str(folder),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_PARSE_CACHE_DIR": str(tmp_path / "parse-cache"),
        "QA_CACHE_PATH": str(tmp_path / "embeddings.sqlite"),
    }


def _flat(text: str) -> str:
    return " ".join(text.split())  # rich wraps long lines


def _comparable(paragraphs: object) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(entry, text without whitespace, [(mark, footnote text without whitespace)])`` per paragraph."""
    return [
        (p.entry, re.sub(r"\s+", "", p.text), [(f.mark, re.sub(r"\s+", "", f.text)) for f in p.footnotes])
        for p in paragraphs  # type: ignore[attr-defined]
    ]


def _add(env: dict[str, str], path: Path, *args: str) -> tuple[str, int, int, int]:
    """Run `qa add`; return its output, the paragraphs indexed, and how many were embedded / from cache."""
    result = runner.invoke(app, ["add", str(path), *args], env=env)
    assert result.exit_code == 0, result.output
    out = _flat(result.output)
    refreshed = re.search(r"index refreshed: (\d+) paragraphs of 2 documents \((\d+) embedded, (\d+) from cache\)", out)
    assert refreshed is not None, out
    total, embedded, cached = (int(x) for x in refreshed.groups())
    return out, total, embedded, cached


def test_qa_add_pdf_then_docx_of_a_bundled_document(
    tmp_path: Path, un_pdfs: dict[str, RenderedPdf], un_docx: dict[str, Path], corpus: Corpus
) -> None:
    env = _env(tmp_path)
    built = runner.invoke(app, ["index"], env=env)
    assert built.exit_code == 0, built.output
    bundled = len(corpus.documents[BUNDLED.removesuffix(".txt")].paragraphs)
    txt = corpus.documents[HSP_HA_2_4]

    # The PDF: what was found is printed, and only its paragraphs are embedded.
    out, total, embedded, cached = _add(env, un_pdfs["000"].path)
    assert "000.pdf: added 000_" in out
    assert re.search(r"symbol: HSP/HA\.2/4 — header: \S", out), out
    assert "language: zh" in out
    assert f"{txt.numbered_count} numbered paragraphs, {len(txt.paragraphs)} entries, " in out
    assert f"{txt.footnote_count} footnotes" in out
    assert total == bundled + len(txt.paragraphs)
    assert (embedded, cached) == (len(txt.paragraphs), bundled)  # a fresh cache: the new document, nothing else

    # In the index: the same paragraphs as the .txt (numbers, text up to whitespace, footnotes).
    settings = Settings(
        corpus_dir=Path(env["QA_CORPUS_DIR"]),
        index_dir=Path(env["QA_INDEX_DIR"]),
        parse_cache_dir=Path(env["QA_PARSE_CACHE_DIR"]),
        cache_path=Path(env["QA_CACHE_PATH"]),
    )
    searcher = Searcher.open(settings)
    added = searcher.resolve_document("HSP/HA.2/4")
    assert added.startswith("000_") and added != HSP_HA_2_4
    pdf_texts = {p.text for p in searcher.document_paragraphs(added)}
    assert _comparable(searcher.document_paragraphs(added)) == _comparable(txt.paragraphs)

    # A question about footnote 5's content (the six pilot cities) finds paragraph 40.
    ask = runner.invoke(app, ["ask", "赫尔辛基和坦佩雷参与了什么试运行？", "--json"], env=env)
    assert ask.exit_code == 0, ask.output
    hits = json.loads(ask.stdout)["results"]
    assert hits[0]["citation"] == "HSP/HA.2/4, para. 40", [h["citation"] for h in hits]
    assert hits[0]["footnotes"][0]["mark"] == "5" and "坦佩雷" in hits[0]["footnotes"][0]["text"]

    shown = runner.invoke(app, ["show", "HSP/HA.2/4", "40"], env=env)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("HSP/HA.2/4, para. 40")
    assert "5 赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。 [HSP/HA.2/4, para. 40, footnote 5]" in _flat(
        shown.stdout
    )

    # The same PDF again changes nothing; the Word file of the same symbol is refused without --replace.
    again = runner.invoke(app, ["add", str(un_pdfs["000"].path)], env=env)
    assert again.exit_code == 0 and f"already indexed as {added} (HSP/HA.2/4); nothing changed" in _flat(again.stdout)
    conflict = runner.invoke(app, ["add", str(un_docx["000"])], env=env)
    assert conflict.exit_code == 2
    assert f"HSP/HA.2/4 (zh) is already in the corpus as {added}" in _flat(conflict.output)
    assert "--replace" in _flat(conflict.output)

    removed = runner.invoke(app, ["remove", "HSP/HA.2/4"], env=env)
    assert removed.exit_code == 0, removed.output
    assert f"removed {added}" in removed.stdout
    assert f"index refreshed: {bundled} paragraphs of 1 documents" in removed.stdout
    assert sorted(p.name for p in Path(env["QA_CORPUS_DIR"]).iterdir()) == [BUNDLED, "added.toml"]
    gone = runner.invoke(app, ["show", "HSP/HA.2/4", "40"], env=env)
    assert gone.exit_code == 2 and "unknown document" in gone.output

    # The Word file: its vectors come from the cache where its text is exactly the PDF's; the PDF's
    # line joins may differ in whitespace (a space lost before a Latin word), and those are embedded.
    out, total, embedded, cached = _add(env, un_docx["000"])
    assert "000.docx: added 000_" in out and re.search(r"symbol: HSP/HA\.2/4 — header: \S", out), out
    assert f"{txt.numbered_count} numbered paragraphs, {len(txt.paragraphs)} entries, " in out
    searcher = Searcher.open(settings)
    docx_id = searcher.resolve_document("HSP/HA.2/4")
    new_texts = [p.text for p in searcher.document_paragraphs(docx_id) if p.text not in pdf_texts]
    assert len(new_texts) < len(txt.paragraphs) // 10
    assert (total, embedded, cached) == (bundled + len(txt.paragraphs), len(new_texts), total - len(new_texts))
    assert _comparable(searcher.document_paragraphs(docx_id)) == _comparable(txt.paragraphs)
    shown = runner.invoke(app, ["show", "HSP/HA.2/4", "40"], env=env)
    assert shown.exit_code == 0 and "[HSP/HA.2/4, para. 40, footnote 5]" in _flat(shown.stdout)


def test_qa_add_symbol_override_and_unreadable_files(
    tmp_path: Path, un_pdfs: dict[str, RenderedPdf], un_docx: dict[str, Path]
) -> None:
    from tests.fixtures.bad_files import encrypted_pdf, scanned_pdf

    env = _env(tmp_path)
    assert runner.invoke(app, ["index"], env=env).exit_code == 0
    out, _, embedded, _ = _add(env, un_pdfs["english"].path, "--symbol", "HSP/EB.2023/99")
    assert "symbol: HSP/EB.2023/99 — manifest: given with --symbol" in out
    assert "language: en" in out and "4 footnotes" in out
    counts = re.search(r"(\d+) numbered paragraphs, (\d+) entries", out)
    assert counts is not None and counts.group(1) == "7", out
    assert embedded == int(counts.group(2))  # the index was built first, with a fresh cache: only these

    folder = Path(env["QA_CORPUS_DIR"])
    before = sorted(p.name for p in folder.iterdir())
    scan, locked = scanned_pdf(tmp_path / "scan.pdf"), encrypted_pdf(tmp_path / "locked.pdf")
    result = runner.invoke(app, ["add", str(scan), str(locked)], env=env)
    assert result.exit_code == 2
    output = _flat(result.output)
    assert "scan.pdf has no text layer (a scanned image?); no OCR is done" in output
    assert "locked.pdf is an encrypted (password-protected) PDF" in output
    assert "Traceback" not in output and "index refreshed" not in output
    assert sorted(p.name for p in folder.iterdir()) == before
    ask = runner.invoke(app, ["ask", "Helsinki Mechelen Gdansk Vantaa Vilnius Tampere pilot", "--json"], env=env)
    assert json.loads(ask.stdout)["results"][0]["citation"] == "HSP/EB.2023/99, para. 3"


def test_qa_add_into_a_read_only_corpus_blames_the_corpus_folder(tmp_path: Path) -> None:
    """Issue 19: the disk's EROFS was reported as "<source file>: cannot be read"."""
    import os
    import subprocess
    import sys

    from qa.settings import PROJECT_ROOT

    env = _env(tmp_path)
    corpus = Path(env["QA_CORPUS_DIR"])
    source = tmp_path / "report.txt"
    source.write_bytes((PROJECT_ROOT / "tests" / "corpus" / "data" / "en_only_report.txt").read_bytes())
    script = f'mount --bind "{corpus}" "{corpus}" && mount -o remount,bind,ro "{corpus}" && exec "$@"'
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", sys.executable, "-m"]
        + ["qa.cli", "add", str(source)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env, "COLUMNS": "400"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    err = _flat(result.stderr)
    assert result.returncode == 2, err
    assert f"cannot write to the corpus folder {corpus}: the corpus folder is on a read-only file system" in err
    assert "cannot be read" not in err and "Traceback" not in err
    assert sorted(p.name for p in corpus.iterdir()) == [BUNDLED]


def test_qa_remove_of_an_entry_pointing_outside_the_corpus_deletes_nothing(tmp_path: Path) -> None:
    import hashlib

    env = _env(tmp_path)
    corpus = Path(env["QA_CORPUS_DIR"])
    outside = tmp_path / "outside.txt"
    outside.write_text("1. Not the service's.\n", encoding="utf-8")
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    (corpus / "added.toml").write_text(
        f'[[document]]\ndoc_id = "x"\nfile = "../outside.txt"\nsha256 = "{digest}"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["remove", "x"], env=env)
    out = _flat(result.output)
    assert (
        result.exit_code == 2 and "not a file directly inside the corpus folder" in out and "nothing was deleted" in out
    )
    assert outside.read_text(encoding="utf-8") == "1. Not the service's.\n"
    assert sorted(p.name for p in corpus.iterdir()) == ["004_723cbf81696a18db.txt", "added.toml"]

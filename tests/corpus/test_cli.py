"""`qa corpus` and `qa show` through typer's CliRunner."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT
from tests.conftest import CORPUS_DIR

DATA = Path(__file__).parent / "data"

runner = CliRunner()


def test_qa_corpus_lists_documents() -> None:
    result = runner.invoke(app, ["corpus"])
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.strip().splitlines()
    assert header.split("\t") == ["doc_id", "symbol", "title", "language", "footnotes", "numbered paragraphs"]
    assert len(lines) == 5
    assert lines[0].split("\t")[1] == "HSP/HA.2/4"
    assert lines[0].split("\t")[-1] == "70"
    assert lines[0].split("\t")[3:5] == ["zh", "6 footnotes"]  # five on paragraphs, the agenda footnote


def test_qa_show_by_symbol() -> None:
    result = runner.invoke(app, ["show", "HSP/HA.2/4", "19"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HSP/HA.2/4, para. 19")
    assert "2022 年，1.5 亿人无家可归" in result.stdout


def test_qa_show_unknown_is_a_clear_error() -> None:
    result = runner.invoke(app, ["show", "HSP/NOPE", "1"])
    assert result.exit_code == 2
    assert "unknown document" in result.output
    assert "Traceback" not in result.output


def _env(tmp_path: Path) -> dict[str, str]:
    """A temporary corpus with one small bundled document, its own index and parse cache."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = "004_723cbf81696a18db.txt"
    (folder / name).write_bytes((CORPUS_DIR / name).read_bytes())
    cache = os.environ.get("QA_TEST_CACHE", str(PROJECT_ROOT / "var" / "test-embedding-cache.sqlite"))
    return {
        "QA_CORPUS_DIR": str(folder),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_PARSE_CACHE_DIR": str(tmp_path / "parse-cache"),
        "QA_CACHE_PATH": cache,
    }


def test_qa_add_prints_what_it_found_and_refreshes_the_index(tmp_path: Path, searcher: Searcher) -> None:
    # ``searcher`` has indexed the bundled corpus through the shared embedding cache: the bundled document's
    # passages are cached whatever ran before (alone in a fresh clone too), so only the new ones need the model.
    env = _env(tmp_path)
    report = DATA / "en_only_report.txt"
    result = runner.invoke(app, ["add", str(report)], env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "en_only_report.txt: added en_only_report_" in out
    assert "symbol: HSP/EB.2099/7 — header" in out
    assert "language: en" in out
    assert "6 numbered paragraphs, 7 entries, 1 footnote" in out
    refreshed = re.search(r"index refreshed: 18 paragraphs of 2 documents \((\d+) embedded, (\d+) from cache\)", out)
    assert refreshed is not None, out  # 11 entries of 004 + 7
    assert int(refreshed.group(1)) <= 7  # only the new document's passages can need the model

    ask = runner.invoke(
        app, ["ask", "Contributions to the non-earmarked fund amounted to", "--json", "-k", "10"], env=env
    )
    assert ask.exit_code == 0, ask.output
    hits = json.loads(ask.stdout)["results"]
    assert "HSP/EB.2099/7, para. 3" in [h["citation"] for h in hits[:3]]
    footnoted = next(h for h in hits if h["citation"] == "HSP/EB.2099/7, para. 5")
    assert footnoted["footnotes"][0]["mark"] == "1" and footnoted["lang"] == "en"

    shown = runner.invoke(app, ["ask", "pilot cities of the donor campaign", "-k", "3"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "1 Lisbon, Kigali, Medellín, Surabaya, Tunis and Ulaanbaatar" in " ".join(shown.stdout.split())

    again = runner.invoke(app, ["add", str(report)], env=env)
    assert again.exit_code == 0 and "already indexed as en_only_report_" in again.stdout

    removed = runner.invoke(app, ["remove", "HSP/EB.2099/7"], env=env)
    assert removed.exit_code == 0, removed.output
    assert "index refreshed: 11 paragraphs of 1 documents" in removed.stdout
    assert sorted(p.name for p in Path(env["QA_CORPUS_DIR"]).iterdir()) == ["004_723cbf81696a18db.txt", "added.toml"]


def test_qa_add_and_remove_errors(tmp_path: Path) -> None:
    env = _env(tmp_path)
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ")
    result = runner.invoke(app, ["add", str(bad), str(tmp_path / "missing.txt")], env=env)
    assert result.exit_code == 2
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "unsupported file type '.exe'" in output and "missing.txt: no such file" in output
    assert "Traceback" not in output
    lang = runner.invoke(app, ["add", str(DATA / "en_only_report.txt"), "--lang", "xx"], env=env)
    assert lang.exit_code == 2 and "unknown language 'xx'" in " ".join(lang.output.split())
    kept = runner.invoke(app, ["remove", "004_723cbf81696a18db"], env=env)
    assert kept.exit_code == 2 and "never deletes files it did not create" in " ".join(kept.output.split())
    assert (Path(env["QA_CORPUS_DIR"]) / "004_723cbf81696a18db.txt").exists()

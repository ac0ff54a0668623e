"""``eval.readers``: the measurement of the readers against hand-written expectations, on small real inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.readers import evaluate_readers, main, similarity

UDHR_EN = """\
Universal Declaration of Human Rights

Preamble

Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the human family is the foundation of freedom, justice and peace in the world,

Article 1

All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience and should act towards one another in a spirit of brotherhood.

Article 2

Everyone is entitled to all the rights and freedoms set forth in this Declaration, without distinction of any kind.

Article 3

Everyone has the right to life, liberty and the security of person.
"""


def test_similarity_ignores_spacing_quotes_and_call_marks() -> None:
    assert similarity("the State’s report  was  adopted.", "the State's report was adopted.") == 1.0
    assert similarity("adopted in 2009¹ by the Council.", "adopted in 2009 by the Council.") == 1.0
    assert similarity("Racism and xenophobia 79 - 83 16", "The Government adopted a strategy.") < 0.5


def _write(folder: Path, name: str, rows: list[dict[str, object]]) -> None:
    (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    files, expected = tmp_path / "files", tmp_path / "expected"
    files.mkdir()
    expected.mkdir()
    (files / "udhr_en.txt").write_text(UDHR_EN, encoding="utf-8")
    _write(
        expected,
        "documents.jsonl",
        [
            {
                "file": "udhr_en.txt",
                "symbol": "",
                "lang": "en",
                "title": "Universal Declaration of Human Rights",
                "numbered": 4,
            }
        ],
    )
    _write(
        expected,
        "paragraphs.jsonl",
        [
            {"file": "udhr_en.txt", "paragraph": "3", "text": "Everyone has the right to life, liberty and the security of person."},
            {"file": "udhr_en.txt", "paragraph": "2", "text": "Something else entirely was printed here."},
        ],
    )  # fmt: skip
    return files, expected


def test_evaluate_readers_counts_numbers_texts_and_titles(setup: tuple[Path, Path]) -> None:
    files, expected = setup
    report = evaluate_readers(files, expected)
    totals = report.totals()
    assert totals["numbered_expected"] == 4 and totals["numbered_found_under_number"] == 3
    assert report.documents[0].missing == [4]
    assert totals["titles_right"] == 1 and totals["symbols_right"] == 1
    assert totals["samples"] == 2 and totals["samples_at_or_above_threshold"] == 1


def test_main_writes_the_report_and_never_the_tracked_results(setup: tuple[Path, Path], tmp_path: Path) -> None:
    files, expected = setup
    out = tmp_path / "out"
    assert main(["--files", str(files), "--expected", str(expected), "--out", str(out)]) == 0
    data = json.loads((out / "readers.json").read_text(encoding="utf-8"))
    assert data["totals"]["numbered_found_under_number"] == 3
    assert "| numbered paragraphs found under their number | 3 of 4 (0.75) |" in (out / "report.md").read_text()


def test_by_default_the_report_goes_to_var_and_only_save_writes_the_tracked_results(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eval.readers as readers

    assert readers.DEFAULT_OUT == readers.ROOT / "var" / "readers"
    default, saved = tmp_path / "var-readers", tmp_path / "saved"
    monkeypatch.setattr(readers, "DEFAULT_OUT", default)
    monkeypatch.setattr(readers, "SAVED_OUT", saved)
    files, expected = setup
    assert main(["--files", str(files), "--expected", str(expected)]) == 0
    assert (default / "readers.json").exists() and not saved.exists()
    assert main(["--files", str(files), "--expected", str(expected), "--save"]) == 0
    assert (saved / "report.md").exists()


def test_missing_documents_are_named(tmp_path: Path, setup: tuple[Path, Path]) -> None:
    _, expected = setup
    with pytest.raises(SystemExit, match="real documents are missing"):
        evaluate_readers(tmp_path / "empty", expected)


def test_a_title_the_file_does_not_print_is_not_counted(setup: tuple[Path, Path], tmp_path: Path) -> None:
    """The Charter's text files start with the preamble: their title is written down but marked unprinted."""
    files, expected = setup
    rows = [json.loads(line) for line in (expected / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0] |= {"title": "Charter of the United Nations", "title_printed": False}
    _write(expected, "documents.jsonl", rows)
    totals = evaluate_readers(files, expected).totals()
    assert totals["titles_right"] == 0 and totals["titles_printed"] == 0
    assert totals["titles_not_printed"] == ["udhr_en.txt"]
    out = tmp_path / "out"
    assert main(["--files", str(files), "--expected", str(expected), "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| titles right | 0 of 0 printed (1 files hold no readable title: udhr_en.txt) |" in report
    assert "| not printed |" in report

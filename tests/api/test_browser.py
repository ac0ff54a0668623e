"""The page in a real headless Chromium (Debian's chromium, driven by Playwright).

Screenshots go to tests/output/: ask-zh.png, ask-en.png, ask-phone.png, read-cited.png, docs.png.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from api.main import create_app
from api.server import running_server
from qa.retrieval import Searcher
from qa.settings import Settings
from tests.conftest import OUTPUT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
"""The strictest policy the page must live with: no inline scripts, handlers or style attributes."""

expect.set_options(timeout=30_000)  # the machine is shared: a search may wait for a core

HOMELESS = "2022年全球有多少人无家可归？"
AGREEMENTS = "How many legal agreements did UN-Habitat sign between 2020 and 2022?"


@pytest.fixture(scope="module")
def base_url(searcher: Searcher, index_settings: Settings) -> Iterator[str]:
    with running_server(create_app(index_settings, searcher=searcher)) as url:
        yield url


class Watch:
    """What a page asked for beyond the server, and what the browser complained about."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on(
            "request", lambda r: None if r.url.startswith((base_url, "blob:", "data:")) else self.outside.append(r.url)
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)


def _with_csp(context: Any, base_url: str) -> None:
    """Serve every response of the app with a strict Content-Security-Policy."""

    def handle(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    context.route(base_url + "/**", handle)


def open_page(browser: Any, base_url: str, **options: Any) -> tuple[Any, Any, Watch]:
    """A new browser context under the strict CSP (desktop size unless ``options`` say otherwise),
    its page, and what that page asks for and complains about."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    _with_csp(context, base_url)
    page = context.new_page()
    return context, page, Watch(page, base_url)


def _first_citation(page: Any) -> str:
    return str(page.locator("#results .card .citation").first.inner_text())


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.browser
def test_permalinks_marks_and_back_forward(browser: Any, base_url: str) -> None:
    context, page, watch = open_page(browser, base_url)

    page.goto(base_url + "/")
    page.click("#ask-button")
    assert "Please type a question" in page.inner_text("#message")

    # Opening a permalink runs its search.
    page.goto(base_url + "/?q=" + quote(HOMELESS))
    page.wait_for_selector("#results .card")
    assert page.input_value("#q") == HOMELESS
    first = page.locator("#results .card").first
    assert _first_citation(page) == "HSP/HA.2/4, para. 19"
    answer = first.locator("mark.answer").first
    assert "1.5 亿人无家可归" in answer.inner_text(), "the answering sentence is marked"
    assert first.locator("mark.answer").count() <= 2
    assert first.locator(".text").inner_text().count("无家可归") > answer.inner_text().count("无家可归"), (
        "only the best sentences are marked, not every one holding a term"
    )
    assert first.locator(".term").count() > 0
    assert "联合国人类住区规划署的活动" in first.locator(".doc-title").inner_text()
    assert "2023" in first.locator(".doc-where").inner_text()
    assert [c.inner_text() for c in first.locator(".cite-form code").all()] == [
        "HSP/HA.2/4, para. 19",
        "HSP/HA.2/4号文件第19段",
    ]
    ods = first.locator("a", has_text="Official document").get_attribute("href")
    assert ods == "https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=zh&t=pdf"
    # The service's judgement: the answer is strong, the weak tail is labelled below one floor.
    assert page.locator("#results .not-answered").count() == 0
    assert "match-strong" in (first.get_attribute("class") or "")
    assert page.locator("#results .card.weak .weak-tag").count() > 0
    assert page.locator("#results .floor").count() == 1
    page.screenshot(path=str(OUTPUT / "ask-zh.png"), full_page=True)

    # A new question from the form changes the URL; mode and filters go in it too.
    page.fill("#q", AGREEMENTS)
    page.press("#q", "Enter")
    expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4/Add.2, para. 6")
    assert _query(page)["q"] == [AGREEMENTS]
    assert page.locator("#results .card").first.locator(".term").count() > 0
    page.screenshot(path=str(OUTPUT / "ask-en.png"), full_page=True)

    page.check("input[name=mode][value=dense]")
    page.select_option("#doc", "002_81e21580ef986bd8")
    page.click("#ask-button")
    expect(page).to_have_url(re.compile(r"[?&]mode=dense"))
    page.wait_for_selector("#results .card")
    assert _query(page)["doc"] == ["002_81e21580ef986bd8"]
    assert "Meaning" in page.inner_text("#message")
    cites = [c.inner_text() for c in page.locator("#results .card .citation").all()]
    assert cites and all(c.startswith("HSP/HA.2/4/Add.2") for c in cites)
    filtered_url = page.url

    # Back and forward walk the searches.
    page.go_back()
    expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4/Add.2, para. 6")
    assert page.is_checked("input[name=mode][value=hybrid]")
    assert page.input_value("#doc") == ""
    page.go_back()
    expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4, para. 19")
    assert page.input_value("#q") == HOMELESS
    page.go_forward()
    expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4/Add.2, para. 6")
    assert page.input_value("#q") == AGREEMENTS

    # The filtered permalink in a fresh page restores the form.
    fresh = context.new_page()
    fresh.goto(filtered_url)
    fresh.wait_for_selector("#results .card")
    assert fresh.is_checked("input[name=mode][value=dense]")
    assert fresh.input_value("#doc") == "002_81e21580ef986bd8"

    # Facets: a year with no match, and a session.
    fresh.select_option("#doc", "")
    fresh.select_option("#year", "2020")
    fresh.click("#ask-button")
    fresh.wait_for_selector("#results .card")
    years = {c.inner_text()[-10:-6] for c in fresh.locator("#results .card .doc-where").all()}
    assert years == {"2020"}
    fresh.select_option("#year", "")
    fresh.select_option("#session", "session:HSP/EB.2022")
    fresh.click("#ask-button")
    expect(fresh).to_have_url(re.compile(r"[?&]session=session%3AHSP%2FEB.2022"))
    fresh.wait_for_selector("#results .card")
    wheres = set(fresh.locator("#results .card .doc-where").all_inner_texts())
    assert len(wheres) == 1 and "Executive Board" in wheres.pop(), "only the 2022 Executive Board document"

    assert not watch.outside, watch.outside
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.browser
def test_unanswered_question_banner(browser: Any, base_url: str) -> None:
    context, page, watch = open_page(browser, base_url)
    page.goto(base_url + "/?q=" + quote("How many peacekeepers are deployed in the UN Mission in South Sudan?"))
    page.wait_for_selector("#results .card")
    banner = page.locator("#results .not-answered")
    expect(banner).to_have_count(1)
    text = banner.inner_text()
    assert "These documents do not seem to answer this question — closest paragraphs:" in text
    assert "这些文件似乎没有回答这个问题" in text
    # The banner comes before the closest paragraphs, none of which is shown as an answer.
    assert page.locator("#results > li").first.get_attribute("class") == "not-answered"
    assert page.locator("#results .card.match-strong").count() == 0
    assert page.locator("#results .floor").count() == 0
    assert "not answered" in page.inner_text("#message")
    page.screenshot(path=str(OUTPUT / "ask-not-answered.png"), full_page=True)
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.browser
def test_more_results_and_exports(browser: Any, base_url: str, tmp_path: Path) -> None:
    context, page, watch = open_page(
        browser, base_url, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    page.goto(base_url + "/?q=" + quote(HOMELESS))
    page.wait_for_selector("#results .card")
    assert page.locator("#results .card").count() == 10

    page.click("#more")
    expect(page.locator("#results .card")).to_have_count(20)
    assert _query(page)["page"] == ["2"]
    assert page.evaluate("document.activeElement.classList.contains('card')"), "focus moves to the new results"
    shown = [c.inner_text() for c in page.locator("#results .card .citation").all()]

    with page.expect_download() as got:
        page.click("#export-csv")
    saved = Path(got.value.path()).read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark, so that Excel reads the Chinese"
    rows = list(csv.DictReader(io.StringIO(saved.decode("utf-8-sig"))))
    assert got.value.suggested_filename.endswith(".csv")
    assert [r["citation"] for r in rows] == shown
    assert "1.5 亿人无家可归" in rows[0]["text"]

    with page.expect_download() as got:
        page.click("#export-json")
    data = json.loads(Path(got.value.path()).read_text("utf-8"))
    assert [h["citation"] for h in data["results"]] == shown
    assert data["question"] == HOMELESS

    with page.expect_download() as got:
        page.click("#export-md")
    listing = Path(got.value.path()).read_text("utf-8")
    entries = listing.strip().split("\n\n")
    assert [e.split(" — ")[0] for e in entries] == shown
    assert entries[0].startswith("HSP/HA.2/4, para. 19 — ")

    page.click("#copy-list")
    expect(page.locator("#copy-list")).to_have_text(re.compile("^Copied"))
    assert page.evaluate("navigator.clipboard.readText()") == listing
    first = page.locator("#results .card").first
    first.locator("button", has_text="Copy citation with text").click()
    expect(first.locator("button", has_text="Copied")).to_have_count(1)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("HSP/HA.2/4, para. 19 — ") and "1.5 亿人无家可归" in copied
    first.locator(".cite-form button").nth(1).click()
    expect(first.locator(".cite-form button").nth(1)).to_have_text(re.compile("^Copied"))
    assert page.evaluate("navigator.clipboard.readText()") == "HSP/HA.2/4号文件第19段"

    # Keyboard: tab from the question reaches the mode radios and the search button.
    page.focus("#q")
    page.fill("#q", AGREEMENTS)
    tags = []
    for _ in range(6):
        page.keyboard.press("Tab")
        tags.append(page.evaluate("document.activeElement.id || document.activeElement.name"))
    assert "mode" in tags and "doc" in tags
    assert not watch.outside, watch.outside
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.browser
def test_phone_width(browser: Any, base_url: str) -> None:
    context, page, _ = open_page(browser, base_url, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(base_url + "/?q=" + quote(AGREEMENTS))
    page.wait_for_selector("#results .card")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    button = page.locator("#ask-button").bounding_box()
    assert button is not None and button["width"] > 300, "the search button spans the phone's width"
    page.screenshot(path=str(OUTPUT / "ask-phone.png"), full_page=False)
    page.locator("#results .card").first.scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / "ask-phone-results.png"), full_page=False)

    page.locator("#results .card .citation").first.click()
    page.wait_for_selector(".para.cited")
    cited = page.locator(".para.cited")
    assert cited.get_attribute("id") == "p-6"
    assert cited.is_visible()
    assert "653 项法律协议" in cited.inner_text()
    page.screenshot(path=str(OUTPUT / "read-cited.png"))
    page.click("#back")
    expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4/Add.2, para. 6")
    assert page.input_value("#q") == AGREEMENTS, "the reader leads back to the search, not an empty page"

    page.goto(base_url + "/read/nope")
    page.wait_for_selector("#message.error")
    message = page.inner_text("#message")
    assert message.startswith("索引中没有此文件 · This document is not in the index"), message
    assert "Error 404" not in message
    context.close()


@pytest.mark.browser
def test_the_reader_shows_footnotes_and_no_file_paths(browser: Any, base_url: str) -> None:
    context, page, watch = open_page(browser, base_url)
    page.goto(base_url + "/read/" + quote("HSP/HA.2/4", safe="") + "?p=40")
    page.wait_for_selector(".para.cited")
    notes = page.locator(".para.cited ul.footnotes li")
    assert notes.count() == 1
    assert (
        notes.first.inner_text().replace("\n", " ").startswith("5 赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。")
    )
    text = page.inner_text("body")
    assert ".txt" not in text and "corpus/" not in text, "the reader shows no server file path"
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.browser
def test_page_errors_are_in_the_page_language(browser: Any, base_url: str) -> None:
    context, page, _ = open_page(browser, base_url)
    page.goto(base_url + "/?q=" + quote("？？？"))
    page.wait_for_selector("#message.error")
    shown = page.inner_text("#message")
    assert shown.startswith("无法检索此问题 · This question cannot be searched: "), shown
    assert "Error 422" not in shown
    context.close()


@pytest.mark.browser
def test_api_docs_render_offline(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    watch = Watch(page, base_url)
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/ask", "/documents", "/health"} <= {p.strip().replace("\u200b", "") for p in paths}
    page.screenshot(path=str(OUTPUT / "docs.png"))
    assert not watch.outside, watch.outside
    page.goto(base_url + "/redoc")
    page.wait_for_selector("text=Ask a question (GET)", state="attached")
    page.screenshot(path=str(OUTPUT / "redoc.png"))
    # ReDoc's script hard-codes a CDN logo; the served script has it replaced by an empty image.
    assert watch.outside == []
    context.close()


@pytest.mark.browser
def test_unnumbered_entries_open_in_the_reader(browser: Any, base_url: str) -> None:
    """A hit on an annex chunk or a summary opens that entry, not the top of the document."""
    context, page, _ = open_page(browser, base_url)
    page.goto(base_url + "/?q=Helsinki")  # a name only the annex list of HSP/HA.2/4/Add.2 knows
    page.wait_for_selector("#results .card")
    annex = page.locator("#results .card .citation", has_text="annex").first
    label = annex.inner_text()
    annex.click()
    page.wait_for_selector(".para.cited")
    cited = page.locator(".para.cited")
    entry = cited.get_attribute("data-entry") or ""
    assert entry.startswith("annex") and entry in label, (entry, label)
    assert cited.is_visible() and "赫尔辛基" in cited.inner_text()
    page.goto(base_url + "/read/003_588044482a18401b?p=summary")
    page.wait_for_selector(".para.cited")
    assert page.locator(".para.cited").get_attribute("data-entry") == "summary"
    context.close()

"""The page in a real headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

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


@pytest.fixture(scope="module")
def base_url(searcher: Searcher, index_settings: Settings) -> Iterator[str]:
    with running_server(create_app(index_settings, searcher=searcher)) as url:
        yield url


@pytest.mark.browser
def test_ask_and_follow_the_citation(base_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)  # fails, not skips, without Chromium
        page = browser.new_page(viewport={"width": 390, "height": 844})  # phone width
        page.goto(base_url + "/")

        page.click("#ask-button")
        assert "Please type a question" in page.inner_text("#message")

        page.fill("#q", "2022年全球有多少人无家可归？")
        page.press("#q", "Enter")
        page.wait_for_selector("#results .card")
        first = page.locator("#results .card").first
        assert first.locator(".citation").inner_text() == "HSP/HA.2/4, para. 19"
        assert first.locator("mark").count() > 0
        page.screenshot(path=str(OUTPUT / "ask-zh.png"), full_page=True)

        page.fill("#q", "How many legal agreements did UN-Habitat sign between 2020 and 2022?")
        page.press("#q", "Enter")
        # A locator wait, not wait_for_function: the page's CSP forbids evaluating strings as script.
        expect(page.locator("#results .card .citation").first).to_have_text("HSP/HA.2/4/Add.2, para. 6")
        card = page.locator("#results .card").first
        assert card.locator("mark").count() > 0
        page.screenshot(path=str(OUTPUT / "ask-en.png"), full_page=True)

        card.locator(".citation").click()
        page.wait_for_selector(".para.cited")
        cited = page.locator(".para.cited")
        assert cited.get_attribute("id") == "p-6"
        assert cited.is_visible()
        assert "653 项法律协议" in cited.inner_text()
        page.screenshot(path=str(OUTPUT / "read-cited.png"))

        page.goto(base_url + "/read/nope")
        page.wait_for_selector("#message.error")
        assert "404" in page.inner_text("#message")
        browser.close()

"""The same paragraph in two languages side by side, in a real headless Chromium.

Screenshot: tests/output/versions.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from api.main import create_app
from api.server import running_server
from qa.retrieval import Searcher
from qa.settings import Settings
from tests.api.test_browser import open_page
from tests.conftest import OUTPUT

QUESTION = "How many people were homeless in 2022?"


@pytest.fixture(scope="module")
def bilingual_url(bilingual_searcher: Searcher, index_settings: Settings) -> Iterator[str]:
    with running_server(create_app(index_settings, searcher=bilingual_searcher)) as url:
        yield url


@pytest.mark.browser
def test_both_versions_side_by_side(browser: Any, bilingual_url: str) -> None:
    context, page, watch = open_page(browser, bilingual_url)
    page.goto(bilingual_url + "/?q=" + quote(QUESTION))
    page.wait_for_selector("#results .card")

    cards = page.locator("#results .card")
    first = cards.first
    assert first.locator(".citation").inner_text() == "HSP/HA.2/4, para. 19"
    blocks = first.locator(".versions .version")
    assert blocks.count() == 2, "one card holds both language versions"
    english, chinese = blocks.nth(0), blocks.nth(1)
    assert english.get_attribute("lang") == "en" and chinese.get_attribute("lang") == "zh-Hans"
    assert "150 million people were homeless" in english.locator(".text").inner_text()
    assert "无家可归" in chinese.locator(".text").inner_text()
    assert "HSP/HA.2/4号文件第19段" in chinese.locator(".version-head").inner_text()
    for block in (english, chinese):
        assert block.locator("button.copy").count() == 1
    # Side by side: the two blocks share a row on a wide screen.
    left, right = english.bounding_box(), chinese.bounding_box()
    assert left is not None and right is not None
    assert abs(left["y"] - right["y"]) < 5 and right["x"] > left["x"] + left["width"] / 2

    ods = first.locator("a", has_text="Official document").get_attribute("href")
    assert ods == "https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=en&t=pdf"
    # No second card for the same paragraph in Chinese.
    citations = [c.inner_text() for c in page.locator("#results .card .citation").all()]
    assert citations.count("HSP/HA.2/4, para. 19") == 1
    page.screenshot(path=str(OUTPUT / "versions.png"), full_page=True)
    assert watch.outside == [] and watch.errors == []
    context.close()

"""Arabic laid out right to left beside the other language versions, in a real headless Chromium.

Screenshot: tests/output/arabic_rtl.png.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.api.test_browser import open_page
from tests.conftest import OUTPUT
from tests.fixtures.six_languages import PARAGRAPHS, SYMBOL


def _direction(locator: Any) -> str:
    return str(locator.evaluate("node => getComputedStyle(node).direction"))


@pytest.mark.browser
def test_arabic_paragraph_right_to_left_beside_english(browser: Any, six_url: str) -> None:
    context, page, watch = open_page(browser, six_url)
    page.goto(six_url + "/?q=" + quote(PARAGRAPHS["en"][1]))
    page.wait_for_selector("#results .card .versions")

    first = page.locator("#results .card").first
    assert first.locator(".citation").inner_text() == f"{SYMBOL}, para. 2"
    english = first.locator('.versions .version[lang="en"]')
    arabic = first.locator('.versions .version[lang="ar"]')
    assert english.count() == 1 and arabic.count() == 1
    assert arabic.get_attribute("dir") == "rtl" and _direction(arabic.locator(".text")) == "rtl"
    assert english.get_attribute("dir") == "ltr" and _direction(english.locator(".text")) == "ltr"
    assert arabic.locator(".text").inner_text() == PARAGRAPHS["ar"][1]
    assert f"{SYMBOL}، الفقرة 2" in arabic.locator(".version-head").inner_text()
    for lang in ("fr", "es", "ru", "zh"):
        block = first.locator(f'.versions .version[lang="{"zh-Hans" if lang == "zh" else lang}"]')
        assert block.count() == 1 and _direction(block) == "ltr"
    # Right to left: the Arabic text's first line ends at the block's right edge, not its left.
    box, line = (
        arabic.bounding_box(),
        arabic.locator(".text").evaluate(
            "node => { const r = document.createRange(); r.selectNodeContents(node); const b = r.getClientRects()[0];"
            " return {left: b.left, right: b.right}; }"
        ),
    )
    assert box is not None and abs((box["x"] + box["width"]) - line["right"]) < abs(line["left"] - box["x"])
    page.screenshot(path=str(OUTPUT / "arabic_rtl.png"), full_page=True)
    assert watch.outside == [] and watch.errors == []
    context.close()


@pytest.mark.browser
def test_arabic_question_box_and_lead(browser: Any, six_url: str) -> None:
    context, page, watch = open_page(browser, six_url)
    page.goto(six_url + "/")
    box = page.locator("#q")
    assert box.get_attribute("dir") == "auto"
    box.fill("لكل فرد الحق في الحياة والحرية")
    assert _direction(box) == "rtl", "the question box follows the text typed into it"
    page.click("#ask-button")
    page.wait_for_selector("#results .card .versions")
    lead = page.locator("#results .card").first.locator(".versions .version").first
    assert lead.get_attribute("lang") == "ar" and _direction(lead) == "rtl"
    assert lead.locator(".text").inner_text() == PARAGRAPHS["ar"][1]
    assert watch.outside == [] and watch.errors == []
    context.close()


@pytest.mark.browser
def test_reader_lays_out_an_arabic_document_right_to_left(browser: Any, six_url: str) -> None:
    context, page, watch = open_page(browser, six_url)
    page.goto(six_url + "/read/udhr_ar?p=3#p-3")
    page.wait_for_selector("section.para#p-3")
    text = page.locator("section.para#p-3 p").first
    assert text.get_attribute("lang") == "ar" and _direction(text) == "rtl"
    assert text.inner_text() == PARAGRAPHS["ar"][2]
    page.goto(six_url + "/read/udhr_fr?p=3#p-3")
    page.wait_for_selector("section.para#p-3")
    assert _direction(page.locator("section.para#p-3 p").first) == "ltr"
    assert watch.outside == [] and watch.errors == []
    context.close()

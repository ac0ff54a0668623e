"""The headless Chromium the page tests drive (one per test module, as Playwright's sync API wants)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import OUTPUT


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests.api.test_browser import ARGS, CHROMIUM

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)  # fails, not skips, without Chromium
        yield b
        b.close()

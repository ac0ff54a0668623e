"""Questions in all six official languages over HTTP (a real uvicorn server on the six-language index):
never a 422 for an official language; a question in another script is answered by meaning, with a note."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.fixtures.six_languages import PARAGRAPHS, SYMBOL

QUESTIONS = {
    "ar": "لكل فرد الحق في الحياة والحرية",
    "ru": "Каждый человек имеет право на жизнь",
    "fr": "Tout individu a droit à la vie",
    "es": "Todo individuo tiene derecho a la vida",
    "zh": "人人有权享有生命",
    "en": "Everyone has the right to life",
}


@pytest.mark.parametrize("lang", list(QUESTIONS))
def test_ask_in_each_official_language(six_url: str, lang: str) -> None:
    r = httpx.post(six_url + "/ask", json={"question": QUESTIONS[lang], "top_k": 3}, timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["language"] == lang
    top = data["results"][0]
    assert (top["symbol"], top["paragraph"], top["lang"]) == (SYMBOL, "2", lang)
    assert top["text"] == PARAGRAPHS[lang][1]
    assert {v["lang"] for v in top["versions"]} == set(QUESTIONS) - {lang}


def test_get_ask_in_arabic_and_russian(six_url: str) -> None:
    for lang in ("ar", "ru"):
        r = httpx.get(six_url + "/ask?q=" + quote(QUESTIONS[lang]) + "&top_k=1", timeout=60)
        assert r.status_code == 200 and r.json()["language"] == lang


def test_question_outside_the_six_is_answered_with_a_note(six_url: str) -> None:
    r = httpx.post(six_url + "/ask", json={"question": "Κάθε άτομο έχει δικαίωμα στη ζωή"}, timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["language"] == "und" and data["results"]
    assert any("Greek" in n and "dense" in n for n in data["notes"])


def test_bad_input_still_gets_clear_errors(six_url: str) -> None:
    r = httpx.post(six_url + "/ask", json={"question": "？？？"}, timeout=60)
    assert r.status_code == 422 and "nothing to search on" in r.json()["error"]
    r = httpx.post(six_url + "/ask", json={"question": QUESTIONS["fr"], "lang": "de"}, timeout=60)
    assert r.status_code == 422 and "zh" in r.text


@pytest.mark.parametrize("lang", list(QUESTIONS))
def test_each_language_version_of_a_symbol(six_url: str, lang: str) -> None:
    symbol = quote(SYMBOL, safe="")
    doc = httpx.get(f"{six_url}/documents/{symbol}", params={"lang": lang}, timeout=60).json()
    assert doc["doc_id"] == f"udhr_{lang}" and doc["language"] == lang
    assert doc["ods_url"] == f"https://documents.un.org/api/symbol/access?s={SYMBOL}&l={lang}&t=pdf"
    r = httpx.get(f"{six_url}/documents/{symbol}/paragraphs/3", params={"lang": lang}, timeout=60)
    assert r.status_code == 200, r.text
    paragraph = r.json()
    assert paragraph["text"] == PARAGRAPHS[lang][2] and paragraph["lang"] == lang

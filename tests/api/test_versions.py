"""Language versions over HTTP: ODS links, ``?lang=`` on documents and paragraphs, ``lang`` on /ask."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings

ALLOWED = "zh, en, fr, es, ru, ar"


@pytest.fixture(scope="module")
def client(bilingual_searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=bilingual_searcher)) as c:
        yield c


def test_documents_carry_language_and_ods(client: TestClient) -> None:
    docs = {d["doc_id"]: d for d in client.get("/documents").json()}
    en = docs["000_en"]
    assert en["language"] == "en"
    assert en["ods_url"] == "https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=en&t=pdf"
    zh = next(d for d in docs.values() if d["symbol"] == "HSP/HA.2/4" and d["doc_id"] != "000_en")
    assert zh["language"] == "zh" and zh["ods_url"].endswith("l=zh&t=pdf")


def test_symbol_resolves_to_chinese_unless_lang(client: TestClient) -> None:
    default = client.get("/documents/HSP%2FHA.2%2F4").json()
    assert default["language"] == "zh" and default["ods_url"].endswith("l=zh&t=pdf")
    english = client.get("/documents/HSP%2FHA.2%2F4", params={"lang": "en"}).json()
    assert english["doc_id"] == "000_en" and english["items"][0]["lang"] == "en"


def test_paragraph_in_english(client: TestClient) -> None:
    en = client.get("/documents/HSP%2FHA.2%2F4/paragraphs/19", params={"lang": "en"})
    assert en.status_code == 200
    assert en.json()["citation"] == "HSP/HA.2/4, para. 19" and "homeless" in en.json()["text"]
    zh = client.get("/documents/HSP%2FHA.2%2F4/paragraphs/19").json()
    assert zh["lang"] == "zh" and "无家可归" in zh["text"]


def test_language_without_a_version_is_404(client: TestClient) -> None:
    r = client.get("/documents/HSP%2FHA.2%2F4/paragraphs/19", params={"lang": "fr"})
    assert r.status_code == 404
    assert "no fr version" in r.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/documents/HSP%2FHA.2%2F4/paragraphs/19", {"params": {"lang": "de"}}),
        ("get", "/documents/HSP%2FHA.2%2F4", {"params": {"lang": "english"}}),
        ("get", "/ask", {"params": {"q": "homelessness", "lang": "xx"}}),
        ("post", "/ask", {"json": {"question": "homelessness", "lang": "de"}}),
    ],
)
def test_unknown_lang_is_422_with_allowed_values(client: TestClient, method: str, path: str, kwargs: dict) -> None:  # type: ignore[type-arg]
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == 422
    text = r.text
    assert all(f"'{code}'" in text or code in text for code in ALLOWED.split(", "))
    assert "lang" in text


def test_ask_hit_has_versions_and_lang_preference(client: TestClient) -> None:
    question = "How many people were homeless in 2022?"
    body = client.post("/ask", json={"question": question, "top_k": 5}).json()
    first = body["results"][0]
    assert (first["lang"], first["paragraph"]) == ("en", "19")
    assert first["ods_url"].endswith("l=en&t=pdf")
    assert [v["lang"] for v in first["versions"]] == ["zh"]
    assert first["versions"][0]["citation"] == "HSP/HA.2/4号文件第19段"
    pairs = [(r["symbol"], r["paragraph"]) for r in body["results"] if r["symbol"]]
    assert len(pairs) == len(set(pairs))
    led_zh = client.get("/ask", params={"q": question, "lang": "zh"}).json()["results"][0]
    assert (led_zh["lang"], led_zh["paragraph"]) == ("zh", "19")
    assert led_zh["versions"][0]["lang"] == "en"

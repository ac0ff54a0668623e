"""``/docs`` and ``/redoc`` are served from local files (no CDN); the OpenAPI describes the fields; errors are JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.fixture(scope="module")
def client(searcher: Searcher, index_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(index_settings, searcher=searcher)) as c:
        yield c


def test_docs_page_loads_only_local_assets(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", r.text) + re.findall(r"url: ?'([^']+)'", r.text)
    assert urls
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        assert asset in r.text
        got = client.get(asset)
        assert got.status_code == 200
        assert len(got.content) > 10_000
    assert client.get("/docs/assets/../../secret").status_code == 404
    assert client.get("/docs/assets/index.html").json()["status"] == 404


def test_redoc_loads_only_local_assets(client: TestClient) -> None:
    r = client.get("/redoc")
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", r.text)
    assert "/docs/assets/redoc.standalone.js" in urls
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    assert client.get("/docs/assets/redoc.standalone.js").status_code == 200


def test_openapi_describes_the_response(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    result = spec["components"]["schemas"]["ResultOut"]["properties"]
    assert "exceed 1" in result["score"]["description"]
    assert result["marks"]["description"]
    terms = spec["components"]["schemas"]["AskResponse"]["properties"]["terms"]
    assert "highlight" in terms["description"]
    assert spec["components"]["schemas"]["AskResponse"]["examples"]
    get_ask = spec["paths"]["/ask"]["get"]["responses"]
    assert "413" not in get_ask
    assert {"text/csv", "text/markdown"} <= set(get_ask["200"]["content"])
    assert "413" in spec["paths"]["/ask"]["post"]["responses"]
    for path, methods in spec["paths"].items():
        for method in set(methods) - {"post", "put", "patch"}:
            assert "413" not in methods[method]["responses"], (method, path)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("DELETE", "/ask", 405), ("GET", "/static/nope.js", 404), ("GET", "/nope", 404), ("GET", "/ask", 422)],
)
def test_errors_are_json(client: TestClient, method: str, path: str, status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]


def test_readme_curl_commands(searcher: Searcher, index_settings: Settings) -> None:
    """The README's curl commands, run as printed against a real server."""
    import json
    import subprocess

    from api.server import running_server

    with running_server(create_app(index_settings, searcher=searcher)) as base:
        url = base + "/ask"
        got = subprocess.run(
            ["curl", "-sS", "-G", "--data-urlencode", "q=执行局", "--data-urlencode", "top_k=3", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert len(json.loads(got.stdout)["results"]) == 3
        listing = subprocess.run(
            ["curl", "-sS", "-G", "--data-urlencode", "q=执行局", "-d", "format=md", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert " — " in listing.stdout.splitlines()[0]
        as_csv = subprocess.run(
            ["curl", "-sS", "-H", "Accept: text/csv", "-G", "--data-urlencode", "q=执行局", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert as_csv.stdout.lstrip("\ufeff").startswith("rank,citation,citation_zh,text")

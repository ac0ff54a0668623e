"""``POST /documents`` / ``DELETE /documents/{doc_id}`` with generated UN PDF and Word files.

Real readers, the real model and FAISS behind FastAPI's TestClient; bad uploads are real
damaged files. After each bad upload the corpus folder is unchanged and the index still answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from index.embedding import Embedder
from qa.retrieval import Searcher
from qa.service import build_from_settings
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR
from tests.fixtures.bad_files import encrypted_pdf, scanned_pdf, zip_bomb_docx
from tests.fixtures.un_files import RenderedPdf

TOKEN = "pdf-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BUNDLED = "004_723cbf81696a18db.txt"
QUESTION = "Which cities piloted the urban safety monitoring framework? Helsinki, Vilnius, Tampere"


@pytest.fixture(scope="module")
def admin(
    tmp_path_factory: pytest.TempPathFactory,
    embedder: Embedder,
    un_pdfs: dict[str, RenderedPdf],
    un_docx: dict[str, Path],
) -> Iterator[tuple[TestClient, Settings]]:
    """An app on a temporary corpus (one bundled document), writes on, a cap just above the test files."""
    tmp = tmp_path_factory.mktemp("admin-files")
    folder = tmp / "corpus"
    folder.mkdir()
    (folder / BUNDLED).write_bytes((CORPUS_DIR / BUNDLED).read_bytes())
    cap = max(un_pdfs["english"].path.stat().st_size, un_docx["english"].stat().st_size) + 50_000
    settings = Settings(
        corpus_dir=folder,
        index_dir=tmp / "index",
        cache_path=Path(os.environ.get("QA_TEST_CACHE", PROJECT_ROOT / "var" / "test-embedding-cache.sqlite")),
        parse_cache_dir=tmp / "parse-cache",
        admin_token=TOKEN,
        max_upload_bytes=cap,
    )
    build_from_settings(settings, progress=False)
    with TestClient(create_app(settings, searcher=Searcher.open(settings, embedder=embedder))) as client:
        yield client, settings


def _upload(client: TestClient, name: str, data: bytes, **form: str) -> tuple[int, dict[str, Any]]:
    r = client.post("/documents", files={"file": (name, data)}, data=form, headers=AUTH)
    return r.status_code, r.json()


def _citations(client: TestClient, question: str) -> list[str]:
    r = client.post("/ask", json={"question": question, "top_k": 5})
    assert r.status_code == 200, r.text
    return [h["citation"] for h in r.json()["results"]]


def test_pdf_upload_is_served_at_once_then_replaced_by_docx_and_removed(
    admin: tuple[TestClient, Settings], un_pdfs: dict[str, RenderedPdf], un_docx: dict[str, Path]
) -> None:
    client, settings = admin
    before = client.get("/health").json()
    pdf = un_pdfs["english"].path.read_bytes()

    code, added = _upload(client, "report.pdf", pdf)
    assert code == 201, added
    assert added["status"] == "added" and added["symbol"] == "HSP/EB.2023/9" and added["language"] == "en"
    assert added["symbol_rule"] == "header" and added["symbol_evidence"]
    assert (added["numbered_paragraphs"], added["footnotes"]) == (7, 4)
    assert added["paragraphs_indexed"] == client.get("/health").json()["paragraphs"] > before["paragraphs"]

    # No restart: the next question finds the paragraph whose footnote names the pilot cities.
    assert _citations(client, QUESTION)[0] == "HSP/EB.2023/9, para. 3"
    para3 = client.get("/documents/HSP%2FEB.2023%2F9/paragraphs/3").json()
    assert para3["footnotes"][0]["mark"] == "2" and para3["footnotes"][0]["text"].startswith("Helsinki, Mechelen")

    code, again = _upload(client, "same-again.pdf", pdf)
    assert code == 200 and again["status"] == "already indexed" and again["doc_id"] == added["doc_id"]
    assert again["paragraphs_indexed"] == added["paragraphs_indexed"]

    docx = un_docx["english"].read_bytes()
    code, conflict = _upload(client, "report.docx", docx)
    assert (
        code == 409
        and "replace" in conflict["error"]
        and f"already in the corpus as {added['doc_id']}" in str(conflict["error"])
    )
    code, replaced = _upload(client, "report.docx", docx, replace="true")
    assert code == 201 and replaced["replaced"] == added["doc_id"], replaced
    assert replaced["paragraphs_indexed"] == added["paragraphs_indexed"]
    assert _citations(client, QUESTION)[0] == "HSP/EB.2023/9, para. 3"

    no_token = client.delete("/documents/HSP/EB.2023/9")
    assert no_token.status_code == 401 and "Bearer" in no_token.json()["error"]
    gone = client.delete("/documents/HSP/EB.2023/9", headers=AUTH)
    assert gone.status_code == 200 and gone.json()["doc_id"] == replaced["doc_id"], gone.text
    assert client.get("/health").json()["paragraphs"] == before["paragraphs"]
    assert "HSP/EB.2023/9, para. 3" not in _citations(client, QUESTION)
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == [BUNDLED, "added.toml"]


def _bad_files(tmp: Path, un_pdfs: dict[str, RenderedPdf], un_docx: dict[str, Path], cap: int) -> dict[str, bytes]:
    pdf = un_pdfs["english"].path.read_bytes()
    return {
        "locked.pdf": encrypted_pdf(tmp / "locked.pdf").read_bytes(),
        "scan.pdf": scanned_pdf(tmp / "scan.pdf").read_bytes(),
        "cut.pdf": pdf[: len(pdf) // 2],
        "setup.pdf": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500 + b"This program cannot be run in DOS mode.",
        "empty.pdf": b"",
        "bomb.docx": zip_bomb_docx(tmp / "bomb.docx", like=un_docx["english"]).read_bytes(),
        "report.odt": b"PK\x03\x04 an OpenDocument text",
        "huge.pdf": pdf + b"%" * (cap + 1 - len(pdf)),
    }


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("locked.pdf", 400, "locked.pdf is an encrypted (password-protected) PDF"),
        ("scan.pdf", 400, "scan.pdf has no text layer (a scanned image?); no OCR is done"),
        ("cut.pdf", 400, "cut.pdf is not a readable PDF (damaged or truncated"),
        ("setup.pdf", 400, "setup.pdf is named .pdf but is a Windows program"),
        ("empty.pdf", 400, "empty.pdf: the file is empty; supply the document"),
        ("bomb.docx", 400, "zip bomb"),
        ("report.odt", 400, "unsupported file type '.odt'"),
        ("huge.pdf", 413, "over the cap of"),
    ],
)
def test_bad_upload_is_a_clear_error_and_the_index_keeps_answering(
    admin: tuple[TestClient, Settings],
    un_pdfs: dict[str, RenderedPdf],
    un_docx: dict[str, Path],
    tmp_path: Path,
    name: str,
    status: int,
    words: str,
) -> None:
    client, settings = admin
    before = client.get("/health").json()
    files_before = sorted(p.name for p in settings.corpus_dir.iterdir())
    data = _bad_files(tmp_path, un_pdfs, un_docx, settings.max_upload_bytes)[name]
    r = client.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and words in body["error"], body
    assert "Traceback" not in r.text
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == files_before
    assert client.get("/health").json() == before
    assert _citations(client, "人居署的旗舰方案有哪些？")


def test_upload_without_or_with_a_wrong_token(
    admin: tuple[TestClient, Settings], un_pdfs: dict[str, RenderedPdf]
) -> None:
    client, settings = admin
    before = client.get("/health").json()
    pdf = un_pdfs["english"].path.read_bytes()
    none = client.post("/documents", files={"file": ("report.pdf", pdf)})
    assert none.status_code == 401 and "Bearer" in none.json()["error"]
    wrong = client.post("/documents", files={"file": ("report.pdf", pdf)}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"] == "wrong admin token"
    assert client.get("/health").json() == before
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) in ([BUNDLED], [BUNDLED, "added.toml"])

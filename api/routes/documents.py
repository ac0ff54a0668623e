"""``/documents``: what is indexed, and every paragraph of it; adding and removing documents.

``POST /documents`` and ``DELETE /documents/{doc_id}`` need ``QA_ADMIN_TOKEN`` (a bearer token).
At most ``QA_MAX_WAITING_UPLOADS`` of them are in the service at once (then 503 + ``Retry-After``,
see :mod:`api.admission`); they wait for their turn without holding a worker thread. A new
document is read in a worker process within the ``QA_PARSE_…`` limits (:mod:`corpus.sandbox`).
The corpus changes and the index is rebuilt off the event loop, one change at a time; the
new searcher then replaces the old one in a single assignment, so requests in flight finish
on the old index and no request sees a half-built one.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile

from api.admission import UploadQueue
from api.deps import AdminDep, SearcherDep, SettingsDep
from api.errors import ERROR_RESPONSES
from api.schemas import DocumentAdded, DocumentDetail, DocumentRemoved, DocumentSummary, Lang, ParagraphOut
from corpus.entries import find_entry
from qa.exceptions import NotFound, UploadTooLarge
from qa.retrieval import Searcher
from qa.service import load_settings_corpus, parse_limits
from qa.settings import Settings

router = APIRouter(prefix="/documents", tags=["documents"])

_WRITES = threading.Lock()
"""One corpus change and index rebuild at a time in this process (the corpus lock covers others)."""

_ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"description": "No bearer token sent."},
    403: {"description": "Writes are off (no QA_ADMIN_TOKEN) or the token is wrong."},
    409: {"description": "A different file with this symbol is already indexed (send replace=true)."},
    413: {
        **ERROR_RESPONSES[413],
        "description": "The file is over QA_MAX_UPLOAD_BYTES, or reading it went over a parse limit: "
        "QA_PARSE_MAX_INFLATED_MB (decompressed bytes), QA_PARSE_MAX_MEMORY_MB, QA_PARSE_MAX_PARAGRAPHS or "
        "QA_PARSE_MAX_PARAGRAPH_CHARS (the error names it). Nothing was written.",
    },
    422: {
        **ERROR_RESPONSES[422],
        "description": "A form field is unusable, or reading the document took longer than QA_PARSE_MAX_SECONDS "
        "(the error says so). Nothing was written.",
    },
    503: {
        **ERROR_RESPONSES[503],
        "description": "QA_MAX_WAITING_UPLOADS uploads are already waiting or being processed, or the service "
        "is shutting down: try again after `Retry-After` seconds.",
    },
}


def _refresh(settings: Settings, current: Searcher) -> Searcher:
    """Rebuild the index from the corpus (only new passages are embedded) and open a new searcher on it."""
    from qa.service import build_from_settings

    build_from_settings(settings, progress=False)
    return Searcher.open(settings, embedder=current.embedder)


async def _read_capped(upload: UploadFile, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(1 << 20):
        size += len(chunk)
        if size > cap:
            raise UploadTooLarge(
                f"{upload.filename or 'the file'} is over the cap of {cap:,} bytes (setting QA_MAX_UPLOAD_BYTES)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    response_model=DocumentAdded,
    status_code=201,
    responses={**_ADMIN_RESPONSES, 200: {"model": DocumentAdded, "description": "Already indexed: nothing changed."}},
    summary="Add a document",
    dependencies=[AdminDep],
)
async def add_document_route(
    request: Request,
    response: Response,
    settings: SettingsDep,
    searcher: SearcherDep,
    file: Annotated[UploadFile, File(description="A document: .pdf, .docx or .txt.")],
    symbol: Annotated[str | None, Form(description="The document's symbol, when it is not printed in it.")] = None,
    lang: Annotated[str | None, Form(description="The document's language: zh, en, fr, es, ru, ar.")] = None,
    replace: Annotated[bool, Form(description="Replace a document added earlier with the same symbol.")] = False,
) -> dict[str, Any]:
    """Add a document to the corpus and swap the service to the refreshed index, without a restart.

    The same file again answers 200 "already indexed" and changes nothing; a different file with a symbol
    already present answers 409 unless ``replace=true``. Needs ``Authorization: Bearer <QA_ADMIN_TOKEN>``.
    """
    from corpus.library import add_document

    data = await _read_capped(file, settings.max_upload_bytes)
    app = request.app

    def work() -> dict[str, Any]:
        with _WRITES:
            result = add_document(
                settings.corpus_dir,
                data,
                filename=file.filename or "",
                symbol=symbol or None,
                lang=lang or None,
                replace=replace,
                max_bytes=settings.max_upload_bytes,
                cache_dir=settings.parse_cache_dir,
                limits=parse_limits(settings),
            )
            current: Searcher = app.state.searcher
            if not result.already:
                current = _refresh(settings, current)
                app.state.searcher = current  # one assignment: requests in flight keep the old one
        return {**result.to_dict(), "paragraphs_indexed": current.index.manifest.paragraphs}

    queue: UploadQueue = app.state.upload_queue
    async with queue.turn():
        body = await anyio.to_thread.run_sync(work)
    if body["status"] == "already indexed":
        response.status_code = 200
    return body


@router.delete(
    "/{doc_id:path}",
    response_model=DocumentRemoved,
    responses=_ADMIN_RESPONSES,
    summary="Remove a document",
    dependencies=[AdminDep],
)
async def remove_document_route(
    doc_id: str, request: Request, settings: SettingsDep, searcher: SearcherDep
) -> dict[str, Any]:
    """Take out a document added through the API or ``qa add`` (never a bundled or hand-placed one)."""
    from corpus.library import remove_document

    app = request.app

    def work() -> dict[str, Any]:
        with _WRITES:
            corpus = load_settings_corpus(settings)  # the parse cache, and the parse limits for new files
            removed = remove_document(settings.corpus_dir, doc_id, corpus=corpus)
            current = _refresh(settings, app.state.searcher)
            app.state.searcher = current
        return {
            "doc_id": removed.doc_id,
            "symbol": removed.symbol,
            "file": removed.file,
            "paragraphs_indexed": current.index.manifest.paragraphs,
        }

    queue: UploadQueue = app.state.upload_queue
    async with queue.turn():
        return await anyio.to_thread.run_sync(work)


@router.get("", response_model=list[DocumentSummary], summary="List documents")
def list_documents(searcher: SearcherDep) -> list[dict[str, Any]]:
    """Every indexed document: doc_id, symbol, title, session, date, language, paragraph count, source."""
    return list(searcher.documents.values())


@router.get(
    "/{doc_id:path}/paragraphs/{number}",
    response_model=ParagraphOut,
    responses=ERROR_RESPONSES,
    summary="One paragraph",
)
def get_paragraph(
    doc_id: str,
    number: str,
    searcher: SearcherDep,
    lang: Annotated[Lang | None, Query(description="The language version of a symbol shared by several.")] = None,
) -> dict[str, Any]:
    """One entry by the document's own number (``19``, or ``17(a)`` with split sub-items) or by its
    entry id (``summary``, ``annex, rows 1-30``, ``annex, row 12``; URL-encoded).

    ``doc_id`` may be a URL-encoded symbol (``HSP%2FHA.2%2F4``) or the symbol's own slashes.
    """
    resolved = searcher.resolve_document(doc_id, lang)
    paragraphs = searcher.document_paragraphs(resolved)
    found = find_entry(paragraphs, number)
    if found is not None:
        return found.to_dict()
    entries = [p.entry for p in paragraphs if p.paragraph is None and p.entry]
    extra = f"; unnumbered entries: {', '.join(entries[:10])}" if entries else ""
    raise NotFound(f"{resolved} has no paragraph or entry {number!r}{extra}")


@router.get("/{doc_id:path}", response_model=DocumentDetail, responses=ERROR_RESPONSES, summary="One document")
def get_document(
    doc_id: str,
    searcher: SearcherDep,
    lang: Annotated[Lang | None, Query(description="The language version of a symbol shared by several.")] = None,
) -> dict[str, Any]:
    """One document with its paragraphs in order (a doc_id or a URL-encoded symbol; ``?lang=en`` for
    the English version when the symbol has several)."""
    resolved = searcher.resolve_document(doc_id, lang)
    items = [p.to_dict() for p in searcher.document_paragraphs(resolved)]
    return {**searcher.documents[resolved], "items": items}

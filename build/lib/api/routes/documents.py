"""``/documents``: what is indexed, and every paragraph of it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import SearcherDep
from api.errors import ERROR_RESPONSES
from api.schemas import DocumentDetail, DocumentSummary, ParagraphOut
from qa.exceptions import NotFound

router = APIRouter(prefix="/documents", tags=["documents"])


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
def get_paragraph(doc_id: str, number: str, searcher: SearcherDep) -> dict[str, Any]:
    """One paragraph by the document's own number (``19``, or ``17(a)`` with split sub-items).

    ``doc_id`` may be a URL-encoded symbol (``HSP%2FHA.2%2F4``) or the symbol's own slashes.
    """
    resolved = searcher.resolve_document(doc_id)
    for p in searcher.document_paragraphs(resolved):
        if p.paragraph == number.strip():
            return p.to_dict()
    raise NotFound(f"{resolved} has no paragraph {number!r}")


@router.get("/{doc_id:path}", response_model=DocumentDetail, responses=ERROR_RESPONSES, summary="One document")
def get_document(doc_id: str, searcher: SearcherDep) -> dict[str, Any]:
    """One document with its paragraphs in order (a doc_id or a URL-encoded symbol)."""
    resolved = searcher.resolve_document(doc_id)
    items = [p.to_dict() for p in searcher.document_paragraphs(resolved)]
    return {**searcher.documents[resolved], "items": items}

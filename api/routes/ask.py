"""``/ask``: a question in, ranked cited paragraphs out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SearcherDep
from api.errors import ERROR_RESPONSES
from api.schemas import AskRequest, AskResponse, DocRef, Mode

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskResponse, responses=ERROR_RESPONSES, summary="Ask a question")
def ask(body: AskRequest, searcher: SearcherDep) -> dict[str, object]:
    """Ranked source paragraphs for a question in Chinese or English, each with its citation."""
    return searcher.search(body.question, top_k=body.top_k, mode=body.mode, documents=body.documents).to_dict()


@router.get("/ask", response_model=AskResponse, responses=ERROR_RESPONSES, summary="Ask a question (GET)")
def ask_get(
    searcher: SearcherDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="The question.", examples=["执行局的决定"])],
    top_k: Annotated[int, Query(ge=1, le=50, description="How many paragraphs (1–50).")] = 5,
    mode: Annotated[Mode, Query(description="hybrid, dense or bm25.")] = "hybrid",
    doc: Annotated[
        list[DocRef] | None, Query(description="Only these documents (doc_id or symbol, non-empty); repeatable.")
    ] = None,
) -> dict[str, object]:
    """The same as ``POST /ask``, for a browser or curl: ``/ask?q=…&top_k=5``."""
    return searcher.search(q, top_k=top_k, mode=mode, documents=doc or None).to_dict()

"""``/ask``: a question in, ranked cited paragraphs out (JSON, CSV or a citation list)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import SearcherDep
from api.errors import ERROR_RESPONSES
from api.schemas import AskRequest, AskResponse, DocRef, Lang, Mode
from qa.export import MEDIA_TYPES, export
from qa.highlight import add_marks
from qa.retrieval import SearchResult

__all__ = ["ASK_GET_RESPONSES", "ASK_POST_RESPONSES", "router", "server_timing"]

router = APIRouter(tags=["ask"])

Format = Literal["json", "csv", "md"]

_FILES: dict[str, Any] = {
    "description": (
        "The ranked paragraphs: JSON by default; CSV (`format=csv` or `Accept: text/csv`) or a citation list, "
        "one `HSP/HA.2/4, para. 19 — text` a paragraph (`format=md` or `Accept: text/markdown`)."
    ),
    "content": {
        "text/csv": {"schema": {"type": "string"}, "example": "rank,citation,citation_zh,text,…\r\n1,…"},
        "text/markdown": {"schema": {"type": "string"}, "example": "HSP/HA.2/4, para. 19 — ……\n"},
    },
}
ASK_GET_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _FILES,
    404: {**ERROR_RESPONSES[404], "description": "A document named in `doc` is not indexed."},
    422: ERROR_RESPONSES[422],
    503: ERROR_RESPONSES[503],
}
ASK_POST_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ASK_GET_RESPONSES,
    404: {**ERROR_RESPONSES[404], "description": "A document named in `documents` is not indexed."},
    413: ERROR_RESPONSES[413],
}

FormatQuery = Annotated[
    Format | None,
    Query(
        alias="format",
        description="json (default), csv, or md (a citation list to paste into a document). "
        "Overrides the Accept header.",
    ),
]


def _wanted(fmt: str | None, request: Request) -> str:
    if fmt:
        return fmt
    accept = request.headers.get("accept", "")
    for name, media in (("csv", "text/csv"), ("md", "text/markdown")):
        if media in accept and "application/json" not in accept:
            return name
    return "json"


def server_timing(stages: Mapping[str, float]) -> str:
    """A ``Server-Timing`` header value: ``analyse;dur=0.41, encode;dur=17.2, …`` (milliseconds)."""
    return ", ".join(f"{name};dur={ms:.2f}" for name, ms in stages.items())


def _respond(result: SearchResult, fmt: str) -> Response:
    started = time.perf_counter()
    data = add_marks(result.to_dict())
    response: Response
    if fmt == "json":
        response = JSONResponse(data)
    else:
        filename = "results.csv" if fmt == "csv" else "citations.md"
        response = Response(
            export(data, fmt),
            media_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8",
            headers={"content-disposition": f'inline; filename="{filename}"'},
        )
    serialize = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = server_timing({**result.timings, "serialize": serialize})
    return response


@router.post("/ask", response_model=AskResponse, responses=ASK_POST_RESPONSES, summary="Ask a question")
def ask(body: AskRequest, searcher: SearcherDep, request: Request, fmt: FormatQuery = None) -> Response:
    """Ranked source paragraphs for a question in any of the six official languages, each with its citation."""
    result = searcher.search(body.question, top_k=body.top_k, mode=body.mode, documents=body.documents, lang=body.lang)
    return _respond(result, _wanted(fmt, request))


@router.get("/ask", response_model=AskResponse, responses=ASK_GET_RESPONSES, summary="Ask a question (GET)")
def ask_get(
    searcher: SearcherDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="The question.", examples=["执行局的决定"])],
    top_k: Annotated[int, Query(ge=1, le=50, description="How many paragraphs (1–50).")] = 5,
    mode: Annotated[Mode, Query(description="hybrid (Best match), dense (Meaning) or bm25 (Exact words).")] = "hybrid",
    doc: Annotated[
        list[DocRef] | None, Query(description="Only these documents (doc_id or symbol, non-empty); repeatable.")
    ] = None,
    lang: Annotated[
        Lang | None, Query(description="Which language version leads a hit (zh, en, fr, es, ru, ar).")
    ] = None,
    fmt: FormatQuery = None,
) -> Response:
    """The same as ``POST /ask``, for a browser or curl.

    With curl, let it encode the question:
    ``curl -G --data-urlencode 'q=执行局' --data-urlencode 'top_k=3' http://127.0.0.1:8000/ask``.
    """
    result = searcher.search(q, top_k=top_k, mode=mode, documents=doc or None, lang=lang)
    return _respond(result, _wanted(fmt, request))

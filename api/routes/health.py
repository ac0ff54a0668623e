"""``/health``: 200 once the service can answer questions."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SearcherDep
from api.errors import ERROR_RESPONSES
from api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: ERROR_RESPONSES[503]}, summary="Health")
def health(searcher: SearcherDep) -> dict[str, object]:
    """Status, model, numbers of documents and paragraphs, and the index fingerprint.

    503 when the store does not answer (a Milvus server down or frozen), within its timeout."""
    searcher.store.ping()
    m = searcher.index.manifest
    return {
        "status": "ok",
        "model": m.model,
        "documents": m.documents,
        "paragraphs": m.paragraphs,
        "index_fingerprint": m.fingerprint,
        "faiss_type": m.faiss_type,
    }

"""``/health``: 200 once the service can answer questions."""

from __future__ import annotations

import time

from fastapi import APIRouter

from api.deps import SearcherDep
from api.errors import ERROR_RESPONSES
from api.schemas import HealthResponse
from qa.service import index_generation

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: ERROR_RESPONSES[503]}, summary="Health")
def health(searcher: SearcherDep) -> dict[str, object]:
    """Status, model, numbers of documents and paragraphs, the index fingerprint, and which build is served.

    ``index_generation`` changes with every build of the index (an upload, or `qa add`, `qa remove` or
    `qa index` in another process: the service follows within a second); ``index_built_at`` is when it was built.
    503 when the store does not answer (a Milvus server down or frozen), within its timeout.
    """
    searcher.store.ping()
    m = searcher.index.manifest
    generation = index_generation(m)
    return {
        "status": "ok",
        "model": m.model,
        "documents": m.documents,
        "paragraphs": m.paragraphs,
        "index_fingerprint": m.fingerprint,
        "faiss_type": m.faiss_type,
        "index_generation": generation.id,
        "index_built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(generation.built_at)),
    }

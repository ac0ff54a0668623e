"""Dependencies shared by the routes."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from qa.exceptions import IndexNotBuilt
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["AdminDep", "SearcherDep", "SettingsDep", "get_searcher", "get_settings", "require_admin"]


# The dependencies are ``async`` (they never block): FastAPI runs a plain ``def`` dependency on its
# thread pool, one more thread hop per request before the route's own.


async def get_searcher(request: Request) -> Searcher:
    searcher: Searcher | None = getattr(request.app.state, "searcher", None)
    if searcher is None:
        raise IndexNotBuilt("the index is still loading; try again in a moment")
    return searcher


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SearcherDep = Annotated[Searcher, Depends(get_searcher)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def require_admin(request: Request) -> None:
    """Writes need ``QA_ADMIN_TOKEN`` set on the server and sent as ``Authorization: Bearer <token>``."""
    token = (await get_settings(request)).admin_token
    if not token:
        raise HTTPException(
            403,
            "adding and removing documents is off: start the server with QA_ADMIN_TOKEN=<a secret> "
            "and send it as 'Authorization: Bearer <secret>'",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "send the admin token as 'Authorization: Bearer <QA_ADMIN_TOKEN>'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(403, "wrong admin token")


AdminDep = Depends(require_admin)

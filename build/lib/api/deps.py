"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from qa.exceptions import IndexNotBuilt
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["SearcherDep", "SettingsDep", "get_searcher", "get_settings"]


def get_searcher(request: Request) -> Searcher:
    searcher: Searcher | None = getattr(request.app.state, "searcher", None)
    if searcher is None:
        raise IndexNotBuilt("the index is still loading; try again in a moment")
    return searcher


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SearcherDep = Annotated[Searcher, Depends(get_searcher)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

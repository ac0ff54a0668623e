"""Open the store the settings name (``QA_STORE``): the local index folder or a Milvus collection."""

from __future__ import annotations

from pathlib import Path

from index.stores.base import IndexStore
from index.stores.local import LocalStore
from index.stores.milvus import MilvusConfig, MilvusStore
from qa.settings import Settings

__all__ = ["milvus_config", "open_store"]


def milvus_config(settings: Settings) -> MilvusConfig:
    return MilvusConfig(
        uri=settings.milvus_uri,
        token=settings.milvus_token,
        collection=settings.milvus_collection,
        index_type=settings.milvus_index_type,
        timeout=settings.milvus_timeout,
    )


def open_store(settings: Settings, *, model: str | None = None, dim: int | None = None) -> IndexStore:
    """The local index folder or the Milvus collection, checked against ``model`` and ``dim``."""
    if settings.store == "milvus":
        return MilvusStore.open(milvus_config(settings), model=model, dim=dim)
    return LocalStore.open(Path(settings.index_dir), model=model, dim=dim)

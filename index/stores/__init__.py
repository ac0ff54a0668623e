"""Where the paragraphs, vectors and BM25 postings live: the local folder or a Milvus collection."""

from index.stores.base import IndexStore, paragraph_key

__all__ = ["IndexStore", "paragraph_key"]

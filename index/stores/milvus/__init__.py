"""The index in Milvus (a laptop ``milvus-lite server`` or a cluster, same API), split by job:

* :mod:`~index.stores.milvus.connection`: configuration, deadlines on every call, failures as our errors;
* :mod:`~index.stores.milvus.schema`: the collections of one build (a generation), rows and meta records;
* :mod:`~index.stores.milvus.build`: building a generation, switching the alias, dropping old generations;
* :mod:`~index.stores.milvus.lexical`: BM25 as sparse vectors whose inner product is the local store's BM25;
* :mod:`~index.stores.milvus.store`: :class:`MilvusStore`, the searches, reads and writes.
"""

from index.stores.milvus.build import KEEP, build_milvus, prune_generations
from index.stores.milvus.connection import INDEX_TYPES, Client, MilvusConfig
from index.stores.milvus.lexical import LexicalWeights
from index.stores.milvus.schema import encode_term
from index.stores.milvus.store import AliasWatch, MilvusStore, store_info

__all__ = [
    "INDEX_TYPES",
    "AliasWatch",
    "KEEP",
    "Client",
    "LexicalWeights",
    "MilvusConfig",
    "MilvusStore",
    "build_milvus",
    "encode_term",
    "prune_generations",
    "store_info",
]

"""The errors the index stage raises (the whole tree is drawn in :mod:`qa.exceptions`)::

QAError (corpus.errors)
├── ConfigurationError     a setting or model choice that cannot work
└── IndexStateError        the index folder cannot serve
    ├── IndexNotBuilt      no index at that place
    ├── IndexIncompatible  another format version, model or dimension
    ├── IndexCorrupt       a file is missing or unreadable
    ├── UnsafeIndexPath    the index or cache path holds something that is not ours (left untouched)
    ├── IndexWriteError    the disk refused a write (read-only, full); the previous index is unchanged
    └── StoreUnavailable   the index server (Milvus) does not answer
"""

from __future__ import annotations

from corpus.errors import QAError

__all__ = [
    "ConfigurationError",
    "IndexStateError",
    "IndexNotBuilt",
    "IndexIncompatible",
    "IndexCorrupt",
    "UnsafeIndexPath",
    "IndexWriteError",
    "StoreUnavailable",
]


class ConfigurationError(QAError):
    """A setting, model name or option that cannot work."""


class IndexStateError(QAError):
    """The index folder cannot serve questions."""


class IndexNotBuilt(IndexStateError):
    """There is no index at the configured place."""


class IndexIncompatible(IndexStateError):
    """The index was built with another format, model or dimension."""


class IndexCorrupt(IndexStateError):
    """A file of the index is missing, truncated or unreadable."""


class UnsafeIndexPath(IndexStateError):
    """The index folder or embedding cache path holds something this service did not make.

    The service writes only into a missing or empty folder or one holding its own index, and
    never renames or deletes what it did not create; the path is left exactly as it was.
    """


class IndexWriteError(IndexStateError):
    """The disk refused to write the index, its lock or the embedding cache (read-only, full…).

    The previous index, if any, is unchanged and the temporary folder has been removed.
    """


class StoreUnavailable(IndexStateError):
    """The index server (``QA_STORE=milvus``) is unreachable or failed; the message names its URI."""

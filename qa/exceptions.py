"""Every error the library raises on purpose.

Hierarchy::

    QAError
    ├── CorpusError            a document or the manifest cannot be read
    │   ├── DocumentConflict   an added document's symbol is already in the corpus
    │   ├── UploadTooLarge     an added document is over the size cap
    │   └── CorpusWriteError   the disk refused a write to the corpus folder (read-only, full)
    ├── ConfigurationError     a setting or model choice that cannot work
    │   └── DictionaryError    the bilingual dictionary is missing or unreadable
    ├── IndexStateError        the index folder cannot serve
    │   ├── IndexNotBuilt      no index at that place
    │   ├── IndexIncompatible  another format version, model or dimension
    │   ├── IndexCorrupt       a file is missing or unreadable
    │   ├── UnsafeIndexPath    the index or cache path holds something that is not ours (left untouched)
    │   ├── IndexWriteError    the disk refused a write (read-only, full); the previous index is unchanged
    │   └── StoreUnavailable   the index server (Milvus) does not answer
    ├── QueryError             a question or search option is unusable
    ├── NotFound               an unknown document or paragraph
    ├── Overloaded             too many questions waiting; try again after ``retry_after`` seconds
    └── EvaluationError        a question set cannot be read or used

Each stage defines the errors it raises: ``corpus.errors`` (the root ``QAError``, ``CorpusError``,
``NotFound``…), ``index.errors`` (``ConfigurationError``, the ``IndexStateError`` family) and this
module (the rest); this module re-exports them all, so callers import every error from here.
Library code raises these; only ``api/`` turns them into HTTP responses.
"""

from __future__ import annotations

from corpus.errors import CorpusError, CorpusWriteError, DocumentConflict, NotFound, QAError, UploadTooLarge
from index.errors import (
    ConfigurationError,
    IndexCorrupt,
    IndexIncompatible,
    IndexNotBuilt,
    IndexStateError,
    IndexWriteError,
    StoreUnavailable,
    UnsafeIndexPath,
)

__all__ = [
    "QAError",
    "CorpusError",
    "DocumentConflict",
    "UploadTooLarge",
    "CorpusWriteError",
    "ConfigurationError",
    "DictionaryError",
    "IndexStateError",
    "IndexNotBuilt",
    "IndexIncompatible",
    "IndexCorrupt",
    "UnsafeIndexPath",
    "IndexWriteError",
    "StoreUnavailable",
    "QueryError",
    "NotFound",
    "Overloaded",
    "EvaluationError",
]


class DictionaryError(ConfigurationError):
    """The CC-CEDICT dictionary that translates English questions is missing or unreadable."""


class QueryError(QAError):
    """A question or a search option is unusable (empty, too long, unknown mode…)."""


class Overloaded(QAError):
    """Too many questions are waiting; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class EvaluationError(QAError):
    """A question set cannot be read or refers to nothing in the corpus."""

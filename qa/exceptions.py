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

Library code raises these; only ``api/`` turns them into HTTP responses.
"""

from __future__ import annotations

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


class QAError(Exception):
    """Base class of every error this project raises on purpose."""


class CorpusError(QAError):
    """A document or the manifest cannot be read or makes no sense."""


class DocumentConflict(CorpusError):
    """A different file with a symbol (and language) already in the corpus, added without ``replace``."""


class UploadTooLarge(CorpusError):
    """A document to add is larger than the configured cap."""


class CorpusWriteError(CorpusError):
    """The disk refused a write to the corpus folder (read-only, no permission, full); nothing changed."""


class ConfigurationError(QAError):
    """A setting, model name or option that cannot work."""


class DictionaryError(ConfigurationError):
    """The CC-CEDICT dictionary that translates English questions is missing or unreadable."""


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


class QueryError(QAError):
    """A question or a search option is unusable (empty, too long, unknown mode…)."""


class NotFound(QAError):
    """An unknown document or paragraph."""


class Overloaded(QAError):
    """Too many questions are waiting; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class EvaluationError(QAError):
    """A question set cannot be read or refers to nothing in the corpus."""

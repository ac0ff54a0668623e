"""The errors the corpus stage raises, and the root every error of the project shares.

Hierarchy (the whole tree is drawn in :mod:`qa.exceptions`)::

    QAError                    root of every error this project raises on purpose
    ├── CorpusError            a document or the manifest cannot be read
    │   ├── DocumentConflict   an added document's symbol is already in the corpus
    │   ├── UploadTooLarge     an added document is over the size cap
    │   └── CorpusWriteError   the disk refused a write to the corpus folder (read-only, full)
    └── NotFound               an unknown document or paragraph
"""

from __future__ import annotations

__all__ = ["QAError", "CorpusError", "DocumentConflict", "UploadTooLarge", "CorpusWriteError", "NotFound"]


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


class NotFound(QAError):
    """An unknown document or paragraph."""

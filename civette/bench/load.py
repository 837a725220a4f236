"""A bounded load on the assistant over REST: a fixed number of conversations, at most
`concurrency` talking at once, each a fixed script of customer messages."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Sequence

import requests

TIMEOUT_S = 60


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


@dataclass
class LoadResult:
    """Latencies (ms) by turn of the script, over every conversation, and the wall time."""
    latencies_by_turn: Dict[int, List[float]] = field(default_factory=dict)
    wall_s: float = 0.0
    errors: int = 0

    def latencies(self, turns: Sequence[int] = ()) -> List[float]:
        chosen = turns or list(self.latencies_by_turn)
        return [ms for turn in chosen for ms in self.latencies_by_turn.get(turn, [])]

    def summary(self, turns: Sequence[int] = ()) -> Dict[str, float]:
        values = self.latencies(turns)
        return {
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
            "messages_per_s": len(self.latencies()) / self.wall_s,
        }


def _talk(base_url: str, script: Sequence[str], result: LoadResult, lock: threading.Lock,
          expect: Sequence[str]) -> None:
    sender = f"bench-{uuid.uuid4().hex}"
    with requests.Session() as http:
        for turn, text in enumerate(script):
            started = time.perf_counter()
            try:
                response = http.post(f"{base_url}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": text}, timeout=TIMEOUT_S)
                response.raise_for_status()
                replies = " ".join(m.get("text") or "" for m in response.json())
                ok = bool(replies) and (not expect[turn] or expect[turn] in replies)
            except requests.RequestException:
                ok = False
            elapsed_ms = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_by_turn.setdefault(turn, []).append(elapsed_ms)
                result.errors += not ok


def run_load(base_url: str, script: Sequence[str], conversations: int, concurrency: int,
             expect: Sequence[str] = (), ramp_s: float = 0.5) -> LoadResult:
    """Plays `conversations` conversations of `script`, `concurrency` at a time. A turn whose
    reply is empty, fails, or lacks its `expect` text (same index; "" for any) counts as an error.
    The first conversations start spread over `ramp_s` seconds, as customers do, not all in the
    same millisecond."""
    expect = list(expect) or [""] * len(script)
    result, lock = LoadResult(), threading.Lock()
    remaining = iter(range(conversations))
    take = threading.Lock()

    def worker(index: int) -> None:
        time.sleep(ramp_s * index / concurrency)
        while True:
            with take:
                if next(remaining, None) is None:
                    return
            _talk(base_url, script, result, lock, expect)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_s = time.perf_counter() - started
    return result

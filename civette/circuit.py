"""A circuit breaker for a remote service: after a failure, calls are refused at once for a
cool-down, so a dead or hanging service costs one timeout, not one per message."""

from __future__ import annotations

import threading
import time
from typing import Callable


class CircuitBreaker:
    def __init__(self, cooldown_s: float = 30.0, failures_to_open: int = 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown_s = cooldown_s
        self.failures_to_open = failures_to_open
        self.clock = clock
        self._failures = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allows_call(self) -> bool:
        """False while the circuit is open; after the cool-down one call is let through to try."""
        with self._lock:
            return self.clock() >= self._open_until

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self.failures_to_open:
                self._open_until = self.clock() + self.cooldown_s

"""Sliding-window counters that throttle repeated failures (login) per account and per IP."""

from __future__ import annotations

import time
from collections import defaultdict, deque

__all__ = ["FailureThrottle"]


class FailureThrottle:
    """Counts failures per key in a window; a key at its limit must wait for the oldest to expire.

    In-memory: right for the embedded default (one process). The security issue moves it to Redis
    for several replicas.
    """

    def __init__(self, *, window_seconds: float) -> None:
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def retry_after(self, key: str, limit: int) -> float:
        """Seconds until ``key`` may try again, 0 when it may now."""
        now = time.monotonic()
        failures = self._failures.get(key)
        if not failures:
            return 0.0
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if len(failures) < limit:
            return 0.0
        return failures[0] + self.window - now

    def record_failure(self, key: str) -> None:
        self._failures[key].append(time.monotonic())

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)

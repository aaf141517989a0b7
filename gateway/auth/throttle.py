"""Login lock-out: failures counted per account and per IP; each further lock-out lasts longer.

Backed by a ``RateLimiter`` (gateway/auth/rate_limits.py), so replicas sharing Redis share it.
"""

from __future__ import annotations

from gateway.auth.rate_limits import MemoryRateLimiter, RateLimiter

__all__ = ["FailureThrottle"]


class FailureThrottle:
    """``limit`` failures of a key within the window lock it out.

    The first lock-out lasts one window; each further one, while the key's lock-outs are
    remembered (twice ``max_lockout_seconds`` after the last), ``backoff_factor`` times longer,
    capped at ``max_lockout_seconds``. A success resets the key.
    """

    def __init__(self, limiter: RateLimiter | None = None, *, window_seconds: float,
                 backoff_factor: float = 2.0, max_lockout_seconds: float = 24 * 3600) -> None:
        self.limiter: RateLimiter = limiter or MemoryRateLimiter()
        self.window = window_seconds
        self.backoff_factor = backoff_factor
        self.max_lockout = max_lockout_seconds

    async def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may try again, 0 when it may now."""
        return await self.limiter.blocked_for(f"lock:{key}")

    async def record_failure(self, key: str, limit: int) -> float:
        """Count a failure; return the lock-out it started (0 when none)."""
        failures = await self.limiter.record(f"fail:{key}", window=self.window)
        if failures < limit:
            return 0.0
        # Remembered for twice the longest lock-out, so waiting one out does not reset the backoff.
        lockouts = await self.limiter.bump(f"lockouts:{key}", ttl=2 * self.max_lockout)
        growth = self.backoff_factor ** min(lockouts - 1, 64)  # bounded: no float overflow
        seconds = min(self.window * growth, self.max_lockout)
        await self.limiter.block(f"lock:{key}", seconds)
        await self.limiter.clear(f"fail:{key}")
        return seconds

    async def reset(self, key: str) -> None:
        await self.limiter.clear(f"fail:{key}", f"lockouts:{key}")

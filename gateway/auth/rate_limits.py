"""Rate limits per client IP and per account, in memory (one process) or in Redis (replicas).

A ``RateLimiter`` keeps sliding-window counters, lock-outs and plain counters; ``RateLimits``
pairs one with the configured rules (``SELLERGATE_RATE_LIMIT_*``). Services call
``check_rate(kind, key)``, which raises ``RateLimited`` (GraphQL ``RATE_LIMITED`` with
``retryAfter``, HTTP 429 with ``Retry-After``).

Example::

    await check_rate("privacy_request_account", str(principal.account_id))
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gateway.errors import RateLimited, ServiceUnavailable
from gateway.settings import Settings

if TYPE_CHECKING:  # redis is imported where it is used: most processes never load it
    from redis import asyncio as aioredis

__all__ = [
    "MemoryRateLimiter",
    "RateLimiter",
    "RateLimits",
    "RedisRateLimiter",
    "Rule",
    "check_rate",
    "current",
    "install",
    "limiter_for",
]

log = logging.getLogger(__name__)
Clock = Callable[[], float]


class RateLimiter(Protocol):
    """Counters shared by every process that uses the same backend."""

    async def hit(self, key: str, *, limit: int, window: float) -> float:
        """Count one event unless ``key`` already had ``limit`` in the last ``window`` seconds.

        :returns: 0 when the event was counted, else the seconds until one would be.
        """

    async def record(self, key: str, *, window: float) -> int:
        """Count one event unconditionally; return the events of the last ``window`` seconds."""

    async def block(self, key: str, seconds: float) -> None:
        """Lock ``key`` out for ``seconds``."""

    async def blocked_for(self, key: str) -> float:
        """Seconds left of ``key``'s lock-out, 0 when it is not locked out."""

    async def bump(self, key: str, *, ttl: float) -> int:
        """Increment a counter forgotten ``ttl`` seconds after its last increment."""

    async def clear(self, *keys: str) -> None:
        """Forget everything about ``keys``."""

    async def close(self) -> None:
        """Release connections."""


class MemoryRateLimiter:
    """The embedded default: counters in this process, lost on restart."""

    _SWEEP_EVERY = 10_000  # operations between sweeps of keys nobody asked about lately

    def __init__(self, *, clock: Clock = time.time) -> None:
        self.clock = clock
        self._events: dict[str, tuple[float, deque[float]]] = {}
        self._blocks: dict[str, float] = {}
        self._counters: dict[str, tuple[int, float]] = {}
        self._operations = 0

    def _window(self, key: str, window: float, now: float) -> deque[float]:
        self._operations += 1
        if self._operations % self._SWEEP_EVERY == 0:
            self._sweep(now)
        entry = self._events.get(key)
        events: deque[float] = entry[1] if entry else deque()
        self._events[key] = (window, events)
        while events and events[0] <= now - window:
            events.popleft()
        return events

    def _sweep(self, now: float) -> None:
        self._events = {k: (w, e) for k, (w, e) in self._events.items() if e and e[-1] > now - w}
        self._blocks = {k: until for k, until in self._blocks.items() if until > now}
        self._counters = {k: (n, exp) for k, (n, exp) in self._counters.items() if exp > now}

    async def hit(self, key: str, *, limit: int, window: float) -> float:
        now = self.clock()
        events = self._window(key, window, now)
        if len(events) < limit:
            events.append(now)
            return 0.0
        return events[len(events) - limit] + window - now

    async def record(self, key: str, *, window: float) -> int:
        now = self.clock()
        events = self._window(key, window, now)
        events.append(now)
        return len(events)

    async def block(self, key: str, seconds: float) -> None:
        self._blocks[key] = self.clock() + seconds

    async def blocked_for(self, key: str) -> float:
        return max(self._blocks.get(key, 0.0) - self.clock(), 0.0)

    async def bump(self, key: str, *, ttl: float) -> int:
        now = self.clock()
        count, expires = self._counters.get(key, (0, now))
        count = count + 1 if expires > now else 1
        self._counters[key] = (count, now + ttl)
        return count

    async def clear(self, *keys: str) -> None:
        for key in keys:
            self._events.pop(key, None)
            self._blocks.pop(key, None)
            self._counters.pop(key, None)

    async def close(self) -> None:
        return None


# Sliding window log in a sorted set: prune, count, maybe add, in one atomic step. Times come from
# the caller (replicas keep NTP time) so tests can move the clock; floats travel as strings
# because Redis truncates Lua numbers to integers.
_HIT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return tostring(tonumber(oldest[2]) + window - now)
"""
_RECORD = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return redis.call('ZCARD', KEYS[1])
"""
_BUMP = """
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return count
"""


class RedisRateLimiter:
    """Counters in Redis, shared by every replica; an unreachable Redis answers 503."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = "sellergate:rl:",
                 clock: Clock = time.time) -> None:
        from redis.exceptions import RedisError

        self._errors = (RedisError,)
        self.client = client
        self.prefix = prefix
        self.clock = clock
        self._hit = client.register_script(_HIT)
        self._record = client.register_script(_RECORD)
        self._bump = client.register_script(_BUMP)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisRateLimiter:
        from redis import asyncio as aioredis

        return cls(aioredis.Redis.from_url(url, decode_responses=True), **options)

    def _member(self, now: float) -> str:
        return f"{now!r}:{uuid.uuid4().hex[:8]}"  # unique: two hits in one instant both count

    async def _call(self, script: Any, key: str, *args: object) -> Any:
        try:
            return await script(keys=[self.prefix + key], args=list(args))
        except self._errors as exc:
            log.warning("rate-limit store unavailable: %s", type(exc).__name__)
            raise ServiceUnavailable("the rate-limit store is unavailable: try again shortly",
                                     retryAfter=2) from exc

    async def hit(self, key: str, *, limit: int, window: float) -> float:
        now = self.clock()
        return float(await self._call(self._hit, key, repr(now), repr(window), limit,
                                      self._member(now)))

    async def record(self, key: str, *, window: float) -> int:
        now = self.clock()
        return int(await self._call(self._record, key, repr(now), repr(window),
                                    self._member(now)))

    async def block(self, key: str, seconds: float) -> None:
        until = self.clock() + seconds
        try:
            await self.client.set(self.prefix + key, repr(until),
                                  px=max(math.ceil(seconds * 1000), 1))
        except self._errors as exc:
            raise ServiceUnavailable("the rate-limit store is unavailable: try again shortly",
                                     retryAfter=2) from exc

    async def blocked_for(self, key: str) -> float:
        try:
            until = await self.client.get(self.prefix + key)
        except self._errors as exc:
            raise ServiceUnavailable("the rate-limit store is unavailable: try again shortly",
                                     retryAfter=2) from exc
        return max(float(until) - self.clock(), 0.0) if until else 0.0

    async def bump(self, key: str, *, ttl: float) -> int:
        return int(await self._call(self._bump, key, max(math.ceil(ttl * 1000), 1)))

    async def clear(self, *keys: str) -> None:
        if keys:
            try:
                await self.client.delete(*(self.prefix + key for key in keys))
            except self._errors as exc:
                raise ServiceUnavailable("the rate-limit store is unavailable: try again "
                                         "shortly", retryAfter=2) from exc

    async def close(self) -> None:
        await self.client.aclose()  # type: ignore[attr-defined]  # types-redis predates aclose


def limiter_for(settings: Settings, *, clock: Clock = time.time) -> RateLimiter:
    """Redis when SELLERGATE_RATE_LIMIT_REDIS_URL or a redis:// broker is set, else memory."""
    url = settings.rate_limit_redis_url
    if not url and settings.broker_url.startswith(("redis://", "rediss://")):
        url = settings.broker_url
    if url:
        return RedisRateLimiter.from_url(url, clock=clock)
    return MemoryRateLimiter(clock=clock)


@dataclass(frozen=True, slots=True)
class Rule:
    """At most ``limit`` events per ``window`` seconds (``limit`` <= 0: no limit)."""

    limit: int
    window: float
    what: str  # for the error message: what was counted


def rules_from(settings: Settings) -> dict[str, Rule]:
    s = settings
    return {
        "log_in_ip": Rule(s.rate_limit_log_in_per_ip_per_minute, 60, "log-in attempts"),
        "log_in_account": Rule(s.rate_limit_log_in_per_account_per_minute, 60,
                               "log-in attempts for this account"),
        "sign_up_ip": Rule(s.rate_limit_sign_up_per_ip_per_hour, 3600, "sign-ups"),
        "webhook_ip": Rule(s.rate_limit_webhooks_per_ip_per_minute, 60, "webhook deliveries"),
        "privacy_request_ip": Rule(s.rate_limit_privacy_requests_per_ip_per_hour, 3600,
                                   "privacy requests"),
        "privacy_request_account": Rule(s.rate_limit_privacy_requests_per_account_per_hour,
                                        3600, "privacy requests for this account"),
    }


class RateLimits:
    """A limiter with the configured rules, one per app (see ``install``)."""

    def __init__(self, limiter: RateLimiter, rules: dict[str, Rule]) -> None:
        self.limiter = limiter
        self.rules = rules

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = time.time) -> RateLimits:
        return cls(limiter_for(settings, clock=clock), rules_from(settings))

    async def check(self, kind: str, key: str) -> None:
        """Count one ``kind`` event for ``key``; raise RateLimited when over the rule."""
        rule = self.rules.get(kind)
        if rule is None:
            raise ValueError(f"unknown rate-limit kind {kind!r}: one of {', '.join(self.rules)}")
        if rule.limit <= 0:
            return
        wait = await self.limiter.hit(f"{kind}:{key}", limit=rule.limit, window=rule.window)
        if wait > 0:
            raise RateLimited(f"too many {rule.what}: try again in {math.ceil(wait)} s", wait)

    async def close(self) -> None:
        await self.limiter.close()


_installed: RateLimits | None = None


def install(limits: RateLimits | None) -> None:
    """Make ``limits`` the ones ``check_rate`` uses (the app does it at start-up)."""
    global _installed
    _installed = limits


def current() -> RateLimits:
    """The installed limits; outside an app, in-memory ones with the default rules."""
    global _installed
    if _installed is None:
        _installed = RateLimits(MemoryRateLimiter(), rules_from(Settings.model_construct()))
    return _installed


async def check_rate(kind: str, key: str) -> None:
    """Count one event of ``kind`` for ``key`` (an IP, an account id); raise RateLimited.

    Kinds: ``log_in_ip``, ``log_in_account``, ``sign_up_ip``, ``webhook_ip``,
    ``privacy_request_ip``, ``privacy_request_account``.
    """
    await current().check(kind, key)

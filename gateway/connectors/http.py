"""The HTTP session every connector shares: timeouts, bounded retries with backoff, and the
upstream's own rate-limit signals (``Retry-After``) honoured."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import FrameType
from typing import Any

import aiohttp

from gateway.connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from gateway.observability import observe_connector_request, observe_rate_limit_wait

__all__ = ["Response", "RetryPolicy", "UpstreamSession", "retry_after_seconds"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.2
    max_delay: float = 10.0
    max_rate_limit_wait: float = 30.0  # longer waits are left to the job's retry

    def backoff(self, attempt: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2**attempt)
        return delay * (0.5 + random.random() / 2)  # jitter keeps replicas from marching in step


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        import orjson

        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            raise UpstreamBadResponse(f"invalid JSON from upstream (HTTP {self.status})") from exc


def retry_after_seconds(headers: Mapping[str, str], default: float = 1.0) -> float:
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def _calling_plugin() -> str:
    """The ``name`` of the connector whose method called ``UpstreamSession.request``.

    Plugins share one session and call it directly (the SDK contract): rather than asking every
    plugin to pass its name, the session reads it from the caller, a connector method.
    """
    frame: FrameType | None = sys._getframe(2)
    for _ in range(4):
        if frame is None:
            break
        owner = frame.f_locals.get("self")
        name = getattr(type(owner), "name", None)
        if isinstance(name, str) and hasattr(owner, "data_categories"):
            return name
        frame = frame.f_back
    return "other"


class UpstreamSession:
    """One aiohttp session for all connectors of a process.

    ``request`` retries network errors, 5xx and 429 (sleeping what ``Retry-After`` says, within
    ``max_rate_limit_wait``), maps 401/403 to ``UpstreamAuthError`` and returns other responses
    for the connector to interpret (upstream-specific throttling in a 200 body included).
    """

    def __init__(self, *, timeout: float = 20.0, policy: RetryPolicy | None = None) -> None:
        self.timeout = aiohttp.ClientTimeout(total=timeout, connect=5.0)
        self.policy = policy or RetryPolicy()
        self._session: aiohttp.ClientSession | None = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def wait_rate_limit(self, seconds: float) -> None:
        """Wait out a rate limit the upstream signalled in its answer's body (Shopify's
        ``THROTTLED``), counted in the connector metrics like a 429's ``Retry-After`` wait."""
        observe_rate_limit_wait(_calling_plugin(), seconds)
        await asyncio.sleep(seconds)

    async def request(self, method: str, url: str, *, allow_statuses: tuple[int, ...] = (),
                      **kwargs: Any) -> Response:
        """Send with retries. ``allow_statuses`` are returned as they are (no mapping)."""
        plugin = _calling_plugin()
        client = await self._client()
        last_error: Exception | None = None
        for attempt in range(self.policy.attempts):
            started = time.perf_counter()
            try:
                async with client.request(method, url, **kwargs) as raw:
                    response = Response(raw.status, dict(raw.headers), await raw.read())
            except (aiohttp.ClientError, TimeoutError) as exc:
                observe_connector_request(plugin, None, time.perf_counter() - started)
                last_error = UpstreamUnavailable(f"{method} {url}: {type(exc).__name__}")
                await asyncio.sleep(self.policy.backoff(attempt))
                continue
            observe_connector_request(plugin, response.status, time.perf_counter() - started)
            if response.status in allow_statuses:
                return response
            if response.status == 429:
                wait = retry_after_seconds(response.headers)
                last_error = UpstreamRateLimited(f"{method} {url}: rate limited", wait)
                if wait > self.policy.max_rate_limit_wait:
                    raise last_error
                observe_rate_limit_wait(plugin, wait)
                await asyncio.sleep(wait)
                continue
            if response.status >= 500:
                last_error = UpstreamUnavailable(f"{method} {url}: HTTP {response.status}")
                await asyncio.sleep(self.policy.backoff(attempt))
                continue
            if response.status in (401, 403):
                raise UpstreamAuthError(f"{method} {url}: HTTP {response.status}")
            return response
        assert last_error is not None
        raise last_error

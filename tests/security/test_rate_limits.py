"""Rate limits per IP and account, login lock-out with backoff, on memory and on Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.auth.rate_limits import (
    MemoryRateLimiter,
    RateLimiter,
    RateLimits,
    RedisRateLimiter,
    check_rate,
    limiter_for,
    rules_from,
)
from gateway.auth.throttle import FailureThrottle
from gateway.errors import RateLimited
from tests.graphql_client import gql, sign_up


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Any, Clock]]:
    clock = Clock()
    if request.param == "memory":
        yield (lambda: MemoryRateLimiter(clock=clock)), clock
        return
    url = request.getfixturevalue("redis_url")
    prefix = f"test:{uuid.uuid4().hex}:"
    made: list[RedisRateLimiter] = []

    def replica() -> RateLimiter:
        made.append(RedisRateLimiter.from_url(url, prefix=prefix, clock=clock))
        return made[-1]

    yield replica, clock
    for limiter in made:
        await limiter.close()


async def test_a_sliding_window_counts_up_to_its_limit_then_says_how_long_to_wait(backend):
    make, clock = backend
    limiter = make()
    for _ in range(3):
        assert await limiter.hit("ip:1", limit=3, window=60) == 0
    assert await limiter.hit("ip:1", limit=3, window=60) == pytest.approx(60)
    clock.now += 30
    assert await limiter.hit("ip:1", limit=3, window=60) == pytest.approx(30)
    assert await limiter.hit("ip:2", limit=3, window=60) == 0  # keys are separate
    clock.now += 31
    assert await limiter.hit("ip:1", limit=3, window=60) == 0


async def test_replicas_sharing_a_backend_share_the_counts(backend):
    make, _ = backend
    first = make()
    second = first if isinstance(first, MemoryRateLimiter) else make()
    assert await first.hit("acct", limit=2, window=60) == 0
    assert await second.hit("acct", limit=2, window=60) == 0
    assert await first.hit("acct", limit=2, window=60) > 0


async def test_each_further_lockout_lasts_longer(backend):
    make, clock = backend
    throttle = FailureThrottle(make(), window_seconds=100, backoff_factor=2, max_lockout_seconds=350)
    lockouts = []
    for _ in range(4):
        assert await throttle.retry_after("account:x") == 0
        for _ in range(3):
            await throttle.record_failure("account:x", 3)
        lockouts.append(await throttle.retry_after("account:x"))
        clock.now += lockouts[-1] + 1
    assert lockouts == pytest.approx([100, 200, 350, 350])
    await throttle.reset("account:x")
    for _ in range(3):
        await throttle.record_failure("account:x", 3)
    assert await throttle.retry_after("account:x") == pytest.approx(100)  # success forgot the past


async def test_the_broker_redis_backs_the_limits_when_no_url_of_their_own(settings, redis_url):
    limiter = limiter_for(settings.model_copy(update={"broker_url": redis_url}))
    assert isinstance(limiter, RedisRateLimiter)
    await limiter.close()
    assert isinstance(limiter_for(settings), MemoryRateLimiter)


async def test_check_rate_refuses_an_unknown_kind_naming_the_known_ones(settings):
    limits = RateLimits(MemoryRateLimiter(), rules_from(settings))
    with pytest.raises(ValueError, match="privacy_request_account"):
        await limits.check("privacy_requests", "x")


async def test_privacy_requests_hook_limits_per_account(app, settings):
    # the privacy-request service calls check_rate; the app installed its limits at start-up
    for _ in range(settings.rate_limit_privacy_requests_per_account_per_hour):
        await check_rate("privacy_request_account", "acct-1")
    with pytest.raises(RateLimited) as refused:
        await check_rate("privacy_request_account", "acct-1")
    assert refused.value.retry_after > 0
    await check_rate("privacy_request_account", "acct-2")


@pytest.fixture
async def strict_client(settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    strict = settings.model_copy(update={"rate_limit_sign_up_per_ip_per_hour": 2,
                                         "rate_limit_webhooks_per_ip_per_minute": 2})
    application = create_app(strict, manage_db=False, in_process_workers=True)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("198.51.100.4", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
            yield c


async def test_sign_ups_from_one_ip_are_limited(strict_client, settings):
    await sign_up(strict_client, "one@example.com")
    await sign_up(strict_client, "two@example.com")
    third = await gql(strict_client, """mutation { signUp(input: {email: "three@example.com",
        password: "correct-horse-battery", name: "Three", country: "US",
        birthDate: "1990-01-01"}) { accessToken } }""")
    assert third.codes() == ["RATE_LIMITED"]
    assert third.errors[0]["extensions"]["retryAfter"] > 0


async def test_webhooks_from_one_ip_get_429_with_retry_after(strict_client, settings):
    statuses = [(await strict_client.post("/webhooks/shopify", content=b"{}")).status_code
                for _ in range(2)]
    assert 429 not in statuses
    limited = await strict_client.post("/webhooks/shopify", content=b"{}")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json()["code"] == "RATE_LIMITED"

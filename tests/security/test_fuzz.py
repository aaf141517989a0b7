"""Schemathesis (GraphQL mode) against the gateway as a logged-in seller: a few thousand
generated queries and mutations, none answered with a 500 or an unmasked error."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import schemathesis.graphql
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from schema.schema import schema
from tests.factories import store_with_orders
from tests.graphql_client import sign_up

EXAMPLES_PER_OPERATION = 40  # x ~40 root fields x 2 backends: ~3000 requests, under a minute
LEAKS = re.compile(r"Traceback|File \"|\b(SELECT|INSERT|UPDATE|DELETE)\b .*\b(FROM|INTO|SET)\b|"
                   r"sqlite|asyncpg|tortoise|psycopg", re.IGNORECASE)


def _echoes_removed(message: str, sent: str) -> str:
    """``message`` without the values of the request it quotes back: a generated ID of
    'TORTOISE' named in a NOT_FOUND message is the caller's own input, not a leak."""
    return re.sub(r"'([^']+)'",
                  lambda quoted: "'…'" if quoted.group(1) in sent else quoted.group(0), message)


def check_answer(response: httpx.Response, sent: str) -> None:
    assert response.status_code != 500, (sent, response.text)
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code, f"error without extensions.code for {sent!r}: {error}"
        assert code != "INTERNAL_SERVER_ERROR", f"unexpected failure for {sent!r}: {error}"
        assert not LEAKS.search(_echoes_removed(error["message"], sent)), \
            f"error leaks internals: {error}"


def fuzz(client: httpx.AsyncClient, token: str, loop: asyncio.AbstractEventLoop) -> int:
    """Runs in a thread: Hypothesis drives generation, the app runs on the test's loop."""
    api = schemathesis.graphql.from_file(schema.as_str())
    sent = 0

    def post(query: str) -> httpx.Response:
        request = client.post("/graphql", json={"query": query},
                              headers={"Authorization": f"Bearer {token}"})
        return asyncio.run_coroutine_threadsafe(request, loop).result()

    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            nonlocal sent
            check_answer(post(case.body), case.body)
            sent += 1

        run()
    return sent


async def test_generated_queries_never_fail_unmasked(client, settings):
    seller = await sign_up(client, "fuzz@example.com")
    await store_with_orders("us", seller["account"]["id"], 3)
    sent = await asyncio.to_thread(fuzz, client, seller["accessToken"],
                                   asyncio.get_running_loop())
    assert sent >= 1000


def test_the_leak_check_tells_echoed_input_from_internals():
    sent = 'mutation { grantSupportAccess(supportAccountId: "TORTOISE") { id } }'
    assert not LEAKS.search(_echoes_removed(
        "no object with supportAccountId 'TORTOISE'", sent))
    assert LEAKS.search(_echoes_removed("tortoise.exceptions.OperationalError: 'x'", sent))
    assert LEAKS.search(_echoes_removed("failed: 'asyncpg said no'", sent))

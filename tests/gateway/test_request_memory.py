"""A request's objects are freed when it is answered, not at the garbage collector's next pass.

Reference cycles (the context and its loaders, graphql-core's execution context and its helpers,
a parsed document's tokens) kept every answer alive until an older-generation collection: a
loaded server spent a sixth of its time in those collections (benchmarks/README.md). These
tests run requests with the collector off and check that nothing of them is left behind.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gateway.http.graphql import GraphQLRoute
from schema import limits
from tests.factories import store_with_orders
from tests.gateway.test_orders import NESTED
from tests.graphql_client import gql, sign_up


def _route(app: Any) -> GraphQLRoute:
    return next(r.endpoint for r in app.routes
                if getattr(r, "path", "") == "/graphql" and isinstance(r.endpoint, GraphQLRoute))


@contextmanager
def _collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _contexts_left(app: Any, client: Any, query: str, variables: dict[str, Any],
                         token: str, monkeypatch: Any) -> list[Any]:
    """Run ``query`` with the collector off; the contexts still alive after it was answered."""
    route = _route(app)
    made: list[weakref.ref[Any]] = []
    get_context = route.get_context

    async def tracked(*args: Any, **kwargs: Any) -> Any:
        context = await get_context(*args, **kwargs)
        made.append(weakref.ref(context))
        return context

    monkeypatch.setattr(route, "get_context", tracked)
    with _collector_off():
        result = await gql(client, query, variables, token)
        assert not result.errors, result.errors
        assert result.data
        del result
        left = [ref() for ref in made if ref() is not None]
    assert made
    return left


async def test_an_answered_request_leaves_no_cycles(app, client, monkeypatch):
    payload = await sign_up(client, "memory@example.com")
    token = payload["accessToken"]
    await store_with_orders(payload["account"]["region"], payload["account"]["id"], 3)
    await gql(client, NESTED, {"first": 3}, token)  # plans, caches and pools made

    left = await _contexts_left(app, client, NESTED, {"first": 3}, token, monkeypatch)

    # Without the cycles broken, the context (and with it the loaders' rows, the buyers'
    # personal fields and the execution state) would still be here.
    assert left == []


async def test_a_document_is_parsed_once_per_token_limit(app, client, settings):
    payload = await sign_up(client, "parsed@example.com")
    token = payload["accessToken"]
    query = "query Parsed { me { id nickname } }"
    first = await gql(client, query, {}, token)
    assert not first.errors
    key = (query, settings.graphql_max_tokens)
    document = limits._parsed_documents.peek(key)

    again = await gql(client, query, {}, token)

    assert again.data == first.data
    assert limits._parsed_documents.peek(key) is document  # the same document, not parsed again


async def test_a_document_parsed_under_a_higher_token_limit_is_refused_under_a_lower(
        app, client, settings):
    payload = await sign_up(client, "tokens@example.com")
    token = payload["accessToken"]
    query = "query Long { me { id nickname role region country restricted createdAt } }"
    assert not (await gql(client, query, {}, token)).errors  # parsed under the default limit

    strict = settings.model_copy(update={"graphql_max_tokens": 10})
    monkeypatched = _route(app)
    original = monkeypatched.settings
    monkeypatched.settings = strict
    try:
        refused = await gql(client, query, {}, token)
    finally:
        monkeypatched.settings = original

    assert refused.data is None
    assert refused.errors[0]["extensions"]["code"] == "TOO_MANY_TOKENS"


async def test_a_batch_of_operations_shares_its_loaders_until_all_are_answered(client):
    """The operations of a JSON-array request run side by side on one context: the loaders
    are released once all of them are answered, not when the first one is."""
    payload = await sign_up(client, "memory-batch@example.com")
    token = payload["accessToken"]
    await store_with_orders(payload["account"]["region"], payload["account"]["id"], 3)
    quick = {"query": "{ __typename }"}
    nested = {"query": NESTED, "variables": {"first": 3}}
    response = await client.post("/graphql", json=[quick, nested, quick, nested],
                                 headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    answers = response.json()
    assert [a.get("errors") for a in answers] == [None] * 4
    for answer in answers[1::2]:
        edges = answer["data"]["orders"]["edges"]
        assert len(edges) == 3 and all(e["node"]["items"] and e["node"]["buyer"]["name"]
                                       for e in edges)

"""GraphQL abuse limits: refused during validation, before any resolver, with stable codes."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.app import create_app
from gateway.models import Role
from tests.graphql_client import gql, sign_up
from tests.privacy.admins import admin

README_QUERY = """{
  me { email region }
  stores { id platform name buyerDataAuthorized }
  orders(first: 20, filter: {status: FULFILLED}) {
    edges { cursor node {
      number status total currency placedAt shipmentStatus
      items { sku title quantity price }
      buyer { name phone address { city country } }
      shipments { carrier trackingNumber status events { time status location } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.fixture
async def production_client(settings: Any) -> Any:
    import httpx

    production = settings.model_copy(update={"env": "production"})
    application = create_app(production, manage_db=False, in_process_workers=True)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
            yield c


async def test_the_readme_query_is_within_every_limit(client, settings):
    token = (await sign_up(client, "limits@example.com"))["accessToken"]
    result = await gql(client, README_QUERY, token=token)
    assert not result.errors, result.errors


async def test_a_query_deeper_than_the_limit_is_refused(client, settings):
    query = "{ orders { edges { node { shipments { events { time } } } } } }"
    assert "QUERY_TOO_DEEP" not in (await gql(client, query)).codes()
    shallow = settings.model_copy(update={"graphql_max_depth": 3})
    assert (await _with(shallow, query)).codes() == ["QUERY_TOO_DEEP"]


async def _with(settings: Any, query: str, variables: dict[str, Any] | None = None,
                token: str | None = None) -> Any:
    import httpx

    application = create_app(settings, manage_db=False, in_process_workers=False)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
        return await gql(c, query, variables, token)


async def test_too_many_aliases_are_refused(client, settings):
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(settings.graphql_max_aliases + 1)) + " }"
    assert (await gql(client, query)).codes() == ["TOO_MANY_ALIASES"]


async def test_too_many_tokens_are_refused(client, settings):
    query = "{ " + "__typename " * (settings.graphql_max_tokens + 1) + "}"
    assert (await gql(client, query)).codes() == ["TOO_MANY_TOKENS"]


async def test_a_query_costing_more_than_the_limit_is_refused_before_resolving(client, settings):
    token = (await sign_up(client, "cost@example.com"))["accessToken"]
    query = """query($n: Int) { orders(first: $n) { edges { node {
      number items { sku } shipments { carrier events { time status } } } } } }"""
    strict = settings.model_copy(update={"graphql_max_cost": 2000})
    cheap = await _with(strict, query, {"n": 10}, token)
    assert not cheap.errors, cheap.errors
    costly = await _with(strict, query, {"n": 100}, token)
    assert costly.codes() == ["QUERY_TOO_COMPLEX"]
    assert costly.errors[0]["extensions"]["cost"] > 2000
    assert costly.data is None  # refused in validation: no resolver ran


async def test_batches_are_limited_and_can_be_disabled(client, settings):
    one = {"query": "{ __typename }"}
    allowed = await client.post("/graphql", json=[one] * settings.graphql_max_batch_operations)
    assert allowed.status_code == 200 and len(allowed.json()) == settings.graphql_max_batch_operations
    refused = await client.post("/graphql", json=[one] * (settings.graphql_max_batch_operations + 1))
    assert refused.status_code == 400 and "Too many operations" in refused.text
    import httpx

    application = create_app(settings.model_copy(update={"graphql_max_batch_operations": 1}),
                             manage_db=False, in_process_workers=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application),
                                 base_url="http://sellergate.test") as c:
        disabled = await c.post("/graphql", json=[one, one])
    assert disabled.status_code == 400 and "Batching is not enabled" in disabled.text


async def test_a_document_seen_valid_is_still_costed_with_each_requests_variables(settings):
    import httpx

    strict = settings.model_copy(update={"graphql_max_cost": 2000})
    application = create_app(strict, manage_db=False, in_process_workers=False)
    query = """query($n: Int) { orders(first: $n) { edges { node {
      number items { sku } shipments { carrier events { time status } } } } } }"""
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
        token = (await sign_up(c, "cost-again@example.com"))["accessToken"]
        for _ in range(2):  # validated, then known valid
            assert not (await gql(c, query, {"n": 10}, token)).errors
        for _ in range(2):  # costed, then its cost known for these variables
            costly = await gql(c, query, {"n": 100}, token)
            assert costly.codes() == ["QUERY_TOO_COMPLEX"] and costly.data is None
            assert costly.errors[0]["extensions"]["cost"] > 2000
            assert not (await gql(c, query, {"n": 10}, token)).errors
            # Not an integer: costed at the default list size, whatever it is.
            assert not (await gql(c, query, {"n": None}, token)).errors
        typo = "{ ordrs { edges { cursor } } }"
        for _ in range(2):  # an invalid document is not remembered as valid
            assert (await gql(c, typo, token=token)).codes() == ["GRAPHQL_VALIDATION_FAILED"]


async def test_introspection_is_open_in_development(client, settings):
    result = await gql(client, INTROSPECTION)
    assert not result.errors and result.data["__schema"]["queryType"]["name"] == "Query"


async def test_production_refuses_introspection_and_suggestions_except_to_admins(
        production_client, settings):
    token = (await sign_up(production_client, "prod-seller@example.com"))["accessToken"]
    for who in (None, token):
        refused = await gql(production_client, INTROSPECTION, token=who)
        assert refused.codes() == ["INTROSPECTION_DISABLED"]
        typo = await gql(production_client, "{ ordrs { edges { cursor } } }", token=who)
        assert typo.codes() == ["GRAPHQL_VALIDATION_FAILED"]
        assert "Did you mean" not in typo.errors[0]["message"]
    admin_token, _ = await admin(production_client, settings, Role.SUPERADMIN, "prod-root@example.com")
    allowed = await gql(production_client, INTROSPECTION, token=admin_token)
    assert not allowed.errors, allowed.errors


async def test_suggestions_stay_in_development(client, settings):
    typo = await gql(client, "{ ordrs { edges { cursor } } }")
    assert "Did you mean" in typo.errors[0]["message"]


def test_remembered_costs_are_keyed_by_the_page_variables_only(settings):
    from graphql import parse

    from schema import limits
    from schema.schema import build_schema

    schema = build_schema(settings)._schema
    document = parse("""query($n: Int, $m: Int, $q: String) { orders(first: $n) { edges {
      node { number items { sku } } } } ...F } fragment F on Query { orders(last: $m) {
      edges { cursor } } }""")
    known = limits._KnownCosts(limits._page_variables(document), {})
    assert known.page_variables == ("n", "m")

    def cost(**variables: Any) -> tuple[int, ...]:
        return limits._known_costs(known, schema, document, 5, variables)

    fresh = limits._costs(schema, document, 5, {"n": 10})
    assert cost(n=10) == fresh
    for extra in range(20):  # variables the document does not page with: not in the key
        assert cost(n=10, q=f"text {extra}", **{f"unused{extra}": extra}) == fresh
    assert len(known.costs) == 1
    # Absent (the field's default) and not an integer (the default list size) differ.
    assert cost() == limits._costs(schema, document, 5, {})
    assert cost(n=None, m="x") == limits._costs(schema, document, 5, {"n": None, "m": "x"})
    assert cost(n="y", m=None) == cost(n=None, m="x")
    assert len(known.costs) == 3
    for size in range(limits.COSTS_PER_DOCUMENT + 10):  # bounded
        cost(n=size)
    assert len(known.costs) <= limits.COSTS_PER_DOCUMENT

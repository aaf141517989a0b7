"""The HTTP edge: health, metrics, GraphiQL, error masking."""

from __future__ import annotations

import pytest

from tests.graphql_client import gql


async def test_healthz_checks_both_regions_the_directory_and_the_broker(client, settings):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"cn": "ok", "us": "ok", "directory": "ok",
                                         "broker": "ok"}


async def test_healthz_reports_a_store_that_is_down(client, settings, monkeypatch):
    import gateway.http.health as health

    async def broken(alias: str) -> None:
        if alias == "cn":
            raise ConnectionError("cn is down")

    monkeypatch.setattr(health, "ping", broken)
    response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cn"].startswith("down")


async def test_metrics_count_graphql_requests(client, settings):
    await gql(client, "{ __typename }")
    body = (await client.get("/metrics")).text
    assert 'sellergate_http_requests_total{path="/graphql",status="200"}' in body
    assert "sellergate_http_request_seconds_bucket" in body


async def test_graphiql_is_served_to_browsers(client, settings):
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize("query,code", [
    ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ("{ orders(first: ", "GRAPHQL_PARSE_FAILED"),
])
async def test_bad_queries_get_stable_codes(client, settings, query, code):
    result = await gql(client, query)
    assert result.codes() == [code]


async def test_unexpected_errors_are_masked(client, settings, monkeypatch):
    from gateway.services import accounts

    async def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM account -- stack details")

    monkeypatch.setattr(accounts, "log_out", explode)
    result = await gql(client, 'mutation { logOut(refreshToken: "us.x") }')
    assert result.codes() == ["INTERNAL_SERVER_ERROR"]
    assert "SELECT" not in str(result.errors)


async def test_a_malformed_authorization_header_is_refused(client, settings):
    response = await client.post("/graphql", json={"query": "{ me { id } }"},
                                 headers={"Authorization": "Basic abc"})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_store_outage_answers_503_with_retry_after_and_no_details(client, settings,
                                                                         monkeypatch):
    import asyncpg

    from gateway.services import stores
    from tests.graphql_client import sign_up

    payload = await sign_up(client, "outage@example.com")

    async def down(*args, **kwargs):
        raise asyncpg.CannotConnectNowError("the database system is starting up")

    monkeypatch.setattr(stores, "list_stores", down)
    response = await client.post("/graphql", json={"query": "{ stores { id } }"},
                                 headers={"Authorization": f"Bearer {payload['accessToken']}"})
    assert response.status_code == 503 and response.headers["retry-after"] == "2"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "starting up" not in error["message"]

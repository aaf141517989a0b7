"""Persisted queries: Apollo's automatic persisted queries over GET and POST, and the production
allow-list that refuses any other operation."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from gateway.app import create_app
from gateway.cli import main
from gateway.http.persisted import query_hash
from gateway.models import Role
from tests.privacy.admins import admin


def _apq(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def _query() -> str:
    # a comment makes each test's query (and hash) its own, in a Redis shared between runs
    return f"query Typename {{ __typename }} # {uuid.uuid4().hex}"


async def _post(client: httpx.AsyncClient, body: dict[str, Any],
                token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post("/graphql", json=body, headers=headers)


async def _get(client: httpx.AsyncClient, digest: str) -> httpx.Response:
    return await client.get("/graphql", params={"extensions": json.dumps(_apq(digest))})


def _codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json().get("errors") or []]


@pytest.fixture
async def app_with(settings) -> AsyncIterator[Any]:
    """Start apps with settings changed; all are stopped at the end."""
    stack: list[Any] = []

    async def start(**changes: Any) -> httpx.AsyncClient:
        application = create_app(settings.model_copy(update=changes), manage_db=False,
                                 in_process_workers=False)
        lifespan = application.router.lifespan_context(application)
        await lifespan.__aenter__()
        transport = httpx.ASGITransport(app=application, client=("203.0.113.8", 40000))
        client = httpx.AsyncClient(transport=transport, base_url="http://sellergate.test")
        stack.append((lifespan, client))
        return client

    yield start
    for lifespan, client in reversed(stack):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_an_unknown_hash_is_not_found_then_registered_by_sending_the_query(
        client, settings, method):
    query = _query()
    digest = query_hash(query)
    ask = (lambda: _get(client, digest)) if method == "GET" else \
        (lambda: _post(client, {"extensions": _apq(digest)}))

    missing = await ask()
    assert missing.status_code == 200 and _codes(missing) == ["PERSISTED_QUERY_NOT_FOUND"]

    registered = await _post(client, {"query": query, "extensions": _apq(digest)})
    assert registered.json() == {"data": {"__typename": "Query"}}

    by_hash = await ask()
    assert by_hash.status_code == 200 and by_hash.json() == {"data": {"__typename": "Query"}}


async def test_a_hash_that_does_not_match_the_query_is_refused_and_not_stored(client, settings):
    query, other = _query(), _query()
    mismatch = await _post(client, {"query": query, "extensions": _apq(query_hash(other))})
    assert mismatch.status_code == 400
    assert _codes(mismatch) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    # the wrong hash did not become a name for the query
    assert _codes(await _post(client, {"extensions": _apq(query_hash(other))})) == \
        ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize("extension,code", [
    ({"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, "BAD_USER_INPUT"),
    ({"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}}, "BAD_USER_INPUT"),
])
async def test_malformed_persisted_query_extensions_are_refused(client, settings, extension,
                                                                code):
    response = await _post(client, {"extensions": extension})
    assert response.status_code == 400 and _codes(response) == [code]


async def test_turned_off_persisted_queries_are_not_supported(settings, app_with):
    client = await app_with(persisted_queries="off")
    query = _query()
    response = await _post(client, {"query": query, "extensions": _apq(query_hash(query))})
    assert _codes(response) == ["PERSISTED_QUERY_NOT_SUPPORTED"]
    assert (await _post(client, {"query": query})).json() == {"data": {"__typename": "Query"}}


async def test_the_memory_store_forgets_the_least_recently_used_query(settings, app_with):
    client = await app_with(persisted_queries_cache_size=2)
    first, second, third = _query(), _query(), _query()
    for query in (first, second):
        await _post(client, {"query": query, "extensions": _apq(query_hash(query))})
    await _post(client, {"extensions": _apq(query_hash(first))})  # first is now the fresher
    await _post(client, {"query": third, "extensions": _apq(query_hash(third))})
    assert _codes(await _post(client, {"extensions": _apq(query_hash(second))})) == \
        ["PERSISTED_QUERY_NOT_FOUND"]
    for query in (first, third):
        assert not _codes(await _post(client, {"extensions": _apq(query_hash(query))}))


async def test_replicas_share_registered_queries_through_redis(settings, app_with, redis_url):
    one = await app_with(persisted_queries_redis_url=redis_url)
    other = await app_with(persisted_queries_redis_url=redis_url)
    query = _query()
    await _post(one, {"query": query, "extensions": _apq(query_hash(query))})
    response = await _post(other, {"extensions": _apq(query_hash(query))})
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_an_unreachable_redis_store_costs_a_round_trip_not_the_request(settings, app_with):
    client = await app_with(persisted_queries_redis_url="redis://127.0.0.1:1/0")
    query = _query()
    registered = await _post(client, {"query": query, "extensions": _apq(query_hash(query))})
    assert registered.json() == {"data": {"__typename": "Query"}}
    assert _codes(await _post(client, {"extensions": _apq(query_hash(query))})) == \
        ["PERSISTED_QUERY_NOT_FOUND"]


def _build_manifest(tmp_path: Path, body: str) -> Path:
    operations = tmp_path / "operations"
    operations.mkdir()
    (operations / "typename.graphql").write_text(body + "\n")
    manifest = tmp_path / "manifest.json"
    result = CliRunner().invoke(main, ["persisted-queries", "build", str(operations),
                                       "-o", str(manifest)])
    assert result.exit_code == 0, result.output
    return manifest


async def test_the_allow_list_runs_only_its_operations(settings, app_with, tmp_path, client):
    allowed = "query Allowed { __typename }"
    manifest = _build_manifest(tmp_path, allowed)
    client = await app_with(persisted_queries="allowlist", persisted_queries_file=str(manifest))

    by_hash = await _post(client, {"extensions": _apq(query_hash(allowed))})
    assert by_hash.json() == {"data": {"__typename": "Query"}}
    by_get = await _get(client, query_hash(allowed))
    assert by_get.json() == {"data": {"__typename": "Query"}}
    assert (await _post(client, {"query": allowed})).json() == {"data": {"__typename": "Query"}}

    other = "query Other { __typename }"
    for body in ({"query": other}, {"query": other, "extensions": _apq(query_hash(other))},
                 {"extensions": _apq(query_hash(other))}):
        refused = await _post(client, body)
        assert refused.status_code == 403 and _codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"]
        assert refused.json()["data"] is None


async def test_admins_keep_ad_hoc_queries_under_the_allow_list(settings, app_with, tmp_path,
                                                               client):
    token, _ = await admin(client, settings, Role.SUPERADMIN, "root@example.com")
    manifest = _build_manifest(tmp_path, "query Allowed { __typename }")
    locked = await app_with(persisted_queries="allowlist", persisted_queries_file=str(manifest))
    response = await _post(locked, {"query": "query Adhoc { me { role } }"}, token=token)
    assert response.json() == {"data": {"me": {"role": "SUPERADMIN"}}}


def test_the_manifest_builder_refuses_operations_the_schema_does_not_have(tmp_path):
    operations = tmp_path / "operations"
    operations.mkdir()
    (operations / "bad.graphql").write_text("query Bad { nope }")
    result = CliRunner().invoke(main, ["persisted-queries", "build", str(operations),
                                       "-o", str(tmp_path / "m.json")])
    assert result.exit_code != 0 and "nope" in result.output
    assert not (tmp_path / "m.json").exists()


def test_a_built_manifest_checks_against_the_live_schema(tmp_path):
    manifest = _build_manifest(tmp_path, "query Allowed { __typename }")
    result = CliRunner().invoke(main, ["persisted-queries", "check", str(manifest)])
    assert result.exit_code == 0 and "1 operations valid" in result.output
    data = json.loads(manifest.read_text())
    data["operations"][0]["body"] = "query Allowed { nope }"
    manifest.write_text(json.dumps(data))
    tampered = CliRunner().invoke(main, ["persisted-queries", "check", str(manifest)])
    assert tampered.exit_code != 0 and "SHA-256" in tampered.output

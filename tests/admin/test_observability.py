"""Metrics by operation, error code, job kind and plugin on /metrics; OpenTelemetry spans only
when turned on, and never with query text or arguments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway import tracing
from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.services.integrations import Endpoint, Integrations
from tests.admin.conftest import connect_store
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up

pytest.importorskip("opentelemetry.sdk")  # the `test` extra installs it; the `otel` one the API

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

_EXPORTER = InMemorySpanExporter()


async def _metrics(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[Any]], float]:
    body = (await client.get("/metrics")).text
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(body) for sample in family.samples}


def _value(samples: dict[tuple[str, frozenset[Any]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_operations_and_errors_are_counted_by_name_and_code(client, settings):
    before = await _metrics(client)
    await gql(client, "query Me { me { id } }")  # anonymous: UNAUTHENTICATED
    await gql(client, "query Nope { nope }")
    payload = await sign_up(client, "metrics@example.com")
    await gql(client, "query Me { me { id } }", token=payload["accessToken"])
    after = await _metrics(client)

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("sellergate_graphql_operations_total", operation="Me", type="query",
                outcome="error") == 1
    assert grew("sellergate_graphql_operations_total", operation="Me", type="query",
                outcome="ok") == 1
    assert grew("sellergate_graphql_operation_seconds_count", operation="Me", type="query") == 2
    assert grew("sellergate_graphql_errors_total", code="UNAUTHENTICATED") == 1
    assert grew("sellergate_graphql_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1


async def test_jobs_and_connector_calls_are_counted_by_kind_and_plugin(client, settings,
                                                                       shopify):
    before = await _metrics(client)
    seller = await sign_up(client, "metrics-sync@example.com")
    connected = await connect_store(client, seller["accessToken"])

    async def first_sync_done() -> bool:
        job = await gql(client, "query($id: ID!) { job(id: $id) { state } }",
                        {"id": connected["syncJobId"]}, seller["accessToken"])
        return job.data["job"]["state"] == "succeeded"

    await wait_until(first_sync_done, within=60)
    for _ in range(60):
        shopify.add_order()
    synced = await gql(client, "mutation($s: ID!) { syncStore(storeId: $s) { id } }",
                       {"s": connected["storeId"]}, seller["accessToken"])

    async def done() -> bool:
        samples = await _metrics(client)
        return _value(samples, "sellergate_jobs_total", kind="sync_orders",
                      outcome="succeeded") - _value(before, "sellergate_jobs_total",
                                                    kind="sync_orders", outcome="succeeded") >= 2

    await wait_until(done, within=60)
    job = await gql(client, "query($id: ID!) { job(id: $id) { state } }",
                    {"id": synced.data["syncStore"]["id"]}, seller["accessToken"])
    assert job.data["job"]["state"] == "succeeded"
    after = await _metrics(client)

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("sellergate_job_seconds_count", kind="sync_orders", outcome="succeeded") == 2
    answered = len(shopify.graphql_requests)
    throttled = shopify.throttled
    assert throttled > 0  # the small bucket made the sync wait
    # Every answer the sandbox gave, as counted by the session for the shopify plugin.
    assert grew("sellergate_connector_requests_total", plugin="shopify", outcome="2xx") + \
        grew("sellergate_connector_requests_total", plugin="shopify", outcome="429") >= answered
    assert grew("sellergate_connector_requests_total", plugin="shopify",
                outcome="429") == throttled
    assert grew("sellergate_connector_rate_limit_waits_total", plugin="shopify") == throttled
    assert grew("sellergate_connector_rate_limit_wait_seconds_total", plugin="shopify") > 0


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    yield _EXPORTER


@pytest.fixture
async def traced_client(settings, exporter, mail) -> Any:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"email": Endpoint(mail.base_url, mail.connector_settings())})
    application = create_app(settings.model_copy(update={"otel": "on"}), manage_db=False,
                             in_process_workers=True, integrations=hub)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
            exporter.clear()
            yield c
    tracing.configure(settings)  # back to off for the next tests


async def test_spans_name_operations_and_jobs_without_their_arguments(traced_client, settings,
                                                                      exporter):
    email = "traced@example.com"
    seller = await sign_up(traced_client, email)  # its variables hold an email and a password
    await gql(traced_client, 'query Lookup { order(id: "8d2f3c1e-0000-4000-8000-000000000000")'
                             ' { id } }', token=seller["accessToken"])
    await gql(traced_client, 'mutation Ask { requestPrivacyAction(kind: "export") { id } }',
              token=seller["accessToken"])  # a job emails the confirmation code

    async def job_traced() -> bool:
        return any(s.name == "job send_privacy_code" for s in exporter.get_finished_spans())

    await wait_until(job_traced, within=30)
    spans = exporter.get_finished_spans()
    names = {s.name for s in spans}
    assert {"mutation anonymous", "mutation Ask"} <= names, names
    lookup = next(s for s in spans if s.name == "query Lookup")
    assert lookup.attributes["graphql.operation.type"] == "query"
    assert lookup.attributes["sellergate.graphql.errors"] is True
    job = next(s for s in spans if s.name.startswith("job "))
    assert job.attributes["sellergate.job.kind"] == job.name.removeprefix("job ")
    recorded = repr([(s.name, dict(s.attributes or {})) for s in spans])
    assert email not in recorded and "correct-horse" not in recorded
    assert "8d2f3c1e" not in recorded


async def test_no_spans_are_recorded_when_tracing_is_off(client, settings, exporter):
    exporter.clear()
    await gql(client, "query Quiet { __typename }")
    assert exporter.get_finished_spans() == ()

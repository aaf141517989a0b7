"""Subscriptions over WebSocket (graphql-transport-ws): a seller follows its own jobs to the end,
never another seller's; privacy officers see data-subject requests as they are filed."""

from __future__ import annotations

import httpx
import pytest

from gateway.models import Role
from tests.admin.conftest import connect_store
from tests.admin.ws import Closed, connect
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up
from tests.mailbox import code_in_mail
from tests.privacy.admins import admin

JOB_PROGRESS = """subscription($id: ID!) { jobProgress(jobId: $id) {
  id kind state done total progress error } }"""
REQUESTS_FILED = "subscription { privacyRequestCreated { id kind state subjectId } }"
SYNC = "mutation($s: ID!) { syncStore(storeId: $s) { id state } }"
JOB_STATE = "query($id: ID!) { job(id: $id) { state } }"
REQUEST = 'mutation($k: String!) { requestPrivacyAction(kind: $k) { id state } }'
VERIFY = """mutation($id: ID!, $c: String!) { verifyPrivacyRequest(requestId: $id, code: $c) {
  state job { id kind } } }"""


@pytest.fixture(autouse=True)
def quick_polls(settings, monkeypatch):
    monkeypatch.setattr(settings, "subscription_poll_seconds", 0.05)


async def _synced_store(client: httpx.AsyncClient, token: str) -> str:
    """A connected store whose first import finished."""
    connected = await connect_store(client, token)

    async def finished() -> bool:
        job = await gql(client, JOB_STATE, {"id": connected["syncJobId"]}, token)
        assert job.data["job"]["state"] != "failed", job.data
        return job.data["job"]["state"] == "succeeded"

    await wait_until(finished, within=60)
    return str(connected["storeId"])


async def _follow(base_url: str, token: str, job_id: str) -> list[dict]:
    async with connect(base_url, {"Authorization": f"Bearer {token}"}) as socket:
        operation = await socket.subscribe(JOB_PROGRESS, {"id": job_id})
        return [payload async for payload in socket.results(operation, within=60)]


async def test_a_seller_follows_a_sync_job_from_progress_to_completion(
        client, base_url, settings, shopify):
    seller = await sign_up(client, "follower@example.com")
    token = seller["accessToken"]
    store_id = await _synced_store(client, token)
    for _ in range(60):  # new orders: the next sync imports them page by page, throttled
        shopify.add_order()
    started = await gql(client, SYNC, {"s": store_id}, token)
    assert not started.errors, started.errors
    job_id = started.data["syncStore"]["id"]

    results = await _follow(base_url, token, job_id)

    assert all("errors" not in r for r in results), results
    jobs = [r["data"]["jobProgress"] for r in results]
    assert {j["id"] for j in jobs} == {job_id}
    assert jobs[-1]["state"] == "succeeded" and jobs[-1]["progress"] == 1.0
    assert jobs[-1]["done"] >= 60
    in_between = [j for j in jobs[:-1] if j["state"] in ("queued", "running")]
    assert any(0 < j["done"] < jobs[-1]["done"] for j in in_between), jobs
    dones = [j["done"] for j in jobs]
    assert dones == sorted(dones)  # each message is a newer state, none repeated or reordered
    assert len({(j["state"], j["done"]) for j in jobs}) == len(jobs)


async def test_a_seller_follows_its_export_job(client, base_url, settings, mail):
    seller = await sign_up(client, "exporter@example.com")
    token = seller["accessToken"]
    asked = await gql(client, REQUEST, {"k": "export"}, token)
    code = await code_in_mail(mail, "exporter@example.com", "Confirm")
    verified = await gql(client, VERIFY, {"id": asked.data["requestPrivacyAction"]["id"],
                                          "c": code}, token)
    job = verified.data["verifyPrivacyRequest"]["job"]
    assert job["kind"] == "export_subject"

    results = await _follow(base_url, token, job["id"])

    assert results[-1]["data"]["jobProgress"]["state"] == "succeeded", results


async def test_another_sellers_job_is_not_found(client, base_url, settings):
    owner = await sign_up(client, "job-owner@example.com")
    store_id = await _synced_store(client, owner["accessToken"])
    job = await gql(client, SYNC, {"s": store_id}, owner["accessToken"])
    intruder = await sign_up(client, "job-intruder@example.com")

    results = await _follow(base_url, intruder["accessToken"], job.data["syncStore"]["id"])

    assert len(results) == 1 and results[0]["data"] is None
    assert [e["extensions"]["code"] for e in results[0]["errors"]] == ["NOT_FOUND"]


async def test_an_anonymous_subscription_is_refused(client, base_url, settings):
    async with connect(base_url) as socket:
        operation = await socket.subscribe(REQUESTS_FILED)
        results = [payload async for payload in socket.results(operation)]
    assert [e["extensions"]["code"] for e in results[0]["errors"]] == ["UNAUTHENTICATED"]


async def test_a_bad_token_closes_the_connection(client, base_url, settings):
    with pytest.raises(Closed) as closed:
        async with connect(base_url, {"authToken": "not-a-token"}):
            pass
    assert closed.value.code == 4403


async def test_privacy_officers_see_requests_as_they_are_filed(client, base_url, settings):
    officer, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "officer@example.com")
    earlier = await sign_up(client, "earlier@example.com")
    await gql(client, REQUEST, {"k": "access"}, earlier["accessToken"])
    seller = await sign_up(client, "filer@example.com")

    # authToken without a scheme is accepted too (Apollo's and urql's clients send it so)
    async with connect(base_url, {"authToken": officer}) as socket:
        operation = await socket.subscribe(REQUESTS_FILED)
        await socket.settled()  # what is filed from here on is new to the subscription
        filed = await gql(client, REQUEST, {"k": "deletion"}, seller["accessToken"])
        assert not filed.errors, filed.errors
        stream = socket.results(operation, within=30)
        first = await anext(stream)
        await stream.aclose()

    created = first["data"]["privacyRequestCreated"]
    assert created == {"id": filed.data["requestPrivacyAction"]["id"], "kind": "deletion",
                       "state": "identity_verification",
                       "subjectId": seller["account"]["id"]}


@pytest.mark.parametrize("role", [None, Role.SUPPORT])
async def test_sellers_and_support_do_not_see_new_requests(client, base_url, settings, role):
    if role is None:
        token = (await sign_up(client, "curious@example.com"))["accessToken"]
    else:
        token, _ = await admin(client, settings, role, "support@example.com")
    async with connect(base_url, {"Authorization": f"Bearer {token}"}) as socket:
        operation = await socket.subscribe(REQUESTS_FILED)
        results = [payload async for payload in socket.results(operation)]
    assert [e["extensions"]["code"] for e in results[0]["errors"]] == ["FORBIDDEN"]


async def test_a_stream_ends_when_its_access_token_expires(client, base_url, settings,
                                                           monkeypatch):
    monkeypatch.setattr(settings, "access_token_ttl_seconds", 2)
    officer, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "brief@example.com")
    async with connect(base_url, {"Authorization": f"Bearer {officer}"}) as socket:
        operation = await socket.subscribe(REQUESTS_FILED)
        results = [payload async for payload in socket.results(operation, within=15)]
    assert [e["extensions"]["code"] for e in results[-1]["errors"]] == ["UNAUTHENTICATED"]
    assert "expired" in results[-1]["errors"][0]["message"]

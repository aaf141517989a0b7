"""Buyers' rights through the seller and the marketplace; retention; service discontinuation."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from gateway.db import conn
from gateway.models import Account, Buyer, DataKey, LegalHold, Order, PrivacyRequest, Store
from gateway.services.buyer_rights import sweep_buyer_retention
from tests.conftest import settings_env, wait_until
from tests.factories import store_with_orders
from tests.gateway.test_orders import NESTED
from tests.graphql_client import LOG_IN, gql, sign_up
from tests.mailbox import last_mail


async def test_a_seller_erases_a_buyer_whose_key_is_shredded(client, settings):
    payload = await sign_up(client, "erasebuyer@example.com")
    await store_with_orders("us", payload["account"]["id"], 3)
    buyer = await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).first()
    result = await gql(client, "mutation($b: ID!) { eraseBuyer(buyerId: $b) { state kind } }",
                       {"b": str(buyer.id)}, payload["accessToken"])
    assert result.data["eraseBuyer"] == {"state": "completed", "kind": "deletion"}
    assert not await Buyer.filter(id=buyer.id).using_db(conn("us")).exists()
    assert not await DataKey.filter(subject_id=buyer.id).using_db(conn("us")).exists()
    assert await Order.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).count() == 3
    other = await sign_up(client, "notyours@example.com")
    another = await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).first()
    refused = await gql(client, "mutation($b: ID!) { eraseBuyer(buyerId: $b) { state } }",
                        {"b": str(another.id)}, other["accessToken"])
    assert refused.codes() == ["NOT_FOUND"]


async def test_a_seller_exports_a_buyer_and_gets_the_link_by_email(client, settings, mail):
    payload = await sign_up(client, "exportbuyer@example.com")
    await store_with_orders("us", payload["account"]["id"], 2)
    buyer = await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).first()
    asked = await gql(client, "mutation($b: ID!) { exportBuyer(buyerId: $b) { id state } }",
                      {"b": str(buyer.id)}, payload["accessToken"])
    request_id = asked.data["exportBuyer"]["id"]

    async def done() -> bool:
        row = await PrivacyRequest.get(id=request_id).using_db(conn("us"))
        return row.state == "completed"

    await wait_until(done)
    message = await last_mail(mail, "exportbuyer@example.com", "export is ready")
    assert "/exports/" in message.get_content()
    mine = await gql(client, "{ myPrivacyRequests { id kind state } }",
                     token=payload["accessToken"])
    assert request_id in [r["id"] for r in mine.data["myPrivacyRequests"]]


async def test_buyer_data_past_retention_is_erased_unless_held(client, settings):
    payload = await sign_up(client, "retain@example.com")
    held = await sign_up(client, "held-retain@example.com")
    for seller in (payload, held):
        await store_with_orders("us", seller["account"]["id"], 2)
    long_ago = datetime.now(UTC) - timedelta(days=45)
    await Order.all().using_db(conn("us")).update(delivered_at=long_ago)
    await LegalHold.create(subject_id=held["account"]["id"], reason="dispute",
                           placed_by=held["account"]["id"], using_db=conn("us"))
    assert await sweep_buyer_retention() == 2
    assert await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).count() == 0
    assert await Buyer.filter(seller_id=held["account"]["id"]).using_db(conn("us")).count() == 2
    result = await gql(client, NESTED, {"first": 2}, payload["accessToken"])
    assert all(e["node"]["buyer"] is None for e in result.data["orders"]["edges"])
    assert await sweep_buyer_retention() == 0


async def test_recently_delivered_buyers_are_kept(client, settings):
    payload = await sign_up(client, "fresh@example.com")
    await store_with_orders("us", payload["account"]["id"], 2)
    await Order.all().using_db(conn("us")).update(delivered_at=datetime.now(UTC) - timedelta(days=3))
    assert await sweep_buyer_retention() == 0


async def test_discontinuing_a_store_erases_its_data_and_keeps_the_account(settings):
    account = await Account.create(email="x", email_index="disc", password_hash="x",
                                   name="x", country="US", using_db=conn("us"))
    store = await store_with_orders("us", account.id, 4)
    other = await store_with_orders("us", account.id, 1, platform="amazon")
    env = settings_env(settings)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "discontinue", "--store", str(store.id), "--yes",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    assert "erased 1 store" in output.decode()
    assert not await Store.filter(id=store.id).using_db(conn("us")).exists()
    assert await Store.filter(id=other.id).using_db(conn("us")).exists()
    assert await Account.filter(id=account.id).using_db(conn("us")).exists()
    request = await PrivacyRequest.filter(subject_id=store.id).using_db(conn("us")).first()
    assert request.state == "completed" and request.result["certificate"]["scope"] == "store"


async def test_discontinue_needs_exactly_one_target(settings):
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "discontinue", "--yes", env=settings_env(settings),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 2 and "exactly one" in output.decode()


async def test_logging_in_after_service_discontinuation_fails(client, settings):
    await sign_up(client, "gone@example.com")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "discontinue", "--all", "--yes",
        env=settings_env(settings), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    login = await gql(client, LOG_IN, {"email": "gone@example.com",
                                       "password": "correct-horse-battery"})
    assert login.codes() == ["UNAUTHENTICATED"]

"""Support admins see sellers' personal data masked unless a privacy officer granted them
time-limited access; officers see it in clear; every look and every grant is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gateway.db import conn, directory_conn
from gateway.models import AccessGrant, AuditEvent, Role
from gateway.privacy.masking import mask
from tests.factories import store_with_orders
from tests.graphql_client import gql
from tests.privacy.admins import admin, seller

EMAIL = "alice.seller@example.com"
NAME = "Alice Seller"
VIEW = """query($id: ID!) { adminAccount(id: $id) { access accessExpiresAt
  account { email name region } stores { name }
  orders(first: 5) { edges { node { number items { sku } } } } } }"""
GRANT = """mutation($support: ID!, $subject: ID!, $minutes: Int!) {
  grantSupportAccess(supportAccountId: $support, subjectId: $subject, minutes: $minutes,
                     reason: "ticket 4711") { id expiresAt } }"""


async def _setting(client, settings):
    _, seller_id, region = await seller(client, EMAIL, name=NAME)
    await store_with_orders(region, seller_id, 2)
    support_token, support_id = await admin(client, settings, Role.SUPPORT, "help@example.com")
    officer_token, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "dpo@example.com")
    return seller_id, region, support_token, support_id, officer_token


def test_masking_keeps_the_first_character_and_the_length():
    assert mask("alice") == "a••••"
    assert mask("") == "" and mask(None) is None


async def test_support_sees_a_sellers_personal_fields_masked(client, settings):
    seller_id, _, support_token, *_ = await _setting(client, settings)
    result = await gql(client, VIEW, {"id": seller_id}, support_token)
    assert not result.errors, result.errors
    view = result.data["adminAccount"]
    assert view["access"] == "masked" and view["accessExpiresAt"] is None
    assert view["account"]["email"] == "a" + "•" * (len(EMAIL) - 1)
    assert view["account"]["name"] == "A•••••••••••"
    assert view["stores"] == [{"name": "shopify store"}]
    assert len(view["orders"]["edges"]) == 2 and view["orders"]["edges"][0]["node"]["items"]


async def test_support_sees_clear_values_during_a_grant_and_masked_after_it_expires(
        client, settings):
    seller_id, _, support_token, support_id, officer_token = await _setting(client, settings)
    granted = await gql(client, GRANT, {"support": support_id, "subject": seller_id,
                                        "minutes": 15}, officer_token)
    assert not granted.errors, granted.errors
    during = (await gql(client, VIEW, {"id": seller_id}, support_token)).data["adminAccount"]
    assert during["access"] == "granted" and during["accessExpiresAt"]
    assert during["account"]["email"] == EMAIL and during["account"]["name"] == NAME
    await AccessGrant.filter(subject_id=seller_id).using_db(directory_conn()).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1))
    after = (await gql(client, VIEW, {"id": seller_id}, support_token)).data["adminAccount"]
    assert after["access"] == "masked" and after["account"]["email"].startswith("a•••")


async def test_privacy_officers_see_clear_values_and_the_look_is_audited(client, settings):
    seller_id, region, _, _, officer_token = await _setting(client, settings)
    result = await gql(client, VIEW, {"id": seller_id}, officer_token)
    view = result.data["adminAccount"]
    assert view["access"] == "clear" and view["account"]["email"] == EMAIL
    events = await AuditEvent.filter(subject_id=seller_id, actor_role="privacy_officer").using_db(
        conn(region))
    assert {e.action for e in events} == {"admin:view_account", "read"}
    look = next(e for e in events if e.action == "admin:view_account")
    assert look.details == {"access": "clear"}


async def test_grants_are_audited_without_their_reason(client, settings):
    seller_id, region, _, support_id, officer_token = await _setting(client, settings)
    granted = await gql(client, GRANT, {"support": support_id, "subject": seller_id,
                                        "minutes": 30}, officer_token)
    [event] = await AuditEvent.filter(subject_id=seller_id,
                                      action="admin:grant_support_access").using_db(conn(region))
    assert event.actor_role == "privacy_officer"
    assert event.details["grant_id"] == granted.data["grantSupportAccess"]["id"]
    assert event.details["grantee_id"] == support_id and event.details["minutes"] == 30
    assert "ticket" not in repr(event.details)


async def test_only_privacy_officers_and_superadmins_grant_support_access(client, settings):
    seller_id, _, support_token, support_id, _ = await _setting(client, settings)
    root_token, _ = await admin(client, settings, Role.SUPERADMIN, "root@example.com")
    seller_token, *_ = await seller(client, "other@example.com")
    variables = {"support": support_id, "subject": seller_id, "minutes": 10}
    assert (await gql(client, GRANT, variables, support_token)).codes() == ["FORBIDDEN"]
    assert (await gql(client, GRANT, variables, seller_token)).codes() == ["FORBIDDEN"]
    assert not (await gql(client, GRANT, variables, root_token)).errors
    too_long = {**variables, "minutes": 100_000}
    assert (await gql(client, GRANT, too_long, root_token)).codes() == ["BAD_USER_INPUT"]
    not_support = {**variables, "support": seller_id}
    assert (await gql(client, GRANT, not_support, root_token)).codes() == ["BAD_USER_INPUT"]


async def test_sellers_cannot_look_at_other_accounts_as_admins(client, settings):
    seller_id, *_ = await _setting(client, settings)
    token, *_ = await seller(client, "snoop@example.com")
    assert (await gql(client, VIEW, {"id": seller_id}, token)).codes() == ["FORBIDDEN"]


async def test_admin_looks_across_regions_are_transfers_and_buyer_pii_stays_gated(
        client, settings):
    from gateway.models import Transfer

    _, cn_seller, cn_region = await seller(client, "li@example.cn", country="CN")
    await store_with_orders(cn_region, cn_seller, 1)
    officer_token, officer_id = await admin(client, settings, Role.PRIVACY_OFFICER,
                                            "dpo@example.com")
    result = await gql(client, """query($id: ID!) { adminAccount(id: $id) { account { email }
        orders { edges { node { number buyer { name } } } } } }""", {"id": cn_seller},
                       officer_token)
    assert result.data["adminAccount"]["account"]["email"] == "li@example.cn"
    assert result.data["adminAccount"]["orders"]["edges"][0]["node"]["number"] == "#1000"
    assert result.codes() == ["FORBIDDEN"]  # buyer names need orders:read_buyer_pii
    moved = await Transfer.filter(subject_id=cn_seller, actor_id=officer_id).using_db(
        conn(cn_region))
    assert [(t.from_region, t.to_region, t.categories) for t in moved] == [
        ("cn", "us", ["account_contact"])]

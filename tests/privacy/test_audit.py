"""Audit log of personal-data access: every read of a @sensitive field and every admin action
is recorded in the subject's region, with categories and purpose but never the values."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from gateway.auth.principal import Principal, permissions_for
from gateway.db import conn, counting_queries
from gateway.models import AuditEvent, Role
from gateway.privacy import audit
from tests.factories import store_with_orders
from tests.graphql_client import LOG_IN, gql
from tests.privacy.admins import admin, seller

ME = "{ me { email name mobile nickname } }"
BUYERS = "{ orders(first: 5) { edges { node { number buyer { name phone email address { city } } } } } }"
AUDIT = """query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { action actorId actorRole subjectId subjectType categories purpose details } }
    pageInfo { hasNextPage endCursor } } }"""


async def _events(region: str, **where) -> list[AuditEvent]:
    return await AuditEvent.filter(**where).using_db(conn(region)).order_by("at")


def _row_text(event: AuditEvent) -> str:
    return repr([event.action, event.actor_role, event.subject_type, event.categories,
                 event.purpose, event.details])


async def test_reading_personal_fields_is_audited_with_categories_and_purpose(client, settings):
    token, account_id, region = await seller(client, "reader@example.com")
    result = await gql(client, ME, token=token)
    assert not result.errors
    events = await _events(region, actor_id=account_id, action="read")
    assert len(events) == 1
    event = events[0]
    assert str(event.subject_id) == account_id and event.subject_type == "account"
    assert event.categories == ["account_contact", "account_identity"]
    assert event.purpose == "service_operation" and event.actor_role == "owner"
    assert event.details["fields"] == ["Account.email", "Account.mobile", "Account.name"]


async def test_audit_events_never_contain_the_personal_values(client, settings):
    token, account_id, region = await seller(client, "secretive@example.com",
                                             name="Zelda Quartermain")
    await store_with_orders(region, account_id, 3)
    assert not (await gql(client, ME, token=token)).errors
    assert not (await gql(client, BUYERS, token=token)).errors
    events = await _events(region)
    buyer_events = [e for e in events if e.subject_type == "buyer"]
    assert len(buyer_events) == 3
    assert all(e.categories == ["buyer_address", "buyer_contact", "buyer_identity"]
               for e in buyer_events)
    values = ["secretive@example.com", "Zelda", "Quartermain", "Buyer 0", "+15550000000",
              "buyer1@example.com", "Main St", "Austin"]
    for event in events:
        text = _row_text(event)
        assert not [v for v in values if v in text], text


async def test_a_request_writes_its_reads_in_one_insert_per_region(client, settings):
    token, account_id, region = await seller(client, "batch@example.com")
    await store_with_orders(region, account_id, 12)
    with counting_queries() as statements:
        result = await gql(client, BUYERS.replace("first: 5", "first: 12"), token=token)
    assert not result.errors
    inserts = [s for s in statements if "audit_event" in s and "INSERT" in s.upper()]
    assert len(inserts) == 1
    assert len(await _events(region, subject_type="buyer")) == 12


async def test_refused_fields_are_not_audited(client, settings):
    token, account_id, region = await seller(client, "boss@example.com")
    await store_with_orders(region, account_id, 2)
    added = await gql(client, """mutation { addStaffMember(input: {email: "clerk@example.com",
        password: "clerk-password-1", name: "Clerk", permissions: ["orders:read"]}) { id } }""",
                      token=token)
    assert not added.errors
    login = await gql(client, LOG_IN, {"email": "clerk@example.com",
                                       "password": "clerk-password-1"})
    refused = await gql(client, BUYERS, token=login.data["logIn"]["accessToken"])
    assert set(refused.codes()) == {"FORBIDDEN"}
    assert await _events(region, subject_type="buyer") == []


async def test_reads_are_written_one_event_per_subject_in_its_region(settings):
    # Noted one by one (ReadLog.note) or given as Read objects: the same events.
    first, second = audit.Subject(uuid.uuid4(), "buyer", "us"), audit.Subject(
        uuid.uuid4(), "buyer", "us")
    third = audit.Subject(uuid.uuid4(), "account", "us")  # the same fields, another type
    reads = [audit.Read(first, "buyer_identity", "Buyer.name"),
             audit.Read(first, "buyer_address", "Buyer.address"),
             audit.Read(first, "buyer_identity", "Buyer.name"),
             audit.Read(second, "buyer_identity", "Buyer.name"),
             audit.Read(third, "buyer_identity", "Buyer.name")]
    log = audit.ReadLog()
    for read in reads:
        log.note(read.subject.id, read.subject.type, read.subject.region, read.category,
                 read.field)
    assert len(log) == 3 and len(audit.ReadLog(reads)) == 3
    for given, operation in [(reads, "query"), (log, "subscription")]:
        owner = Principal(account_id=uuid.uuid4(), role=Role.OWNER, region="us",
                          permissions=permissions_for(Role.OWNER))
        assert await audit.record_reads(given, principal=owner, serving_region="us",
                                        operation=operation) == 3
        events = {e.subject_id: e for e in await _events("us", actor_id=owner.account_id)}
        assert set(events) == {first.id, second.id, third.id}
        assert events[first.id].categories == ["buyer_address", "buyer_identity"]
        assert events[first.id].details == {"fields": ["Buyer.address", "Buyer.name"],
                                            "operation": operation, "served_from": "us"}
        assert events[second.id].categories == ["buyer_identity"]
        assert {e.action for e in events.values()} == {audit.READ}
        # Every column as written: its own id, one time, the actor and the purpose.
        assert len({e.id for e in events.values()}) == 3
        assert {(e.at, e.actor_role, e.purpose) for e in events.values()} == {
            (events[first.id].at, "owner", "service_operation")}
        assert [events[s.id].subject_type for s in (first, second, third)] == [
            "buyer", "buyer", "account"]
        assert events[third.id].categories == ["buyer_identity"]
        assert abs((datetime.now(UTC) - events[first.id].at).total_seconds()) < 60


async def test_admin_actions_are_audited_in_the_subjects_region(settings):
    officer = Principal(account_id=uuid.uuid4(), role=Role.PRIVACY_OFFICER, region="us",
                        permissions=permissions_for(Role.PRIVACY_OFFICER))
    subject = audit.Subject(id=uuid.uuid4(), type="account", region="cn")
    await audit.admin_action(officer, "place_legal_hold", subject, {"hold_id": "h-1"})
    [event] = await _events("cn", subject_id=subject.id)
    assert event.action == "admin:place_legal_hold" and event.actor_role == "privacy_officer"
    assert event.details == {"hold_id": "h-1"}
    assert await _events("us", subject_id=subject.id) == []


async def test_admin_action_details_refuse_nested_values(settings):
    officer = Principal(account_id=uuid.uuid4(), role=Role.SUPERADMIN, region="us",
                        permissions=permissions_for(Role.SUPERADMIN))
    subject = audit.Subject(id=uuid.uuid4(), type="account", region="us")
    try:
        await audit.admin_action(officer, "export", subject, {"row": {"email": "x@example.com"}})
        raise AssertionError("a nested detail was accepted")
    except TypeError:
        pass


async def test_only_privacy_officers_and_superadmins_query_the_audit_log(client, settings):
    seller_token, *_ = await seller(client, "nosy@example.com")
    support_token, _ = await admin(client, settings, Role.SUPPORT, "support@example.com")
    officer_token, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "dpo@example.com")
    root_token, _ = await admin(client, settings, Role.SUPERADMIN, "root@example.com")
    assert (await gql(client, AUDIT, token=seller_token)).codes() == ["FORBIDDEN"]
    assert (await gql(client, AUDIT, token=support_token)).codes() == ["FORBIDDEN"]
    assert (await gql(client, AUDIT)).codes() == ["UNAUTHENTICATED"]
    assert not (await gql(client, AUDIT, token=officer_token)).errors
    assert not (await gql(client, AUDIT, token=root_token)).errors


async def test_the_audit_log_spans_both_regions_with_filters_and_pages(client, settings):
    us_token, us_id, _ = await seller(client, "us-seller@example.com")
    cn_token, cn_id, cn_region = await seller(client, "cn-seller@example.cn", country="CN")
    assert cn_region == "cn"
    for _ in range(3):
        await gql(client, ME, token=us_token)
        await gql(client, ME, token=cn_token)
    officer_token, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "dpo2@example.com")
    reads = {"action": "read", "category": "account_identity"}
    seen, after = [], None
    while True:
        page = await gql(client, AUDIT, {"filter": reads, "first": 4, "after": after},
                         officer_token)
        assert not page.errors, page.errors
        seen += [e["node"] for e in page.data["auditEvents"]["edges"]]
        if not page.data["auditEvents"]["pageInfo"]["hasNextPage"]:
            break
        after = page.data["auditEvents"]["pageInfo"]["endCursor"]
    assert {e["subjectId"] for e in seen} == {us_id, cn_id}
    assert len(seen) == 6  # sign-up answers email only: not account_identity
    only_cn = await gql(client, AUDIT, {"filter": {"subjectId": cn_id, "actorId": cn_id}},
                        officer_token)
    assert len(only_cn.data["auditEvents"]["edges"]) == 3
    none_yet = await gql(client, AUDIT, {"filter": {"from": "2999-01-01T00:00:00+00:00"}},
                         officer_token)
    assert none_yet.data["auditEvents"]["edges"] == []


def test_reads_look_for_a_region_only_where_an_object_may_say_it():
    from schema.read_log import _may_have_region
    from schema.types import Account, Buyer

    class Anything:  # not a dataclass: it may have any attribute
        pass

    assert not _may_have_region(Buyer)  # a type without one: not asked (no AttributeError)
    assert _may_have_region(Account) and _may_have_region(Anything)

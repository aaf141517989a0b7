"""Incident response: affected subjects from placement and the audit log, notices with details,
impact, actions, advice and remedies, delivery status, and the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.db import conn
from gateway.models import AuditEvent, Buyer, IncidentNotification, Role
from gateway.services.accounts import create_account
from tests.conftest import wait_until
from tests.factories import store_with_orders
from tests.graphql_client import LOG_IN, gql, sign_up
from tests.mailbox import last_mail

OPEN = """mutation($i: IncidentInput!) { openIncident(input: $i) { id state affected
  timeline { kind detail } } }"""
SHOW = """query($id: ID!) { incident(id: $id) { state affected timeline { kind detail }
  deliveries { channel status count } } }"""


def _input(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"description": "A support laptop with an active session was stolen.",
            "detectedAt": now.isoformat(), "categories": ["buyer_contact", "account_contact"],
            "regions": ["us"], "timeWindow": {"start": (now - timedelta(days=1)).isoformat(),
                                              "end": now.isoformat()},
            "likelyImpact": "Buyer phone numbers and emails may have been seen.",
            "actionsTaken": "The session was revoked and the laptop wiped remotely.",
            "actionsPlanned": "Hardware keys for every support login.",
            "advice": "Be wary of messages asking for payment details.",
            "remedies": "Free identity monitoring for 12 months on request.", **overrides}


async def _officer(client, settings) -> str:
    await create_account(settings, email="ciso@example.com", password="ciso-password-1",
                         name="Cee Iso", country="US", role=Role.PRIVACY_OFFICER)
    login = await gql(client, LOG_IN, {"email": "ciso@example.com", "password": "ciso-password-1"})
    return login.data["logIn"]["accessToken"]


async def test_an_incident_notifies_exactly_the_accounts_whose_data_was_accessed(
        client, settings, mail):
    touched = await sign_up(client, "touched@example.com")
    untouched = await sign_up(client, "untouched@example.com")
    await store_with_orders("us", touched["account"]["id"], 3)
    await store_with_orders("us", untouched["account"]["id"], 3)
    buyers = await Buyer.filter(seller_id=touched["account"]["id"]).using_db(conn("us"))
    await AuditEvent.bulk_create([AuditEvent(
        actor_role="support", action="read", subject_id=b.id, subject_type="buyer",
        categories=["buyer_contact"], purpose="service_operation") for b in buyers],
        using_db=conn("us"))
    old = datetime.now(UTC) - timedelta(days=30)
    await AuditEvent.create(action="read", subject_id=untouched["account"]["id"],
                            subject_type="account", categories=["account_contact"],
                            purpose="service_operation", using_db=conn("us"))
    await AuditEvent.filter(subject_id=untouched["account"]["id"]).using_db(conn("us")).update(
        at=old)  # outside the window
    officer = await _officer(client, settings)
    opened = await gql(client, OPEN, {"i": _input()}, officer)
    assert not opened.errors, opened.errors
    assert opened.data["openIncident"]["affected"] == 1
    message = await last_mail(mail, "touched@example.com", "Security incident")
    body = message.get_content()
    for part in ("A support laptop", "Likely impact", "What we have done", "What we will do",
                 "What you can do", "Remedies", "3 of your buyers"):
        assert part in body, part
    assert not [m for m in mail.messages if "untouched@example.com" in str(m["To"])]
    incident_id = opened.data["openIncident"]["id"]

    async def notified() -> bool:
        shown = await gql(client, SHOW, {"id": incident_id}, officer)
        return shown.data["incident"]["state"] == "notified"

    await wait_until(notified)
    shown = (await gql(client, SHOW, {"id": incident_id}, officer)).data["incident"]
    assert shown["deliveries"] == [{"channel": "email", "status": "sent", "count": 1}]
    assert [t["kind"] for t in shown["timeline"]] == ["opened", "scoped", "notified"]


async def test_failed_deliveries_are_recorded(client, settings, mail):
    touched = await sign_up(client, "bounce@example.com")
    await AuditEvent.create(action="read", subject_id=touched["account"]["id"],
                            subject_type="account", categories=["account_contact"],
                            purpose="service_operation", using_db=conn("us"))
    mail.permanent_failures = 1  # the relay refuses the next message
    officer = await _officer(client, settings)
    opened = await gql(client, OPEN, {"i": _input()}, officer)
    incident_id = opened.data["openIncident"]["id"]

    async def settled() -> bool:
        return await IncidentNotification.filter(incident_id=incident_id, status="pending"
                                                 ).count() == 0

    await wait_until(settled)
    notice = await IncidentNotification.get(incident_id=incident_id)
    assert notice.status == "failed" and notice.error


async def test_only_privacy_officers_open_incidents_and_inputs_are_checked(client, settings):
    seller = await sign_up(client, "nosy@example.com")
    refused = await gql(client, OPEN, {"i": _input()}, seller["accessToken"])
    assert refused.codes() == ["FORBIDDEN"]
    officer = await _officer(client, settings)
    for bad in ({"categories": ["favourite_colour"]}, {"regions": ["mars"]},
                {"advice": " "},
                {"timeWindow": {"start": datetime.now(UTC).isoformat(),
                                "end": (datetime.now(UTC) - timedelta(days=1)).isoformat()}}):
        result = await gql(client, OPEN, {"i": _input(**bad)}, officer)
        assert result.codes() == ["BAD_USER_INPUT"], bad

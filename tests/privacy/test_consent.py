"""Consent and the privacy policy: the ledger, the @consent directive, promotions with one-click
opt-out, cookie consent, policy versions and re-acceptance."""

from __future__ import annotations

import asyncio
import re
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

from gateway.auth.principal import Principal
from gateway.db import conn
from gateway.errors import ConsentRequired
from gateway.models import ConsentRecord, Role
from gateway.services.accounts import create_account
from schema.directives import FieldRules
from schema.loaders import Loaders
from tests.graphql_client import LOG_IN, SIGN_UP, gql, sign_up
from tests.mailbox import last_mail

PROMO = """mutation { sendPromotion(subject: "New: bulk labels", body: "Print 100 labels at once.")
  { sent skippedWithoutConsent failed } }"""


async def _officer(client, settings) -> str:
    await create_account(settings, email="officer@example.com", password="officer-pass-1",
                         name="Officer", country="US", role=Role.PRIVACY_OFFICER)
    login = await gql(client, LOG_IN, {"email": "officer@example.com",
                                       "password": "officer-pass-1"})
    return login.data["logIn"]["accessToken"]


async def test_a_consent_check_cancelled_while_waiting_leaves_the_others_theirs(client, settings):
    """Fields of one request asking about the same subject share one ledger load: cancelling
    one of them (its part of the answer nulled) must not cancel it for the rest."""
    payload = await sign_up(client, "shared-check@example.com")
    account_id = uuid.UUID(payload["account"]["id"])
    await gql(client, 'mutation { grantConsent(purpose: "marketing_email") { granted } }',
              token=payload["accessToken"])
    principal = Principal(account_id=account_id, role=Role.OWNER, region="us")
    context = SimpleNamespace(principal=principal, loaders=Loaders(lambda: principal))
    info = SimpleNamespace(context=context)
    source = SimpleNamespace(subject_id=account_id, region="us")
    rules = FieldRules(requires=None, consent="marketing_email")
    first = asyncio.ensure_future(rules._check_consent(source, info))
    second = asyncio.ensure_future(rules._check_consent(source, info))
    await asyncio.sleep(0)  # both are waiting on the one load
    first.cancel()
    assert await second is None  # consented: passes, not cancelled
    assert first.cancelled()
    other = SimpleNamespace(subject_id=uuid.uuid4(), region="us")
    try:
        await rules._check_consent(other, info)
    except ConsentRequired as exc:  # one with no consent is still refused
        assert exc.code == "CONSENT_REQUIRED"
    else:
        raise AssertionError("a subject without consent passed")


async def test_a_withdrawn_consent_takes_effect_on_the_very_next_request(client, settings):
    payload = await sign_up(client, "consenter@example.com")
    token = payload["accessToken"]
    before = await gql(client, "{ me { email promotionsEmail } }", token=token)
    assert before.data["me"]["promotionsEmail"] is None
    assert before.codes() == ["CONSENT_REQUIRED"] and before.data["me"]["email"]
    await gql(client, 'mutation { grantConsent(purpose: "marketing_email") { granted } }',
              token=token)
    granted = await gql(client, "{ me { promotionsEmail } }", token=token)
    assert granted.data["me"]["promotionsEmail"] == "consenter@example.com"
    await gql(client, 'mutation { withdrawConsent(purpose: "marketing_email") { granted } }',
              token=token)
    withdrawn = await gql(client, "{ me { promotionsEmail } }", token=token)
    assert withdrawn.data["me"]["promotionsEmail"] is None
    assert withdrawn.codes() == ["CONSENT_REQUIRED"]


async def test_the_ledger_is_append_only_and_records_the_evidence(client, settings):
    payload = await sign_up(client, "ledger@example.com")
    for mutation in ("grantConsent", "withdrawConsent", "grantConsent"):
        await gql(client, f'mutation {{ {mutation}(purpose: "marketing_sms") {{ granted }} }}',
                  token=payload["accessToken"])
    rows = await ConsentRecord.filter(subject_id=payload["account"]["id"],
                                      purpose="marketing_sms").using_db(conn("us")).order_by(
        "created_at")
    assert [r.granted for r in rows] == [True, False, True]
    assert all(r.ip == "203.0.113.7" and r.policy_version for r in rows)
    mine = await gql(client, "{ myConsents { purpose granted legalBasis } }",
                     token=payload["accessToken"])
    states = {c["purpose"]: c for c in mine.data["myConsents"]}
    assert states["marketing_sms"]["granted"] is True
    assert states["product_improvement"] == {"purpose": "product_improvement", "granted": True,
                                             "legalBasis": "legitimate_interest"}


async def test_unregistered_purposes_and_non_consent_purposes_are_refused(client, settings):
    payload = await sign_up(client, "purposes@example.com")
    token = payload["accessToken"]
    for purpose in ("sell_to_data_brokers", "service_operation"):
        result = await gql(client, f'mutation {{ grantConsent(purpose: "{purpose}") '
                           "{ granted } }", token=token)
        assert result.codes() == ["BAD_USER_INPUT"], purpose
    objection = await gql(client, 'mutation { withdrawConsent(purpose: "product_improvement") '
                          "{ granted } }", token=token)
    assert objection.data["withdrawConsent"]["granted"] is False


async def test_promotions_skip_subjects_without_consent_and_carry_a_working_opt_out(
        client, settings, mail):
    yes = await sign_up(client, "yes@example.com")
    await sign_up(client, "no@example.com")
    await gql(client, 'mutation { grantConsent(purpose: "marketing_email") { granted } }',
              token=yes["accessToken"])
    officer = await _officer(client, settings)
    sent = await gql(client, PROMO, token=officer)
    assert sent.data["sendPromotion"] == {"sent": 1, "skippedWithoutConsent": 1, "failed": 0}
    assert not [m for m in mail.messages if "no@example.com" in str(m["To"])]
    message = await last_mail(mail, "yes@example.com", "bulk labels")
    assert message["List-Unsubscribe"]
    link = urlsplit(re.search(r"https?://\S+", message.get_content()).group(0))
    page = await client.get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and "<form" in page.text  # a GET only asks
    done = await client.post(f"{link.path}?{link.query}")
    assert done.status_code == 200
    again = await gql(client, PROMO, token=officer)
    assert again.data["sendPromotion"]["sent"] == 0
    record = await ConsentRecord.filter(subject_id=yes["account"]["id"]).using_db(
        conn("us")).order_by("-created_at").first()
    assert record.granted is False and record.source == "email_link"
    sellers_cannot = await gql(client, PROMO, token=yes["accessToken"])
    assert sellers_cannot.codes() == ["FORBIDDEN"]


async def test_forged_or_tampered_opt_out_links_are_refused(client, settings):
    for token in ("", "garbage", "eyJ4Ijoi.deadbeef"):
        response = await client.post(f"/consent/opt-out?token={token}")
        assert response.status_code == 400


async def test_cookie_consent_is_recorded_with_the_visitors_ip_and_cookie_id(client, settings):
    response = await client.post("/consent/cookies", json={
        "cookieId": "c-123", "categories": {"analytics": False, "preferences": True}})
    assert response.status_code == 200
    rows = await ConsentRecord.filter(cookie_id="c-123").using_db(conn("us"))
    assert {(r.purpose, r.granted, r.ip, r.subject_type) for r in rows} == {
        ("cookies_analytics", False, "203.0.113.7", "visitor"),
        ("cookies_preferences", True, "203.0.113.7", "visitor")}
    for bad in ({"cookieId": "", "categories": {}}, {"cookieId": "c", "categories": {"ads": 1}}):
        assert (await client.post("/consent/cookies", json=bad)).status_code == 400
    assert (await client.post("/consent/cookies", content=b"not json")).status_code == 400


async def test_a_material_policy_change_asks_for_acceptance_and_notifies(client, settings, mail):
    officer = await _officer(client, settings)
    await gql(client, """mutation { publishPolicyVersion(version: "2026-01", summary: "First",
        material: false) { version } }""", token=officer)
    payload = await sign_up(client, "policy@example.com")
    token = payload["accessToken"]
    assert (await gql(client, "{ me { policyAcceptanceRequired } }", token=token)).data[
        "me"]["policyAcceptanceRequired"] is False
    minor = await gql(client, """mutation { publishPolicyVersion(version: "2026-02",
        summary: "Typos", material: false) { version } }""", token=officer)
    assert minor.data["publishPolicyVersion"]["version"] == "2026-02"
    assert (await gql(client, "{ me { policyAcceptanceRequired } }", token=token)).data[
        "me"]["policyAcceptanceRequired"] is False
    await gql(client, """mutation { publishPolicyVersion(version: "2026-03",
        summary: "New analytics purpose", material: true) { version } }""", token=officer)
    assert (await gql(client, "{ me { policyAcceptanceRequired } }", token=token)).data[
        "me"]["policyAcceptanceRequired"] is True
    notice = await last_mail(mail, "policy@example.com", "privacy policy changed")
    assert "New analytics purpose" in notice.get_content()
    current = await gql(client, "{ currentPolicy { version material } }")
    assert current.data["currentPolicy"] == {"version": "2026-03", "material": True}
    await gql(client, 'mutation { acceptPolicy(version: "2026-03") }', token=token)
    assert (await gql(client, "{ me { policyAcceptanceRequired } }", token=token)).data[
        "me"]["policyAcceptanceRequired"] is False
    stale = await gql(client, SIGN_UP, {"input": {
        "email": "late@example.com", "password": "late-password-1", "name": "Late",
        "country": "US", "birthDate": "1990-01-01", "acceptedPolicyVersion": "2026-01"}})
    assert stale.codes() == ["BAD_USER_INPUT"]
    sellers_cannot = await gql(client, """mutation { publishPolicyVersion(version: "x",
        summary: "y", material: true) { version } }""", token=token)
    assert sellers_cannot.codes() == ["FORBIDDEN"]

"""Data-subject rights: requests verified by an emailed code, answered within business days,
exported as a ZIP, erased without a trace, refused only for the policy's reasons."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import jsonschema
import pytest
from tortoise import Tortoise, connections

from gateway.db import ALIASES, conn
from gateway.models import (
    Account,
    ConsentRecord,
    DataKey,
    ErasureReceipt,
    Job,
    JobState,
    Order,
    PrivacyRequest,
    Role,
    TaxRecord,
)
from gateway.privacy import erasure, vault
from gateway.privacy.calendar import add_business_days, is_business_day
from gateway.privacy.export import EXPORT_JSON_SCHEMA
from gateway.services import jobs
from gateway.services.accounts import create_account
from gateway.services.demo import seed_demo
from gateway.services.privacy_requests import check_deadlines
from tests.conftest import wait_until
from tests.factories import store_with_orders
from tests.graphql_client import LOG_IN, gql, sign_up
from tests.mailbox import code_in_mail, last_mail

REQUEST = """mutation($k: String!) { requestPrivacyAction(kind: $k) { id state refusalReason
  refusalDetail } }"""
VERIFY = """mutation($id: ID!, $c: String!) { verifyPrivacyRequest(requestId: $id, code: $c) {
  id state dueAt refusalReason refusalDetail } }"""
MINE = "{ myPrivacyRequests { id kind state dueAt result job { state progress } } }"


async def _officer(client, settings) -> str:
    await create_account(settings, email="dpo@example.com", password="dpo-password-123",
                         name="Dee Pee", country="US", role=Role.PRIVACY_OFFICER)
    login = await gql(client, LOG_IN, {"email": "dpo@example.com", "password": "dpo-password-123"})
    return login.data["logIn"]["accessToken"]


async def _requested_and_verified(client, mail, token: str, email: str, kind: str) -> dict:
    asked = await gql(client, REQUEST, {"k": kind}, token)
    assert not asked.errors, asked.errors
    assert asked.data["requestPrivacyAction"]["state"] == "identity_verification"
    code = await code_in_mail(mail, email, "Confirm")
    verified = await gql(client, VERIFY, {"id": asked.data["requestPrivacyAction"]["id"],
                                          "c": code}, token)
    assert not verified.errors, verified.errors
    return verified.data["verifyPrivacyRequest"]


async def _request_done(request_id: str) -> bool:
    for region in ("us", "cn"):
        row = await PrivacyRequest.filter(id=request_id).using_db(conn(region)).first()
        if row is not None:
            return row.state in ("completed", "on_hold", "refused")
    return False


def test_due_dates_skip_weekends_and_holidays():
    friday = datetime(2026, 11, 20, 10, tzinfo=UTC)  # Thanksgiving is Thu 26 Nov 2026
    assert add_business_days("us", friday, 5).date().isoformat() == "2026-11-30"
    before_golden_week = datetime(2026, 9, 30, 10, tzinfo=UTC)  # 1-7 Oct: National Day
    assert add_business_days("cn", before_golden_week, 5).date().isoformat() == "2026-10-14"
    assert not is_business_day("us", datetime(2026, 7, 3).date())  # 4 July is a Saturday
    assert is_business_day("cn", datetime(2026, 7, 3).date())


async def test_a_request_is_confirmed_by_the_emailed_code_and_due_in_five_business_days(
        client, settings, mail):
    payload = await sign_up(client, "asker@example.com")
    token = payload["accessToken"]
    asked = await gql(client, REQUEST, {"k": "ccpa_opt_out_of_sale"}, token)
    request_id = asked.data["requestPrivacyAction"]["id"]
    wrong = await gql(client, VERIFY, {"id": request_id, "c": "not-it"}, token)
    assert wrong.codes() == ["BAD_USER_INPUT"]
    code = await code_in_mail(mail, "asker@example.com", "Confirm")
    verified = await gql(client, VERIFY, {"id": request_id, "c": code}, token)
    row = verified.data["verifyPrivacyRequest"]
    assert row["state"] == "completed"  # we do not sell data: the opt-out is recorded at once
    stored = await PrivacyRequest.get(id=request_id).using_db(conn("us"))
    assert stored.due_at == add_business_days("us", stored.verified_at, 5)
    again = await gql(client, VERIFY, {"id": request_id, "c": code}, token)
    assert again.codes() == ["CONFLICT"]


async def test_someone_elses_request_cannot_be_verified(client, settings, mail):
    owner = await sign_up(client, "own@example.com")
    other = await sign_up(client, "other@example.com")
    asked = await gql(client, REQUEST, {"k": "access"}, owner["accessToken"])
    code = await code_in_mail(mail, "own@example.com", "Confirm")
    stolen = await gql(client, VERIFY, {"id": asked.data["requestPrivacyAction"]["id"],
                                        "c": code}, other["accessToken"])
    assert stolen.codes() == ["NOT_FOUND"]


async def test_abusive_repetition_is_refused_with_a_reason(client, settings, mail):
    payload = await sign_up(client, "again@example.com")
    for _ in range(settings.privacy_requests_per_kind_per_30_days):
        await gql(client, REQUEST, {"k": "access"}, payload["accessToken"])
    refused = await gql(client, REQUEST, {"k": "access"}, payload["accessToken"])
    row = refused.data["requestPrivacyAction"]
    assert row["state"] == "refused" and row["refusalReason"] == "abusive"
    assert "30 days" in row["refusalDetail"]
    unknown = await gql(client, REQUEST, {"k": "make_me_rich"}, payload["accessToken"])
    assert unknown.codes() == ["BAD_USER_INPUT"]


async def test_the_export_of_a_demo_seller_holds_every_order_consent_and_shipment(
        client, settings, mail):
    await seed_demo(settings, orders_per_store=6)
    login = await gql(client, LOG_IN, {"email": "alice@demo.sellergate.test",
                                       "password": "sellergate-demo"})
    token = login.data["logIn"]["accessToken"]
    seller_id = login.data["logIn"]["account"]["id"]
    await ConsentRecord.create(subject_id=seller_id, purpose="marketing_email", granted=True,
                               policy_version="2026-01", source="web", using_db=conn("us"))
    request = await _requested_and_verified(client, mail, token, "alice@demo.sellergate.test",
                                            "export")
    await wait_until(lambda: _request_done(request["id"]))
    message = await last_mail(mail, "alice@demo.sellergate.test", "export is ready")
    link = re.search(r"https?://\S+", message.get_content()).group(0)
    parts = urlsplit(link)
    response = await client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    for name, schema in EXPORT_JSON_SCHEMA.items():
        jsonschema.validate(json.loads(files[name]), schema)
    orders = json.loads(files["orders.json"])
    expected = await Order.filter(seller_id=seller_id).using_db(conn("us")).values_list(
        "id", flat=True)
    assert sorted(o["id"] for o in orders) == sorted(str(i) for i in expected)
    assert len(json.loads(files["consents.json"])) == 1
    assert len(json.loads(files["shipments.json"])) > 0
    assert json.loads(files["account.json"])["email"] == "alice@demo.sellergate.test"
    assert any(b["name"] for b in json.loads(files["buyers.json"]))
    manifest = json.loads(files["manifest.json"])
    assert manifest["counts"]["orders"] == len(orders)
    assert files["orders.csv"].decode().count("\n") == len(orders) + 1
    # The archive at rest is encrypted; the link is signed and expires.
    stored = next((settings.data_dir / "exports").glob("*.sgx")).read_bytes()
    assert b"alice@demo.sellergate.test" not in stored and not stored.startswith(b"PK")
    forged = await client.get(parts.path + "?expires=9999999999&signature=forged")
    assert forged.status_code == 403


async def _plain_values_left(values: list[str]) -> list[str]:
    """Every value still readable anywhere: in clear, or decryptable with a remaining key."""
    keys = {}
    for region in ("us", "cn"):
        for row in await DataKey.all().using_db(conn(region)):
            keys[row.subject_id] = vault.current().keyring.unwrap(row.master_key_id,
                                                                  row.wrapped_key)
    found = []
    for alias in ALIASES:
        app_name = "directory" if alias == "directory" else "regional"
        for model in Tortoise.apps[app_name].values():
            _, rows = await connections.get(alias).execute_query(
                f'SELECT * FROM "{model._meta.db_table}"')
            for row in rows:
                text = repr(dict(row))
                found += [v for v in values if v in text]
                for cell in dict(row).values():
                    if isinstance(cell, str) and cell.startswith("v1."):
                        for subject, key in keys.items():
                            for name in ("email", "name", "mobile", "phone", "address"):
                                clear = vault.Vault.decrypt(key, subject, name, cell)
                                if clear:
                                    found += [v for v in values if v in clear]
    return found


async def test_an_erased_account_leaves_no_trace_and_keeps_only_deidentified_tax_records(
        client, settings, mail, monkeypatch):
    # Principals kept a minute: the erased account's token is refused at once because the
    # erasure forgets it (its job runs in this process).
    monkeypatch.setattr(settings, "principal_cache_seconds", 60)
    payload = await sign_up(client, "erase.me@example.com", name="Erin Erasable")
    token, seller_id = payload["accessToken"], payload["account"]["id"]
    await gql(client, 'mutation { updateProfile(mobile: "+1 555 010 9999") { mobile } }',
              token=token)
    await store_with_orders("us", seller_id, 12)
    keeper = await sign_up(client, "keep.me@example.com", name="Kim Keeper")
    await store_with_orders("us", keeper["account"]["id"], 2)
    values = ["erase.me@example.com", "Erin Erasable", "+1 555 010 9999", "buyer3@example.com",
              "Buyer 7", "3 Main St"]
    assert set(await _plain_values_left(values)) >= {"erase.me@example.com", "Erin Erasable"}
    request = await _requested_and_verified(client, mail, token, "erase.me@example.com",
                                            "account_cancellation")
    await wait_until(lambda: _request_done(request["id"]))
    done = await PrivacyRequest.get(id=request["id"]).using_db(conn("us"))
    assert done.state == "completed"
    assert await _plain_values_left(values) == []
    assert await TaxRecord.filter(erasure_request_id=done.id).using_db(conn("us")).count() == 12
    tax = await TaxRecord.filter(erasure_request_id=done.id).using_db(conn("us")).first()
    assert seller_id not in repr(tax.__dict__)
    certificate = done.result["certificate"]
    assert erasure.verify_certificate(settings, certificate)
    assert certificate["kept"][0]["rows"] == 12
    assert await ErasureReceipt.filter(request_id=done.id).using_db(conn("us")).exists()
    relogin = await gql(client, LOG_IN, {"email": "erase.me@example.com",
                                         "password": "correct-horse-battery"})
    assert relogin.codes() == ["UNAUTHENTICATED"]
    assert (await gql(client, "{ me { email } }", token=token)).codes() == ["UNAUTHENTICATED"]
    kept = await gql(client, "{ me { email } orders { edges { cursor } } }",
                     token=keeper["accessToken"])
    assert kept.data["me"]["email"] == "keep.me@example.com"
    assert len(kept.data["orders"]["edges"]) == 2


async def test_killing_the_worker_mid_erasure_then_running_again_completes_it(
        app, client, settings, mail, monkeypatch):
    payload = await sign_up(client, "crashy@example.com", name="Crash Test")
    await store_with_orders("us", payload["account"]["id"], 5)
    real_delete = erasure._delete_rows

    async def killed(region, request):  # the worker dies in the middle of this step
        raise SystemExit("worker killed")

    monkeypatch.setattr(erasure, "_delete_rows", killed)
    jobs.set_dispatcher(None)  # this test plays the worker itself, step by step
    try:
        asked = await gql(client, REQUEST, {"k": "deletion"}, payload["accessToken"])
        for queued in await Job.filter(kind="send_privacy_code", state=JobState.QUEUED
                                       ).using_db(conn("us")):
            await jobs.run_job("us", queued.id)
        code = await code_in_mail(mail, "crashy@example.com", "Confirm")
        await gql(client, VERIFY, {"id": asked.data["requestPrivacyAction"]["id"], "c": code},
                  payload["accessToken"])
    finally:
        app.state.workers["workers"].install()
    row = await PrivacyRequest.get(id=asked.data["requestPrivacyAction"]["id"]).using_db(
        conn("us"))
    with pytest.raises(SystemExit):
        await jobs.run_job("us", row.job_id)
    job = await Job.get(id=row.job_id).using_db(conn("us"))
    assert job.state == JobState.RUNNING  # died without a word: the heartbeat goes stale
    assert "shred_keys" in job.checkpoint["steps"]
    monkeypatch.setattr(erasure, "_delete_rows", real_delete)
    await Job.filter(id=job.id).using_db(conn("us")).update(
        heartbeat_at=datetime.now(UTC) - timedelta(hours=1))
    assert await jobs.run_job("us", job.id, stall_seconds=60) == JobState.SUCCEEDED
    assert await _plain_values_left(["crashy@example.com", "Crash Test", "buyer2@example.com"]
                                    ) == []
    assert (await PrivacyRequest.get(id=row.id).using_db(conn("us"))).state == "completed"
    assert await jobs.run_job("us", job.id, stall_seconds=0) is None  # idempotent re-delivery


async def test_a_legal_hold_blocks_erasure_with_a_clear_reason(client, settings, mail):
    payload = await sign_up(client, "held@example.com", name="Hal Held")
    officer = await _officer(client, settings)
    hold = await gql(client, """mutation($s: ID!) { placeLegalHold(subjectId: $s,
        reason: "tax audit 2026-17") { id } }""", {"s": payload["account"]["id"]}, officer)
    assert not hold.errors, hold.errors
    request = await _requested_and_verified(client, mail, payload["accessToken"],
                                            "held@example.com", "deletion")
    assert request["state"] == "on_hold" and request["refusalReason"] == "legal_hold"
    assert "tax audit 2026-17" in request["refusalDetail"]
    assert await Account.filter(id=payload["account"]["id"]).using_db(conn("us")).exists()
    seller_cannot = await gql(client, """mutation($s: ID!) { placeLegalHold(subjectId: $s,
        reason: "x") { id } }""", {"s": payload["account"]["id"]}, payload["accessToken"])
    assert seller_cannot.codes() == ["FORBIDDEN"]
    await gql(client, "mutation($s: ID!) { releaseLegalHold(subjectId: $s) }",
              {"s": payload["account"]["id"]}, officer)
    approved = await gql(client, "mutation($id: ID!) { approvePrivacyRequest(id: $id) { state } }",
                         {"id": request["id"]}, officer)
    assert approved.data["approvePrivacyRequest"]["state"] == "in_progress"
    await wait_until(lambda: _request_done(request["id"]))
    assert not await Account.filter(id=payload["account"]["id"]).using_db(conn("us")).exists()


async def test_admins_see_the_queue_and_refuse_only_with_a_policy_reason(client, settings, mail):
    payload = await sign_up(client, "queue@example.com")
    asked = await gql(client, REQUEST, {"k": "access"}, payload["accessToken"])
    officer = await _officer(client, settings)
    queue = await gql(client, "{ privacyRequests { id kind state } }", token=officer)
    assert asked.data["requestPrivacyAction"]["id"] in [r["id"] for r in queue.data[
        "privacyRequests"]]
    sellers_cannot = await gql(client, "{ privacyRequests { id } }",
                               token=payload["accessToken"])
    assert sellers_cannot.codes() == ["FORBIDDEN"]
    bad = await gql(client, """mutation($id: ID!) { refusePrivacyRequest(id: $id,
        reason: "we do not feel like it") { state } }""",
                    {"id": asked.data["requestPrivacyAction"]["id"]}, officer)
    assert bad.codes() == ["BAD_USER_INPUT"]
    refused = await gql(client, """mutation($id: ID!) { refusePrivacyRequest(id: $id,
        reason: "others_rights") { state refusalReason refusalDetail } }""",
                        {"id": asked.data["requestPrivacyAction"]["id"]}, officer)
    assert refused.data["refusePrivacyRequest"]["state"] == "refused"
    assert "rights of others" in refused.data["refusePrivacyRequest"]["refusalDetail"]


async def test_reminders_at_day_five_and_breach_at_day_seven(client, settings, mail):
    payload = await sign_up(client, "slow@example.com")
    officer = await _officer(client, settings)
    await gql(client, """mutation($s: ID!) { placeLegalHold(subjectId: $s, reason: "court")
        { id } }""", {"s": payload["account"]["id"]}, officer)
    request = await _requested_and_verified(client, mail, payload["accessToken"],
                                            "slow@example.com", "deletion")
    row = await PrivacyRequest.get(id=request["id"]).using_db(conn("us"))
    assert await check_deadlines(add_business_days("us", row.verified_at, 4)) == {
        "reminded": 0, "breached": 0}
    assert (await check_deadlines(add_business_days("us", row.verified_at, 5)))["reminded"] == 1
    assert (await check_deadlines(add_business_days("us", row.verified_at, 7)))["breached"] == 1
    overdue = await gql(client, "{ privacyRequests(filter: {overdue: true}) { id overdue } }",
                        token=officer)
    assert overdue.data["privacyRequests"] == [] or all(
        r["overdue"] for r in overdue.data["privacyRequests"])


async def test_profile_is_self_service_and_email_changes_only_after_verification(
        client, settings, mail):
    payload = await sign_up(client, "old@example.com")
    token = payload["accessToken"]
    updated = await gql(client, """mutation { updateProfile(nickname: "Shopkeeper",
        mobile: "+1 415 555 0199") { nickname mobile } }""", token=token)
    assert updated.data["updateProfile"] == {"nickname": "Shopkeeper",
                                             "mobile": "+1 415 555 0199"}
    moving = await gql(client, 'mutation { updateProfile(country: "CN") { country } }',
                       token=token)
    assert moving.codes() == ["BAD_USER_INPUT"]
    bad_mobile = await gql(client, 'mutation { updateProfile(mobile: "call me") { mobile } }',
                           token=token)
    assert bad_mobile.codes() == ["BAD_USER_INPUT"]
    started = await gql(client, 'mutation { changeEmail(newEmail: "new@example.com") }',
                        token=token)
    assert started.data["changeEmail"] is True
    still = await gql(client, "{ me { email } }", token=token)
    assert still.data["me"]["email"] == "old@example.com"
    code = await code_in_mail(mail, "new@example.com", "new Sellergate email")
    confirmed = await gql(client, "mutation($c: String!) { confirmEmailChange(code: $c) "
                          "{ email } }", {"c": code}, token)
    assert confirmed.data["confirmEmailChange"]["email"] == "new@example.com"
    login = await gql(client, LOG_IN, {"email": "new@example.com",
                                       "password": "correct-horse-battery"})
    assert not login.errors
    old = await gql(client, LOG_IN, {"email": "old@example.com",
                                     "password": "correct-horse-battery"})
    assert old.codes() == ["UNAUTHENTICATED"]


async def test_request_floods_are_rate_limited(client, settings, mail):
    payload = await sign_up(client, "flood@example.com")
    kinds = ["access", "export", "ccpa_know", "rectification", "ccpa_opt_out_of_sale"]
    for kind in kinds[:settings.rate_limit_privacy_requests_per_account_per_hour]:
        await gql(client, REQUEST, {"k": kind}, payload["accessToken"])
    flooded = await gql(client, REQUEST, {"k": "deletion"}, payload["accessToken"])
    assert flooded.codes() == ["RATE_LIMITED"]

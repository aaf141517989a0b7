"""Children under 14: restricted until a guardian verifies by an emailed code; unverified child
accounts and their data are deleted after the set period."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.db import conn
from gateway.models import Account, DataKey, DirectoryEntry, GuardianVerification
from gateway.services.children import age_on, sweep_unverified_children
from plugins.email.sandbox import Sandbox as MailSandbox
from tests.conftest import wait_until
from tests.graphql_client import LOG_IN, gql

CHILD_SIGN_UP = """mutation($i: SignUpInput!) { signUp(input: $i) {
  accessToken account { id restricted } } }"""


def _child_input(email: str = "kid@example.com", years: int = 12, **extra: Any) -> dict:
    born = datetime.now(UTC).date().replace(year=datetime.now(UTC).year - years)
    return {"email": email, "password": "kid-password-123", "name": "Kid", "country": "US",
            "birthDate": born.isoformat(), "guardianEmail": "parent@example.com", **extra}


async def _code_for(mail: MailSandbox, to: str) -> str:
    async def arrived() -> bool:
        return any(to in str(m["To"]) for m in mail.messages)

    await wait_until(arrived)
    message = [m for m in mail.messages if to in str(m["To"])][-1]
    match = re.search(r"\b(\d{6})\b", message.get_content())
    assert match, message.get_content()
    return match.group(1)


async def test_a_child_account_is_restricted_until_the_guardian_confirms(client, settings, mail,
                                                                        monkeypatch):
    # Principals kept a minute: its token is unrestricted at once because verifying forgets it.
    monkeypatch.setattr(settings, "principal_cache_seconds", 60)
    signed = await gql(client, CHILD_SIGN_UP, {"i": _child_input()})
    assert not signed.errors, signed.errors
    token = signed.data["signUp"]["accessToken"]
    assert signed.data["signUp"]["account"]["restricted"] is True
    blocked = await gql(client, "{ orders { edges { cursor } } }", token=token)
    assert blocked.codes() == ["FORBIDDEN"]
    assert "guardian" in blocked.errors[0]["message"]
    code = await _code_for(mail, "parent@example.com")
    wrong = await gql(client, 'mutation { verifyGuardianConsent(code: "000000") { restricted } }',
                      token=token)
    assert wrong.codes() == ["BAD_USER_INPUT"] or code == "000000"
    verified = await gql(client, "mutation($c: String!) { verifyGuardianConsent(code: $c) "
                         "{ restricted } }", {"c": code}, token)
    assert verified.data["verifyGuardianConsent"]["restricted"] is False
    # Its token, restricted a moment ago, is not any more.
    assert not (await gql(client, "{ orders { edges { cursor } } }", token=token)).errors
    login = await gql(client, LOG_IN, {"email": "kid@example.com", "password": "kid-password-123"})
    allowed = await gql(client, "{ orders { edges { cursor } } }",
                        token=login.data["logIn"]["accessToken"])
    assert not allowed.errors


async def test_the_guardian_code_is_never_stored_in_clear(client, settings, mail):
    signed = await gql(client, CHILD_SIGN_UP, {"i": _child_input("kid2@example.com")})
    code = await _code_for(mail, "parent@example.com")
    row = await GuardianVerification.get(
        account_id=signed.data["signUp"]["account"]["id"]).using_db(conn("us"))
    assert code not in row.code_hash and "parent@example.com" not in row.guardian_email


async def test_wrong_codes_are_limited(client, settings, mail):
    signed = await gql(client, CHILD_SIGN_UP, {"i": _child_input("kid3@example.com")})
    token = signed.data["signUp"]["accessToken"]
    code = await _code_for(mail, "parent@example.com")
    bad = "111111" if code != "111111" else "222222"
    for _ in range(5):
        await gql(client, "mutation($c: String!) { verifyGuardianConsent(code: $c) { id } }",
                  {"c": bad}, token)
    locked = await gql(client, "mutation($c: String!) { verifyGuardianConsent(code: $c) { id } }",
                       {"c": code}, token)
    assert locked.codes() == ["RATE_LIMITED"]
    resent = await gql(client, "mutation { resendGuardianCode }", token=token)
    assert resent.data["resendGuardianCode"] is True


async def test_a_child_needs_a_guardian_email_other_than_its_own(client, settings):
    missing = await gql(client, CHILD_SIGN_UP, {"i": _child_input(guardianEmail="")})
    assert missing.codes() == ["BAD_USER_INPUT"]
    same = await gql(client, CHILD_SIGN_UP, {"i": _child_input(guardianEmail="kid@example.com")})
    assert same.codes() == ["BAD_USER_INPUT"]


async def test_adults_are_not_restricted(client, settings):
    signed = await gql(client, CHILD_SIGN_UP, {"i": _child_input("adult@example.com", years=30)})
    assert signed.data["signUp"]["account"]["restricted"] is False
    assert await GuardianVerification.all().using_db(conn("us")).count() == 0


async def test_unverified_child_accounts_and_their_data_are_deleted_after_the_period(
        client, settings, mail):
    signed = await gql(client, CHILD_SIGN_UP, {"i": _child_input("late@example.com")})
    account_id = signed.data["signUp"]["account"]["id"]
    adult = await gql(client, CHILD_SIGN_UP, {"i": _child_input("grown@example.com", years=40)})
    assert await sweep_unverified_children(settings) == 0  # still within the period
    later = datetime.now(UTC) + timedelta(days=settings.child_verification_days, minutes=1)
    assert await sweep_unverified_children(settings, now=later) == 1
    assert not await Account.filter(id=account_id).using_db(conn("us")).exists()
    assert not await DataKey.filter(subject_id=account_id).using_db(conn("us")).exists()
    assert not await DirectoryEntry.filter(account_id=account_id).exists()
    assert await Account.filter(id=adult.data["signUp"]["account"]["id"]).using_db(
        conn("us")).exists()


def test_age_counts_whole_years():
    from datetime import date

    assert age_on(date(2012, 6, 1), date(2026, 5, 31)) == 13
    assert age_on(date(2012, 6, 1), date(2026, 6, 1)) == 14

"""Sign-up, log-in, token refresh and log-out through GraphQL over HTTP."""

from __future__ import annotations

import asyncio
import time
import uuid

import jwt
import pytest
from tortoise.exceptions import DoesNotExist

from gateway.auth import principal_cache
from gateway.auth.principal import Principal
from gateway.auth.tokens import decode_access_token
from gateway.db import conn, counting_queries
from gateway.errors import Unauthenticated
from gateway.models import Account, DirectoryEntry, RefreshToken, Role
from gateway.services.accounts import principal_for_token
from tests.graphql_client import LOG_IN, gql, sign_up

ME = "{ me { id email name region country role } }"
REFRESH = """mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }"""


async def test_sign_up_places_a_us_account_in_the_us_store(client, settings):
    payload = await sign_up(client, "ann@example.com", country="US")
    assert payload["account"]["region"] == "us"
    account_id = payload["account"]["id"]
    assert await Account.filter(id=account_id).using_db(conn("us")).exists()
    assert not await Account.filter(id=account_id).using_db(conn("cn")).exists()


async def test_sign_up_places_a_chinese_account_in_the_cn_store(client, settings):
    payload = await sign_up(client, "li@example.cn", country="CN")
    assert payload["account"]["region"] == "cn"
    account_id = payload["account"]["id"]
    assert await Account.filter(id=account_id).using_db(conn("cn")).exists()
    assert not await Account.filter(id=account_id).using_db(conn("us")).exists()
    entry = await DirectoryEntry.get(account_id=account_id)
    assert entry.region == "cn"
    me = await gql(client, ME, token=payload["accessToken"])
    assert me.data["me"]["region"] == "cn"


async def test_the_directory_does_not_hold_the_email_itself(client, settings):
    await sign_up(client, "secret.person@example.com")
    rows = await DirectoryEntry.all().values()
    assert rows and all("secret.person" not in str(v) for row in rows for v in row.values())


async def test_an_email_can_only_sign_up_once_across_regions(client, settings):
    await sign_up(client, "dup@example.com", country="US")
    result = await gql(client, """mutation { signUp(input: {email: "DUP@example.com",
        password: "another-long-password", name: "X", country: "CN", birthDate: "1980-01-01"}) { accessToken } }""")
    assert result.codes() == ["CONFLICT"]
    assert await Account.all().using_db(conn("cn")).count() == 0


async def test_bad_sign_up_input_is_refused_with_bad_user_input(client, settings):
    for bad in ({"email": "not-an-email"}, {"password": "short"}, {"country": "USA"},
                {"name": " "}, {"birthDate": "2199-01-01"},
                {"birthDate": "2020-01-01", "guardianEmail": ""},
                {"birthDate": "2020-01-01", "guardianEmail": "ok@example.com"}):
        values = {"email": "ok@example.com", "password": "long-enough-password",
                  "name": "Ok", "country": "US", "birthDate": "1990-01-01", **bad}
        result = await gql(client, """mutation($i: SignUpInput!) { signUp(input: $i) {
            accessToken } }""", {"i": values})
        assert result.codes() == ["BAD_USER_INPUT"], bad


async def test_log_in_returns_working_tokens(client, settings):
    await sign_up(client, "bob@example.com", password="bob-password-123")
    result = await gql(client, LOG_IN, {"email": " Bob@Example.com", "password": "bob-password-123"})
    assert not result.errors
    token = result.data["logIn"]["accessToken"]
    me = await gql(client, ME, token=token)
    assert me.data["me"]["email"] == "bob@example.com"
    assert me.data["me"]["role"] == "OWNER"


async def test_passwords_are_stored_as_argon2id_hashes(client, settings):
    payload = await sign_up(client, "hash@example.com", password="plain-text-password")
    account = await Account.get(id=payload["account"]["id"]).using_db(conn("us"))
    assert account.password_hash.startswith("$argon2id$")
    assert "plain-text-password" not in account.password_hash


async def test_wrong_password_and_unknown_email_answer_the_same(client, settings):
    await sign_up(client, "carol@example.com")
    wrong = await gql(client, LOG_IN, {"email": "carol@example.com", "password": "nope-nope-nope"})
    unknown = await gql(client, LOG_IN, {"email": "nobody@example.com", "password": "nope-nope"})
    assert wrong.codes() == unknown.codes() == ["UNAUTHENTICATED"]
    assert wrong.errors[0]["message"] == unknown.errors[0]["message"]


async def test_repeated_login_failures_lock_the_account_out(client, settings):
    await sign_up(client, "dave@example.com", password="dave-password-1")
    for _ in range(settings.login_max_failures_per_account):
        await gql(client, LOG_IN, {"email": "dave@example.com", "password": "wrong-password"})
    locked = await gql(client, LOG_IN, {"email": "dave@example.com", "password": "dave-password-1"})
    assert locked.codes() == ["RATE_LIMITED"]
    assert locked.errors[0]["extensions"]["retryAfter"] > 0


async def test_repeated_login_failures_from_one_ip_are_throttled(client, settings):
    for n in range(settings.login_max_failures_per_ip):
        await gql(client, LOG_IN, {"email": f"user{n}@example.com", "password": "whatever-pw"})
    await sign_up(client, "erin@example.com", password="erin-password-1")
    blocked = await gql(client, LOG_IN, {"email": "erin@example.com", "password": "erin-password-1"})
    assert blocked.codes() == ["RATE_LIMITED"]


async def test_queries_need_an_access_token(client, settings):
    result = await gql(client, ME)
    assert result.codes() == ["UNAUTHENTICATED"]


async def test_tampered_expired_or_foreign_tokens_are_refused(client, settings):
    payload = await sign_up(client, "frank@example.com")
    token = payload["accessToken"]
    claims = jwt.decode(token, options={"verify_signature": False})
    secret = settings.signing_keys()[0][1]
    forged = {
        "tampered": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "expired": jwt.encode({**claims, "exp": int(time.time()) - 10}, secret,
                              algorithm="HS256", headers={"kid": "test1"}),
        "wrong_audience": jwt.encode({**claims, "aud": "someone-else"}, secret,
                                     algorithm="HS256", headers={"kid": "test1"}),
        "wrong_issuer": jwt.encode({**claims, "iss": "evil"}, secret, algorithm="HS256",
                                   headers={"kid": "test1"}),
        "unknown_kid": jwt.encode(claims, secret, algorithm="HS256", headers={"kid": "other"}),
        "wrong_key": jwt.encode(claims, "x" * 40, algorithm="HS256", headers={"kid": "test1"}),
        "alg_none": jwt.encode(claims, None, algorithm="none", headers={"kid": "test1"}),
        "not_yet_valid": jwt.encode({**claims, "nbf": int(time.time()) + 600}, secret,
                                    algorithm="HS256", headers={"kid": "test1"}),
        "other_hmac_alg": jwt.encode(claims, secret, algorithm="HS512",
                                     headers={"kid": "test1"}),
        "rs256_confusion": jwt.encode(claims, _rsa_private_pem(), algorithm="RS256",
                                      headers={"kid": "test1"}),
        "no_expiry": jwt.encode({k: v for k, v in claims.items() if k != "exp"}, secret,
                                algorithm="HS256", headers={"kid": "test1"}),
    }
    for name, bad in forged.items():
        result = await gql(client, ME, token=bad)
        assert result.codes() == ["UNAUTHENTICATED"], name


def _rsa_private_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


async def test_rotated_signing_keys_keep_old_tokens_valid_until_removed(client, settings):
    payload = await sign_up(client, "rotate-jwt@example.com")
    old_token = payload["accessToken"]
    settings.jwt_keys = f"test2:{'n' * 40},test1:{'s' * 40}"  # a new key signs, the old verifies
    try:
        assert (await gql(client, ME, token=old_token)).data["me"]["email"] == \
            "rotate-jwt@example.com"
        settings.jwt_keys = f"test2:{'n' * 40}"  # the old key is retired
        assert (await gql(client, ME, token=old_token)).codes() == ["UNAUTHENTICATED"]
    finally:
        settings.jwt_keys = "test1:" + "s" * 40


async def test_a_token_used_before_still_expires_and_still_needs_its_audience(client, settings):
    payload = await sign_up(client, "expiring-jwt@example.com")
    claims = jwt.decode(payload["accessToken"], options={"verify_signature": False})
    secret = settings.signing_keys()[0][1]
    soon = time.time() + 2
    short = jwt.encode({**claims, "exp": int(soon) + 1}, secret, algorithm="HS256",
                       headers={"kid": "test1"})
    for _ in range(2):  # verified, then remembered
        assert (await gql(client, ME, token=short)).data["me"]["email"] == \
            "expiring-jwt@example.com"
    await asyncio.sleep(max(0.0, int(soon) + 1 - time.time()) + 0.05)
    result = await gql(client, ME, token=short)
    assert result.codes() == ["UNAUTHENTICATED"]
    assert "expired" in result.errors[0]["message"]
    token = payload["accessToken"]
    assert (await gql(client, ME, token=token)).data["me"] is not None
    audience = settings.jwt_audience
    settings.jwt_audience = "another-gateway"
    try:
        assert (await gql(client, ME, token=token)).codes() == ["UNAUTHENTICATED"]
    finally:
        settings.jwt_audience = audience
    assert (await gql(client, ME, token=token)).data["me"] is not None


async def test_a_remembered_token_expires_when_pyjwt_would_refuse_it(client, settings):
    payload = await sign_up(client, "fraction-jwt@example.com")
    claims = jwt.decode(payload["accessToken"], options={"verify_signature": False})
    secret = settings.signing_keys()[0][1]
    edge = int(time.time()) + 2
    token = jwt.encode({**claims, "exp": edge + 0.9}, secret, algorithm="HS256",
                       headers={"kid": "test1"})  # PyJWT judges int(exp): edge
    assert decode_access_token(settings, token).account_id  # verified, remembered
    await asyncio.sleep(max(0.0, edge - time.time()) + 0.1)
    with pytest.raises(Unauthenticated, match="expired"):
        decode_access_token(settings, token)


async def test_refresh_rotates_and_the_old_refresh_token_stops_working(client, settings):
    payload = await sign_up(client, "gina@example.com")
    first = await gql(client, REFRESH, {"t": payload["refreshToken"]})
    assert not first.errors
    new_refresh = first.data["refreshToken"]["refreshToken"]
    assert new_refresh != payload["refreshToken"]
    me = await gql(client, ME, token=first.data["refreshToken"]["accessToken"])
    assert me.data["me"]["email"] == "gina@example.com"


async def test_reusing_a_refresh_token_revokes_the_whole_family(client, settings):
    payload = await sign_up(client, "hank@example.com")
    rotated = await gql(client, REFRESH, {"t": payload["refreshToken"]})
    newest = rotated.data["refreshToken"]["refreshToken"]
    replay = await gql(client, REFRESH, {"t": payload["refreshToken"]})
    assert replay.codes() == ["UNAUTHENTICATED"]
    after = await gql(client, REFRESH, {"t": newest})
    assert after.codes() == ["UNAUTHENTICATED"]


async def test_refresh_tokens_are_stored_only_as_hashes(client, settings):
    payload = await sign_up(client, "ivy@example.com")
    rows = await RefreshToken.all().using_db(conn("us")).values_list("token_hash", flat=True)
    assert rows and payload["refreshToken"] not in rows
    assert all(payload["refreshToken"].split(".", 1)[1] not in r for r in rows)


async def test_log_out_revokes_the_refresh_token(client, settings):
    payload = await sign_up(client, "jay@example.com")
    out = await gql(client, "mutation($t: String!) { logOut(refreshToken: $t) }",
                    {"t": payload["refreshToken"]})
    assert out.data["logOut"] is True
    again = await gql(client, REFRESH, {"t": payload["refreshToken"]})
    assert again.codes() == ["UNAUTHENTICATED"]


async def test_garbage_refresh_tokens_are_refused(client, settings):
    for bad in ("", "nonsense", "mars.abc", "us.not-a-real-token"):
        result = await gql(client, REFRESH, {"t": bad})
        assert result.codes() == ["UNAUTHENTICATED"], bad


async def test_an_accounts_state_is_read_again_after_the_principal_cache_time(
        client, settings, monkeypatch):
    payload = await sign_up(client, "cached@example.com")
    token, account_id = payload["accessToken"], payload["account"]["id"]
    monkeypatch.setattr(settings, "principal_cache_seconds", 0.3)
    first = await principal_for_token(settings, token)
    with counting_queries() as statements:
        assert await principal_for_token(settings, token) == first
    assert statements == []  # served from what the first request read
    assert (await gql(client, ME, token=token)).data["me"] is not None
    # Changed behind Sellergate's back (by hand, by another process): seen within 0.3 s.
    await Account.filter(id=account_id).using_db(conn("us")).update(is_active=False)
    await asyncio.sleep(0.35)
    assert (await gql(client, ME, token=token)).codes() == ["UNAUTHENTICATED"]
    await Account.filter(id=account_id).using_db(conn("us")).update(is_active=True)
    assert (await gql(client, ME, token=token)).data["me"] is not None
    monkeypatch.setattr(settings, "principal_cache_seconds", 0)  # read on every request
    await Account.filter(id=account_id).using_db(conn("us")).update(is_active=False)
    assert (await gql(client, ME, token=token)).codes() == ["UNAUTHENTICATED"]


def test_a_principal_read_while_it_was_forgotten_is_not_kept():
    account_id = uuid.uuid4()
    principal = Principal(account_id=account_id, role=Role.OWNER, region="us")
    mark = principal_cache.started()
    principal_cache.forget([account_id])  # the account changed while it was being read
    principal_cache.remember("us", principal, mark)
    assert principal_cache.recall("us", account_id, 60) is None
    principal_cache.remember("us", principal, principal_cache.started())
    assert principal_cache.recall("us", account_id, 60) is principal
    assert principal_cache.recall("cn", account_id, 60) is None
    assert principal_cache.recall("us", account_id, 0) is None
    principal_cache.forget([account_id])
    assert principal_cache.recall("us", account_id, 60) is None


async def test_a_disabled_account_cannot_use_its_access_token(client, settings):
    payload = await sign_up(client, "kim@example.com")
    await Account.filter(id=payload["account"]["id"]).using_db(conn("us")).update(is_active=False)
    result = await gql(client, ME, token=payload["accessToken"])
    assert result.codes() == ["UNAUTHENTICATED"]
    try:
        await Account.get(id=payload["account"]["id"]).using_db(conn("us"))
    except DoesNotExist:  # pragma: no cover - the row must still be there
        raise AssertionError("account vanished") from None

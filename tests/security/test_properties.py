"""Property tests: cursors, webhook signatures and the JWT decoder on arbitrary input."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.auth.tokens import decode_access_token
from gateway.connectors import UpstreamSession, WebhookRejected
from gateway.errors import BadInput, Unauthenticated
from gateway.services.paging import decode_cursor, encode_cursor
from gateway.settings import Settings
from plugins.shopify import wire
from plugins.shopify.connector import ShopifyConnector

SETTINGS = Settings(jwt_keys="test1:" + "s" * 40, blind_index_key="b" * 40)
SECRET = "shpss_" + "x" * 32
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9999, 1, 1),
                       timezones=st.just(UTC))


@given(at=moments, row_id=st.uuids())
def test_a_cursor_decodes_to_what_was_encoded(at: datetime, row_id: uuid.UUID) -> None:
    assert decode_cursor(encode_cursor(at, row_id)) == (at, row_id)


@given(garbage=st.text() | st.binary().map(lambda b: b.decode("latin-1")))
def test_a_garbage_cursor_is_bad_user_input_never_a_crash(garbage: str) -> None:
    with contextlib.suppress(BadInput):
        decode_cursor(garbage)


def _connector() -> ShopifyConnector:
    return ShopifyConnector(base_url="http://127.0.0.1:9", session=UpstreamSession(),
                            settings={"client_id": "app", "client_secret": SECRET})


@given(body=st.binary(max_size=512), forged=st.text(max_size=64))
def test_a_webhook_is_accepted_only_with_its_exact_signature(body: bytes, forged: str) -> None:
    connector = _connector()
    exact = wire.webhook_hmac(body, SECRET)
    headers = {"X-Shopify-Topic": "not/a-topic"}
    with pytest.raises(WebhookRejected, match="unsupported webhook topic"):
        connector.verify_webhook({**headers, "X-Shopify-Hmac-Sha256": exact}, body)
    for signature in {forged, exact.lower(), exact[:-1], exact + "=", " " + exact} - {exact}:
        with pytest.raises(WebhookRejected, match="signature mismatch"):
            connector.verify_webhook({**headers, "X-Shopify-Hmac-Sha256": signature}, body)


def _signed(claims: dict[str, object]) -> str:
    """A correctly signed token over any claims (PyJWT refuses to encode odd ones itself)."""
    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    signing_input = part({"alg": "HS256", "typ": "JWT", "kid": "test1"}) + "." + part(claims)
    digest = hmac.new(b"s" * 40, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@given(token=st.text(max_size=300)
       | st.builds(lambda h, p, s: f"{h}.{p}.{s}", st.text(max_size=40), st.text(max_size=40),
                   st.text(max_size=40))
       | st.dictionaries(st.sampled_from(["sub", "reg", "iss", "aud", "exp", "nbf", "iat"]),
                         st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                   st.lists(st.integers(), max_size=2)))
       .map(_signed))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
def test_the_jwt_decoder_raises_only_unauthenticated(token: str) -> None:
    with contextlib.suppress(Unauthenticated):
        decode_access_token(SETTINGS, token)

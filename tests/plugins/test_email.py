"""The email notifier against its sandbox, a real aiosmtpd relay on loopback, and the pure
building of its messages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import pytest

from gateway.connectors import (
    DataCategory,
    Notification,
    Notifier,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamSession,
    UpstreamUnavailable,
)
from plugins.email import wire
from plugins.email.connector import EmailNotifier, EmailSettings, masked_address
from plugins.email.sandbox import Sandbox

SENT_AT = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
UNSUBSCRIBE = "https://sellergate.example/unsubscribe?token=abc123"


ALICE = Notification(
    recipient="alice@shop.example",
    subject="Order #1001 shipped",
    body="Hello Alice,\n\nyour order #1001 is on its way (UPS 1Z999).\n",
    purpose="order_updates",
)


def notification(**changes: Any) -> Notification:
    return replace(ALICE, **changes)


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
async def session() -> AsyncIterator[UpstreamSession]:
    upstream = UpstreamSession(timeout=5.0)
    yield upstream
    await upstream.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    server = Sandbox()
    await server.start()
    yield server
    await server.stop()


def notifier_for(sandbox: Sandbox, session: UpstreamSession, **settings: str) -> EmailNotifier:
    # A short timeout: a sandbox bug that leaves the client waiting fails fast, not in 10 s.
    values = {**sandbox.connector_settings(), "timeout": "2", **settings}
    return EmailNotifier(base_url=sandbox.base_url, settings=values, session=session)


@pytest.fixture
def notifier(sandbox: Sandbox, session: UpstreamSession) -> EmailNotifier:
    return notifier_for(sandbox, session)


# --- delivery ---------------------------------------------------------------------------------

async def test_notification_is_delivered_with_its_headers_and_plain_text_body(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    message_id = await notifier.send(notification())

    [received] = sandbox.messages
    assert received["Message-ID"] == message_id
    assert message_id.endswith("@sellergate.test>")
    assert received["From"] == "Sellergate <notifications@sellergate.test>"
    assert received["To"] == "alice@shop.example"
    assert received["Subject"] == "Order #1001 shipped"
    assert abs((parsedate_to_datetime(received["Date"]) - datetime.now(UTC)).total_seconds()) < 60
    assert received["X-MailFrom"] == "notifications@sellergate.test"
    assert received["X-RcptTo"] == "alice@shop.example"
    assert received.get_content_type() == "text/plain"
    assert received.get_content() == notification().body
    assert received["List-Unsubscribe"] is None


async def test_unsubscribe_link_is_offered_with_one_click_when_given(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    await notifier.send(notification(headers={"List-Unsubscribe": UNSUBSCRIBE}))

    [received] = sandbox.messages
    assert received["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_each_notification_gets_its_own_message_id(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    first = await notifier.send(notification())
    second = await notifier.send(notification())

    assert first != second
    assert [m["Message-ID"] for m in sandbox.messages] == [first, second]


async def test_received_mail_can_be_inspected_over_http(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    await notifier.send(notification())

    async with aiohttp.ClientSession() as client, \
            client.get(f"{sandbox.inspection_url}/messages") as response:
        listed = await response.json()
    assert response.status == 200
    assert listed[0]["rcpt_to"] == "alice@shop.example"
    assert ["Subject", "Order #1001 shipped"] in listed[0]["headers"]
    assert listed[0]["body"] == notification().body


async def test_an_open_relay_takes_mail_without_credentials(session: UpstreamSession) -> None:
    open_relay = Sandbox(username=None)
    await open_relay.start()
    try:
        await notifier_for(open_relay, session).send(notification())
    finally:
        await open_relay.stop()

    assert len(open_relay.messages) == 1
    assert open_relay.connector_settings()["username"] == ""


# --- failures ---------------------------------------------------------------------------------

async def test_relay_requiring_authentication_refuses_a_notifier_without_credentials(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    anonymous = notifier_for(sandbox, session, username="", password="")

    with pytest.raises(UpstreamAuthError, match="530"):
        await anonymous.send(notification())
    assert sandbox.messages == []


async def test_wrong_password_is_an_auth_error_for_the_seller_to_fix(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    wrong = notifier_for(sandbox, session, password="not-the-password")

    with pytest.raises(UpstreamAuthError, match="535"):
        await wrong.send(notification())
    assert sandbox.messages == []


async def test_transient_refusal_is_retryable_and_the_next_send_succeeds(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    sandbox.transient_failures = 1

    with pytest.raises(UpstreamUnavailable, match="451"):
        await notifier.send(notification())
    await notifier.send(notification())

    assert len(sandbox.messages) == 1


async def test_permanently_refused_recipient_is_a_bad_response_not_retried(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    sandbox.permanent_failures = 1

    with pytest.raises(UpstreamBadResponse, match="550") as refused:
        await notifier.send(notification())
    assert sandbox.messages == []
    # The relay's reply quotes the address; the error (kept in job records) must not.
    assert "alice@shop.example" not in str(refused.value)
    assert "a***@shop.example" in str(refused.value)


async def test_unreachable_relay_is_unavailable(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    await sandbox.stop()

    with pytest.raises(UpstreamUnavailable, match="unreachable"):
        await notifier.send(notification())


async def test_a_dropped_connection_is_retried_once_on_a_fresh_one(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    sandbox.dropped_connections = 1

    message_id = await notifier.send(notification())

    assert [m["Message-ID"] for m in sandbox.messages] == [message_id]


async def test_a_connection_dropped_twice_is_left_to_the_job_retry(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    sandbox.dropped_connections = 2

    with pytest.raises(UpstreamUnavailable):
        await notifier.send(notification())
    assert sandbox.messages == []
    assert sandbox.dropped_connections == 0


async def test_logs_mask_the_recipient_and_never_hold_the_body(
        sandbox: Sandbox, notifier: EmailNotifier, caplog: pytest.LogCaptureFixture) -> None:
    sandbox.dropped_connections = 1  # the reconnect path logs too
    caplog.set_level(logging.DEBUG, logger="sellergate.plugins.email")

    await notifier.send(notification())
    await notifier.forget("alice@shop.example")

    logged = "\n".join(record.getMessage() for record in caplog.records
                       if record.name.startswith("sellergate"))
    assert "a***@shop.example" in logged
    assert "alice@shop.example" not in logged
    assert "on its way" not in logged


async def test_forgetting_a_recipient_needs_nothing_from_the_relay(
        sandbox: Sandbox, notifier: EmailNotifier) -> None:
    await notifier.send(notification())
    await sandbox.stop()

    # Returns cleanly even with the relay gone: there is nothing there to erase or to ask.
    await notifier.forget("alice@shop.example")


# --- declaration and settings -----------------------------------------------------------------

def test_plugin_declares_recipient_addresses_as_its_only_data() -> None:
    assert issubclass(EmailNotifier, Notifier)
    assert EmailNotifier.name == EmailNotifier.channel == "email"
    assert EmailNotifier.data_categories == frozenset({DataCategory.ACCOUNT_CONTACT})
    assert any("SMTP relay" in recipient for recipient in EmailNotifier.recipients)


def test_settings_come_from_the_smtp_url_with_submission_defaults() -> None:
    plain = EmailSettings.from_mapping("smtp://relay.example", {"sender": "n@shop.example"})
    implicit = EmailSettings.from_mapping("smtps://relay.example:2465",
                                          {"sender": "n@shop.example", "username": "u"})

    assert (plain.host, plain.port, plain.starttls, plain.implicit_tls) == (
        "relay.example", 587, True, False)
    assert (implicit.port, implicit.starttls, implicit.implicit_tls) == (2465, False, True)


@pytest.mark.parametrize(("base_url", "settings", "error"), [
    ("smtp://relay.example:587", {"sender": "n@shop.example", "usernme": "u"},
     "did you mean 'username'"),
    ("smtp://relay.example:587", {}, "'sender' is required"),
    ("smtp://relay.example:587", {"sender": "not an address"}, "not a single email address"),
    ("https://relay.example", {"sender": "n@shop.example"}, "smtp://host:port"),
    ("smtp://relay.example:587", {"sender": "n@shop.example", "starttls": "maybe"},
     "true or false"),
    ("smtps://relay.example", {"sender": "n@shop.example", "starttls": "true"}, "smtps://"),
    ("smtp://relay.example:587", {"sender": "n@shop.example", "timeout": "0"}, "timeout"),
    ("smtp://relay.example:587", {"sender": "n@shop.example", "port": "25"}, "disagrees"),
])
def test_misconfiguration_is_refused_at_start_up_with_the_fix(
        base_url: str, settings: dict[str, str], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        EmailSettings.from_mapping(base_url, settings)


def test_credentials_are_never_sent_in_clear_text_beyond_loopback() -> None:
    clear = {"sender": "n@shop.example", "username": "u", "password": "p", "starttls": "false"}

    with pytest.raises(ValueError, match="clear text"):
        EmailSettings.from_mapping("smtp://relay.example:587", clear)
    assert EmailSettings.from_mapping("smtp://127.0.0.1:2525", clear).username == "u"


def test_addresses_are_masked_to_first_letter_and_domain() -> None:
    assert masked_address("alice@shop.example") == "a***@shop.example"
    assert masked_address("no-at-sign") == "***"


# --- wire: building the message ---------------------------------------------------------------

def built(**changes: Any) -> EmailMessage:
    return wire.build_message(notification(**changes), sender="Shop <n@shop.example>",
                              message_id="<abc@shop.example>", sent_at=SENT_AT)


def test_message_carries_exactly_the_standard_headers_and_a_plain_text_body() -> None:
    message = built()

    assert [name for name, _ in message.items()] == [
        "From", "To", "Subject", "Date", "Message-ID",
        "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
    assert message["Date"] == "Sun, 01 Jun 2025 09:30:00 +0000"
    assert message["Message-ID"] == "<abc@shop.example>"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"


def test_caller_headers_other_than_unsubscribe_are_not_copied() -> None:
    message = built(headers={"Bcc": "eve@evil.example", "Reply-To": "eve@evil.example"})

    assert message["Bcc"] is None
    assert message["Reply-To"] is None


def test_one_click_unsubscribe_is_offered_only_for_https_links() -> None:
    https = built(headers={"list-unsubscribe": f"<{UNSUBSCRIBE}>"})
    mailto = built(headers={"List-Unsubscribe": "mailto:unsubscribe@shop.example"})

    assert https["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert https["List-Unsubscribe-Post"] == wire.ONE_CLICK
    assert mailto["List-Unsubscribe"] == "<mailto:unsubscribe@shop.example>"
    assert mailto["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize("changes", [
    {"subject": "Shipped\r\nBcc: eve@evil.example"},
    {"recipient": "alice@shop.example, eve@evil.example"},
    {"recipient": "alice@shop.example\nBcc: eve@evil.example"},
    {"headers": {"List-Unsubscribe": "javascript:alert(1)"}},
    {"headers": {"List-Unsubscribe": f"{UNSUBSCRIBE}>, <mailto:eve@evil.example"}},
])
def test_header_injection_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        built(**changes)


def test_non_ascii_subject_and_body_are_encoded_for_an_ascii_wire() -> None:
    message = built(subject="Commande expédiée", body="Bonjour Zoë, votre colis arrive — merci !\n")

    raw = message.as_bytes()
    raw.decode("ascii")  # encoded words and a transfer encoding: nothing needs 8BITMIME
    back = message_from_bytes(raw, _class=EmailMessage, policy=default_policy)
    assert back["Subject"] == "Commande expédiée"
    assert isinstance(back, EmailMessage)
    assert back["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert back.get_content() == "Bonjour Zoë, votre colis arrive — merci !\r\n"  # CRLF on the wire


def test_naive_date_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        wire.build_message(notification(), sender="n@shop.example", message_id="<a@shop.example>",
                           sent_at=datetime(2025, 6, 1))


def test_message_id_is_on_the_sender_domain() -> None:
    assert wire.message_id("Shop <n@shop.example>", "f00d") == "<f00d@shop.example>"
    with pytest.raises(ValueError):
        wire.message_id("n@shop.example", "a b")


async def test_sandbox_settings_configure_the_connector_as_they_are(sandbox: Sandbox) -> None:
    options = EmailSettings.from_mapping(sandbox.base_url, sandbox.connector_settings())

    assert (options.host, options.port) == (sandbox.host, sandbox.port)
    assert (options.username, options.starttls) == ("sellergate", False)

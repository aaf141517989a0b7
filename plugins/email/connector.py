"""The email notifier: delivers notifications through an SMTP relay (submission with optional
STARTTLS or implicit TLS, and AUTH), mapping SMTP replies to the SDK's errors."""

from __future__ import annotations

import difflib
import ipaddress
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import ClassVar
from urllib.parse import urlsplit

import aiosmtplib

from gateway.connectors import (
    DataCategory,
    Notification,
    Notifier,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamSession,
    UpstreamUnavailable,
)
from plugins.email import wire

__all__ = ["EmailNotifier", "EmailSettings", "masked_address"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_DEFAULT_PORTS = {"smtp": 587, "smtps": 465}  # RFC 6409 submission, RFC 8314 implicit TLS
# Replies meaning "who you are was not accepted" (RFC 4954): the seller must fix credentials.
_AUTH_REPLY_CODES = frozenset({530, 534, 535, 538})
_ADDRESS_LIKE = re.compile(r"[^\s<>@,;:\"()\[\]]+@[^\s<>@,;:\"()\[\]]+")


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """Where and how to submit mail, from ``base_url`` and ``SELLERGATE_PLUGIN_EMAIL_<KEY>``.

    :param host: the relay, from ``base_url`` (``smtp://host:port`` or ``smtps://host:port``).
    :param port: default 587 for ``smtp://``, 465 for ``smtps://``.
    :param implicit_tls: ``smtps://``: TLS from the first byte.
    :param starttls: upgrade a ``smtp://`` connection with STARTTLS (default true).
    :param username: AUTH user; empty means no AUTH.
    :param password: AUTH password.
    :param sender: the From mailbox, e.g. ``Sellergate <notifications@example.com>``.
    :param timeout: seconds for connecting and for each SMTP reply.
    """

    host: str
    port: int
    sender: str
    implicit_tls: bool = False
    starttls: bool = True
    username: str = ""
    password: str = ""
    timeout: float = 10.0

    # host and port are accepted so that settings naming them (a sandbox's) are checked against
    # base_url instead of being silently ignored; base_url stays the one source of the endpoint.
    KEYS: ClassVar[tuple[str, ...]] = ("username", "password", "sender", "starttls", "timeout",
                                       "host", "port")

    @classmethod
    def from_mapping(cls, base_url: str, settings: Mapping[str, str]) -> EmailSettings:
        """Check everything once, at start-up; raises ``ValueError`` naming the fix."""
        values = {key.lower(): value for key, value in settings.items()}
        for key in values:
            if key not in cls.KEYS:
                close = difflib.get_close_matches(key, cls.KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown email setting {key!r}{hint}")
        host, port, implicit_tls = _relay_address(base_url)
        _check_same_endpoint(values, host, port)
        sender = values.get("sender", "")
        if not sender:
            raise ValueError("email setting 'sender' is required (SELLERGATE_PLUGIN_EMAIL_SENDER)")
        wire.parse_mailbox(sender)
        starttls = _flag("starttls", values.get("starttls"), default=not implicit_tls)
        if implicit_tls and starttls:
            raise ValueError("email setting 'starttls' does not apply to smtps:// (TLS already)")
        username, password = values.get("username", ""), values.get("password", "")
        if username and not (implicit_tls or starttls or _is_loopback(host)):
            raise ValueError("email credentials would cross the network in clear text: "
                             "set starttls=true or use smtps://")
        return cls(host=host, port=port, sender=sender, implicit_tls=implicit_tls,
                   starttls=starttls, username=username, password=password,
                   timeout=_seconds(values.get("timeout", "10")))


def _relay_address(base_url: str) -> tuple[str, int, bool]:
    parts = urlsplit(base_url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"email base_url must be smtp://host:port or smtps://host:port, "
                         f"not {base_url!r}")
    if parts.path.strip("/") or parts.query or parts.username:
        raise ValueError("email base_url takes no path, query or user (credentials are settings)")
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError as exc:
        raise ValueError(f"email base_url has an invalid port: {base_url!r}") from exc
    return parts.hostname, port, parts.scheme == "smtps"


def _check_same_endpoint(values: Mapping[str, str], host: str, port: int) -> None:
    if "host" in values and values["host"].lower() != host.lower():
        raise ValueError(f"email setting 'host' ({values['host']!r}) disagrees with base_url "
                         f"({host!r}); drop the setting, base_url is enough")
    if "port" in values and values["port"] != str(port):
        raise ValueError(f"email setting 'port' ({values['port']!r}) disagrees with base_url "
                         f"({port}); drop the setting, base_url is enough")


def _flag(key: str, value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ValueError(f"email setting {key!r} must be true or false, not {value!r}")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 300:
        raise ValueError(f"email setting 'timeout' must be seconds in (0, 300], not {value!r}")
    return seconds


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def masked_address(address: str) -> str:
    """``bob@example.com`` as ``b***@example.com``: enough to tell deliveries apart in logs,
    not enough to be the address."""
    local, _, domain = address.strip().rpartition("@")
    if not local:
        return "***"
    return f"{local[0]}***@{domain}"


def upstream_error(exc: aiosmtplib.SMTPException | OSError) -> UpstreamError:
    """The SDK error for a failed submission: 4xx and network failures are retryable
    (``UpstreamUnavailable``), refused credentials are ``UpstreamAuthError``, any other 5xx is
    ``UpstreamBadResponse``. The message has the reply code and text, addresses masked."""
    code, text = _reply(exc)
    reason = _scrubbed(f"{type(exc).__name__}: {text}")
    if code is None:
        if isinstance(exc, OSError):  # refused, reset, timed out, dropped (SMTP errors included)
            return UpstreamUnavailable(f"SMTP relay unreachable or not answering: {reason}")
        return UpstreamBadResponse(f"SMTP relay cannot take this message: {reason}")
    if code in _AUTH_REPLY_CODES:
        return UpstreamAuthError(f"SMTP relay refused the credentials ({code}): {reason}")
    if 400 <= code < 500:
        return UpstreamUnavailable(f"SMTP relay deferred the message ({code}): {reason}")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return UpstreamAuthError(f"SMTP relay refused the credentials ({code}): {reason}")
    refused = "recipient" if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) else "message"
    return UpstreamBadResponse(f"SMTP relay refused the {refused} ({code}): {reason}")


def _reply(exc: BaseException) -> tuple[int | None, str]:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        # One recipient per notification; with several, any 4xx makes the whole retryable.
        refusals = exc.recipients
        code = min((refusal.code for refusal in refusals), default=None)
        return code, "; ".join(refusal.message for refusal in refusals)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return exc.code, exc.message
    return None, str(exc)


def _scrubbed(text: str) -> str:
    # Relays quote the refused address in their reply (Postfix: "<bob@x>: Recipient address
    # rejected"); the error ends up in job records and logs, so only the masked form may stay.
    return _ADDRESS_LIKE.sub(lambda match: masked_address(match.group()), text)


class EmailNotifier(Notifier):
    """Email through the configured SMTP relay, one connection per notification.

    One connection per message because the SDK gives a connector no close hook: a kept-open
    connection would never be QUIT, and it could not be shared across the event loops of
    workers. Notification volume makes the extra handshake cheap.
    """

    name = "email"
    channel = "email"
    version = "1.0.0"
    data_categories = frozenset({DataCategory.ACCOUNT_CONTACT})
    recipients = ("the configured SMTP relay (recipient address, subject and text of each "
                  "notification)",)

    log = logging.getLogger("sellergate.plugins.email")

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        super().__init__(base_url=base_url, settings=settings, session=session)
        self.options = EmailSettings.from_mapping(base_url, settings)
        self._envelope_from = wire.parse_mailbox(self.options.sender).addr_spec

    async def send(self, notification: Notification) -> str:
        """Submit ``notification`` to the relay; return its Message-ID (``<token@domain>``),
        which is what the relay's logs and the recipient's mailbox show.

        A connection the relay drops mid-conversation is retried once on a fresh one; other
        retries are the calling job's. (A drop after the relay took the message but before it
        answered leaves delivery unknown, so that one retry may deliver twice; a duplicate
        notice beats a lost one, and the shared Message-ID lets mail clients spot it.)

        :raises UpstreamUnavailable: 4xx reply, relay unreachable, timeout, dropped twice.
        :raises UpstreamAuthError: credentials refused or required.
        :raises UpstreamBadResponse: 5xx reply (recipient unknown, message refused).
        :raises ValueError: a malformed recipient, subject or unsubscribe URL.
        """
        message_id = wire.message_id(self.options.sender, uuid.uuid4().hex)
        message = wire.build_message(notification, sender=self.options.sender,
                                     message_id=message_id, sent_at=datetime.now(UTC))
        envelope_to = wire.parse_mailbox(notification.recipient).addr_spec
        masked = masked_address(notification.recipient)
        try:
            reply = await self._deliver_reconnecting_once(message, envelope_to, masked)
        except (aiosmtplib.SMTPException, OSError) as exc:
            # "from None": aiosmtplib's exception text names the recipient in full; ours
            # carries the reply code and the scrubbed reply instead.
            raise upstream_error(exc) from None
        self.log.info("email %s for %s accepted by the relay (%s, purpose %s)",
                      message_id, masked, reply, notification.purpose)
        return message_id

    async def forget(self, recipient: str) -> None:
        """Nothing to erase: an SMTP relay keeps no per-recipient record addressable by anyone
        but its operator. Submission is fire-and-forget: once a message is relayed, the copy
        belongs to the recipient's mailbox, and what the relay keeps is its own delivery logs,
        rotated on its operator's retention schedule, with no protocol verb (in SMTP or its
        extensions) to delete them. This returns cleanly so an erasure run can proceed; the
        relay is declared in ``recipients`` for the data map, and its log retention is a matter
        for the agreement with its operator."""
        self.log.debug("forget for %s: nothing held by an SMTP relay", masked_address(recipient))

    async def _deliver_reconnecting_once(self, message: EmailMessage, envelope_to: str,
                                         masked: str) -> str:
        try:
            return await self._deliver(message, envelope_to)
        except aiosmtplib.SMTPServerDisconnected:
            self.log.warning("SMTP relay dropped the connection (email for %s); reconnecting once",
                             masked)
            return await self._deliver(message, envelope_to)

    async def _deliver(self, message: EmailMessage, envelope_to: str) -> str:
        """One connection: connect (TLS), AUTH if configured, MAIL/RCPT/DATA, QUIT."""
        options = self.options
        client = aiosmtplib.SMTP(
            hostname=options.host, port=options.port, timeout=options.timeout,
            use_tls=options.implicit_tls, start_tls=options.starttls,
            # Login is done below, not on connect, so that a relay offering no usable AUTH
            # mechanism is told apart from one that could not be reached.
            username=None, password=None,
        )
        async with client:
            if options.username:
                await self._log_in(client)
            _, reply = await client.send_message(message, sender=self._envelope_from,
                                                 recipients=[envelope_to])
        return reply

    async def _log_in(self, client: aiosmtplib.SMTP) -> None:
        try:
            await client.login(self.options.username, self.options.password)
        except (aiosmtplib.SMTPResponseException, OSError):
            raise  # a reply code or a network failure: mapped like any other
        except aiosmtplib.SMTPException as exc:
            raise UpstreamAuthError(f"SMTP relay offers no usable AUTH mechanism: {exc}") from exc

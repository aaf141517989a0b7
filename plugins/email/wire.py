"""Email's wire format: the RFC 5322 message a notification becomes, a plain-text body with the
RFC 2369 / RFC 8058 unsubscribe headers when the notification offers an unsubscribe link.

Pure functions: no clock, no randomness, no network; the connector passes the time and the
Message-ID token in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from gateway.connectors import Notification

__all__ = [
    "ONE_CLICK",
    "UNSUBSCRIBE_HEADER",
    "build_message",
    "message_id",
    "parse_mailbox",
    "unsubscribe_url",
]

UNSUBSCRIBE_HEADER = "List-Unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058: the body a mailbox provider POSTs

# Deliberately stricter than RFC 5321 (no quoted local parts, no address literals): every
# address Sellergate mails is one a seller typed in, and a strict shape keeps header and
# envelope injection out without relying on the stdlib parser's leniency.
_ATOM = r"[^\s@<>,;:\"()\[\]\\]+"
_ADDR_SPEC = rf"{_ATOM}@{_ATOM}\.[^\s@<>,;:\"()\[\]\\.]+"   # the domain needs a dot
_MAILBOX = re.compile(rf"""
    ^\s*(?:
        (?P<bare>{_ADDR_SPEC})                           # bob@example.com
      | (?:"(?P<quoted>[^"\\]*)"|(?P<name>[^"<>,;\\]*?))  # Bob / "Bob, Shop Inc."
        \s*<(?P<spec>{_ADDR_SPEC})>                      # <bob@example.com>
    )\s*$""", re.VERBOSE)
_UNSUBSCRIBE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>,]+$", re.IGNORECASE)
# CRLF line endings as the wire wants them; a 7-bit body (quoted-printable or base64 when not
# ASCII) so that no relay on the way needs 8BITMIME and signatures survive re-encoding.
_POLICY = SMTP.clone(cte_type="7bit")
_TOKEN = re.compile(r"^[A-Za-z0-9._-]+$")


def parse_mailbox(value: str) -> Address:
    """``"bob@example.com"`` or ``"Bob <bob@example.com>"`` as an ``Address``.

    Raises ``ValueError`` for anything that is not one plain mailbox (no lists, no groups, no
    line breaks), so a setting or a recipient can never smuggle in a second address or header.
    """
    if any(char in value for char in "\r\n"):
        raise ValueError("an email address may not contain line breaks")
    match = _MAILBOX.match(value)
    if match is None:
        raise ValueError(f"not a single email address: {_shape(value)}")
    display_name = (match["quoted"] or match["name"] or "").strip()
    addr_spec = match["bare"] or match["spec"]
    local_part, domain = addr_spec.rsplit("@", 1)
    return Address(display_name=display_name, username=local_part, domain=domain)


def unsubscribe_url(headers: Mapping[str, str]) -> str | None:
    """The unsubscribe URL a notification carries in its ``List-Unsubscribe`` header, if any.

    The header name is matched case-insensitively; one pair of angle brackets around the URL is
    accepted. Raises ``ValueError`` for anything but one ``https:``, ``http:`` or ``mailto:`` URL.
    """
    value = next((v for k, v in headers.items() if k.lower() == UNSUBSCRIBE_HEADER.lower()), None)
    if value is None:
        return None
    url = value.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    if not _UNSUBSCRIBE_URL.match(url):
        raise ValueError("List-Unsubscribe must be one https:, http: or mailto: URL")
    return url


def message_id(sender: str, token: str) -> str:
    """An RFC 5322 Message-ID, ``<token@sender's domain>``: unique as long as ``token`` is, and
    on a domain the sender controls, as RFC 5322 section 3.6.4 recommends."""
    if not _TOKEN.match(token):
        raise ValueError("a Message-ID token is letters, digits, '.', '_' and '-' only")
    return f"<{token}@{parse_mailbox(sender).domain}>"


def build_message(notification: Notification, *, sender: str, message_id: str,
                  sent_at: datetime) -> EmailMessage:
    """The message that delivers ``notification``: From, To, Subject, Date, Message-ID, the
    unsubscribe headers when the notification has an unsubscribe URL, and the plain-text body.

    Other entries of ``notification.headers`` are not copied: which headers go out is this
    plugin's decision, not each caller's.

    :param sender: the From mailbox (``"Sellergate <notify@example.com>"`` or a bare address).
    :param message_id: from ``message_id()``; the connector returns it as the provider id.
    :param sent_at: the Date header; must be timezone-aware.
    :raises ValueError: a malformed address or unsubscribe URL, a line break in the subject,
        a naive ``sent_at``.

    >>> note = Notification(recipient="bob@example.com", subject="Hi", body="Hello",
    ...                     purpose="order_updates")
    >>> from datetime import UTC
    >>> build_message(note, sender="n@shop.example", message_id="<1@shop.example>",
    ...               sent_at=datetime(2025, 6, 1, tzinfo=UTC))["Date"]
    'Sun, 01 Jun 2025 00:00:00 +0000'
    """
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware (a naive Date header is ambiguous)")
    message = EmailMessage(policy=_POLICY)
    message["From"] = parse_mailbox(sender)
    message["To"] = parse_mailbox(notification.recipient)
    message["Subject"] = notification.subject  # the policy refuses CR/LF (header injection)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    url = unsubscribe_url(notification.headers)
    if url is not None:
        message[UNSUBSCRIBE_HEADER] = f"<{url}>"
        # One-click (RFC 8058) is only defined for HTTPS: a provider POSTs ONE_CLICK to the URL.
        if url.lower().startswith("https://"):
            message["List-Unsubscribe-Post"] = ONE_CLICK
    message.set_content(notification.body)  # text/plain; charset utf-8
    return message


def _shape(value: str) -> str:
    """A description of a rejected address that does not repeat it (it may be personal data)."""
    return f"{len(value)} characters, {value.count('@')} '@'"

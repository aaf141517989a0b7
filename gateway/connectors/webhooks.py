"""What every plugin's ``verify_webhook`` does the same way: compare a signature in constant
time, and read the body as a JSON object. Both raise ``WebhookRejected`` (the route answers 401
and stores nothing)."""

from __future__ import annotations

import hmac
from typing import Any

import orjson

from gateway.connectors.errors import WebhookRejected

__all__ = ["json_object", "require_signature"]


def require_signature(given: str, expected: str, *, source: str = "webhook") -> None:
    """Refuse a missing or different signature; the comparison takes the same time either way.

    :param given: the signature the sender sent (already normalized, e.g. lower-cased hex).
    :param expected: the signature computed over the raw body with the shared secret.
    :param source: how the message is named in the error (``"17TRACK push"`` ...).
    """
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise WebhookRejected(f"{source} signature mismatch")


def json_object(body: bytes, *, source: str = "webhook body") -> dict[str, Any]:
    """The body parsed as a JSON object."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise WebhookRejected(f"{source} is not JSON") from exc
    if not isinstance(payload, dict):
        raise WebhookRejected(f"{source} is not a JSON object")
    return payload

"""Sealing secrets at rest (upstream credentials) with AES-256-GCM."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["SealError", "open_sealed", "seal"]


class SealError(Exception):
    """A sealed value could not be opened (wrong key or tampered)."""


def seal(key: bytes, plaintext: bytes, context: bytes = b"") -> str:
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, context)).decode()


def open_sealed(key: bytes, sealed: str, context: bytes = b"") -> bytes:
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], context)
    except InvalidTag as exc:
        raise SealError("sealed value cannot be opened") from exc

"""Blind indexes: keyed HMACs of personal values, for exact look-ups without the values."""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["blind_index", "normalize_email"]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def blind_index(key: bytes, kind: str, value: str) -> str:
    """The HMAC-SHA256 of ``value`` under ``key``, separated by ``kind`` so indexes never collide."""
    return hmac.new(key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()

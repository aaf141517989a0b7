"""The keyring: master keys that wrap every subject's data key (envelope encryption).

Master keys come from ``SELLERGATE_MASTER_KEYS`` (``kid:base64key,...``, the first is current).
Rotation adds a new current key; ``sellergate keys rotate`` re-wraps data keys under it while
the old key stays in the ring for readers until every data key moved.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["Keyring", "KeyringError", "parse_master_keys"]

_WRAP_CONTEXT = b"sellergate/data-key/v1"


class KeyringError(Exception):
    """A key is unknown or a wrapped key does not open."""


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_master_keys(raw: str) -> list[tuple[str, bytes]]:
    keys = []
    for pair in raw.split(","):
        kid, _, encoded = pair.strip().partition(":")
        key = _b64decode(encoded) if encoded else b""
        if not kid or len(key) != 32:
            raise ValueError("SELLERGATE_MASTER_KEYS entries must be kid:<32 bytes, urlsafe base64>")
        keys.append((kid, key))
    if len({kid for kid, _ in keys}) != len(keys):
        raise ValueError("SELLERGATE_MASTER_KEYS has a key id twice")
    return keys


class Keyring:
    def __init__(self, master_keys: list[tuple[str, bytes]]) -> None:
        if not master_keys:
            raise ValueError("the keyring needs at least one master key")
        self.current_id = master_keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in master_keys}

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def wrap(self, data_key: bytes) -> tuple[str, str]:
        """Wrap ``data_key`` under the current master key: (master key id, wrapped text)."""
        nonce = os.urandom(12)
        sealed = self._keys[self.current_id].encrypt(nonce, data_key, _WRAP_CONTEXT)
        return self.current_id, base64.urlsafe_b64encode(nonce + sealed).decode()

    def unwrap(self, master_key_id: str, wrapped: str) -> bytes:
        aead = self._keys.get(master_key_id)
        if aead is None:
            raise KeyringError(f"master key {master_key_id!r} is not in the keyring")
        raw = _b64decode(wrapped)
        try:
            return aead.decrypt(raw[:12], raw[12:], _WRAP_CONTEXT)
        except InvalidTag as exc:
            raise KeyringError("wrapped data key does not open") from exc

"""Personal fields encrypted at rest, per subject (envelope encryption, crypto-shredding).

Each subject (an account, a buyer) has its own random data key, stored only wrapped by a keyring
master key (``DataKey``). Fields are AES-256-GCM under that key, bound to the subject and field
name. Destroying the data key makes every copy of the subject's fields unreadable — including
copies in backups and logs — which is how erasure reaches them.
"""

from __future__ import annotations

import base64
import binascii
import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from tortoise.backends.base.client import BaseDBAsyncClient

from gateway.db import conn, insert_rows
from gateway.lru import LRU
from gateway.models import Account, Buyer, DataKey
from gateway.privacy.keyring import Keyring

__all__ = [
    "ERASED",
    "AccountPersonal",
    "BuyerPersonal",
    "Vault",
    "current",
    "from_urlsafe_b64",
    "install",
    "reveal_accounts",
    "reveal_buyers",
]

PREFIX = "v1."
_UNREAD = object()
ERASED = None  # what a shredded field reads as
_CACHE_SIZE = 10_000
_CIPHER_CACHE_SIZE = 1_024
_CACHE_TTL = 60.0  # other processes see a destroyed key gone within this many seconds


@dataclass(frozen=True, slots=True)
class AccountPersonal:
    email: str | None
    name: str | None
    mobile: str | None


class BuyerPersonal:
    """A buyer's personal fields (name, phone, email and the address as a dict).

    From the vault (``reveal_buyers``) each field is decrypted when it is first read: a field
    no one reads — or that the caller may not read, refused before it resolves — is never
    decrypted. ``repr`` shows no value.
    """

    __slots__ = ("_open", "_values")
    FIELDS = ("name", "phone", "email", "address")

    def __init__(self, name: str | None = None, phone: str | None = None,
                 email: str | None = None, address: dict[str, Any] | None = None) -> None:
        self._values: dict[str, Any] = {"name": name, "phone": phone, "email": email,
                                        "address": address}
        self._open: Callable[[str], Any] | None = None

    @classmethod
    def sealed(cls, open_field: Callable[[str], Any]) -> BuyerPersonal:
        """Fields opened by ``open_field(name)`` on first read, each once."""
        personal = cls.__new__(cls)
        personal._values = {}
        personal._open = open_field
        return personal

    def _field(self, name: str) -> Any:
        value = self._values.get(name, _UNREAD)
        if value is _UNREAD:  # (not a KeyError raised and caught: each field is read once)
            assert self._open is not None
            value = self._values[name] = self._open(name)
        return value

    @property
    def name(self) -> str | None:
        return self._field("name")

    @property
    def phone(self) -> str | None:
        return self._field("phone")

    @property
    def email(self) -> str | None:
        return self._field("email")

    @property
    def address(self) -> dict[str, Any] | None:
        return self._field("address")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BuyerPersonal):
            return NotImplemented
        return all(self._field(f) == other._field(f) for f in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "BuyerPersonal(<personal data>)"


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def from_urlsafe_b64(text: str) -> bytes:
    """``base64.urlsafe_b64decode(text.encode())`` in one C call after the translation, without
    its three Python-level steps (every personal field served is decoded so)."""
    return binascii.a2b_base64(text.encode().translate(_FROM_URLSAFE))


def _aad(subject_id: uuid.UUID, name: str) -> bytes:
    return subject_id.bytes + name.encode()


@dataclass
class Vault:
    keyring: Keyring
    _cache: LRU[uuid.UUID, tuple[float, bytes]] = field(
        default_factory=lambda: LRU(_CACHE_SIZE))
    _ciphers: LRU[uuid.UUID, tuple[bytes, AESGCM]] = field(
        default_factory=lambda: LRU(_CIPHER_CACHE_SIZE))

    # --- data keys -------------------------------------------------------------------------

    def _remember(self, subject_id: uuid.UUID, key: bytes) -> None:
        self._cache.put(subject_id, (time.monotonic(), key))

    def _cached(self, subject_id: uuid.UUID) -> bytes | None:
        hit = self._cache.peek(subject_id)
        if hit is None or time.monotonic() - hit[0] > _CACHE_TTL:
            return None
        return hit[1]

    def _cipher(self, subject_id: uuid.UUID, key: bytes) -> AESGCM:
        """The cipher of a subject's data key, kept for the subjects read most recently (a
        page of buyers reads the same subjects again and again). Fewer than the keys: a
        cipher holds about 2.5 KB, a key 32 bytes, and an export reads every buyer once."""
        hit = self._ciphers.get(subject_id)
        if hit is not None and hit[0] == key:
            return hit[1]
        aead = AESGCM(key)
        self._ciphers.put(subject_id, (key, aead))
        return aead

    async def keys(self, db: BaseDBAsyncClient, subject_ids: Iterable[uuid.UUID], *,
                   create: str | None = None,
                   fresh: set[uuid.UUID] | frozenset[uuid.UUID] = frozenset(),
                   ) -> dict[uuid.UUID, bytes]:
        """Data keys of the subjects (one query for all); ``create`` makes missing ones.

        ``fresh``: subjects the caller just gave new ids, who cannot have a key yet (not
        looked up).
        """
        wanted = set(subject_ids)
        found = {s: k for s in wanted if (k := self._cached(s)) is not None}
        missing = wanted - set(found) - fresh
        if missing:
            for row in await DataKey.filter(subject_id__in=list(missing)).using_db(db):
                key = self.keyring.unwrap(row.master_key_id, row.wrapped_key)
                found[row.subject_id] = key
                self._remember(row.subject_id, key)
        if create is not None:
            made: list[dict[str, Any]] = []
            now = datetime.now(UTC)
            for subject_id in wanted - set(found):
                key = AESGCM.generate_key(bit_length=256)
                kid, wrapped = self.keyring.wrap(key)
                made.append({"subject_id": subject_id, "subject_type": create,
                             "master_key_id": kid, "wrapped_key": wrapped, "created_at": now,
                             "rotated_at": None})
                found[subject_id] = key
            if made:
                await insert_rows(DataKey, made, db)  # one statement on PostgreSQL
                for new in made:
                    self._remember(new["subject_id"], found[new["subject_id"]])
        return found

    async def destroy(self, db: BaseDBAsyncClient, subject_ids: Iterable[uuid.UUID]) -> int:
        """Crypto-shred: delete the subjects' data keys. Their fields can never be read again."""
        ids = list(subject_ids)
        for subject_id in ids:
            self._cache.pop(subject_id)
            self._ciphers.pop(subject_id)
        return await DataKey.filter(subject_id__in=ids).using_db(db).delete()

    async def rotate(self, db: BaseDBAsyncClient, *, batch: int = 500) -> int:
        """Re-wrap every data key not under the current master key. Safe while serving."""
        moved = 0
        while True:
            rows = await DataKey.filter(master_key_id__not=self.keyring.current_id).using_db(
                db).limit(batch)
            if not rows:
                return moved
            for row in rows:
                key = self.keyring.unwrap(row.master_key_id, row.wrapped_key)
                kid, wrapped = self.keyring.wrap(key)
                # Conditional on the old wrapping: a concurrent rotation or destroy wins cleanly.
                moved += await DataKey.filter(
                    subject_id=row.subject_id, master_key_id=row.master_key_id,
                ).using_db(db).update(master_key_id=kid, wrapped_key=wrapped,
                                      rotated_at=datetime.now(UTC))

    # --- fields ----------------------------------------------------------------------------

    @staticmethod
    def encrypt(key: bytes, subject_id: uuid.UUID, name: str, value: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, value.encode(), _aad(subject_id, name))
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    @staticmethod
    def decrypt(key: bytes | None, subject_id: uuid.UUID, name: str, text: str) -> str | None:
        return Vault._open(AESGCM(key) if key is not None else None, subject_id, name, text)

    @staticmethod
    def _open(aead: AESGCM | None, subject_id: uuid.UUID, name: str, text: str) -> str | None:
        """``decrypt`` with the subject's cipher built once for all of its fields."""
        if not text:
            return ""
        if aead is None or not text.startswith(PREFIX):
            return ERASED
        raw = from_urlsafe_b64(text[len(PREFIX):])
        try:
            return aead.decrypt(raw[:12], raw[12:], _aad(subject_id, name)).decode()
        except InvalidTag:
            return ERASED

    async def seal(self, db: BaseDBAsyncClient, subject_type: str, subject_id: uuid.UUID,
                   values: dict[str, str]) -> dict[str, str]:
        """Encrypt ``values`` (field name -> clear text) for one subject."""
        key = (await self.keys(db, [subject_id], create=subject_type))[subject_id]
        return {name: self.encrypt(key, subject_id, name, v) if v else ""
                for name, v in values.items()}

    async def seal_many(self, db: BaseDBAsyncClient, subject_type: str,
                        rows: dict[uuid.UUID, dict[str, str]], *,
                        fresh: set[uuid.UUID] | frozenset[uuid.UUID] = frozenset(),
                        ) -> dict[uuid.UUID, dict[str, str]]:
        """Encrypt many subjects' fields; ``fresh`` as for ``keys``."""
        keys = await self.keys(db, rows, create=subject_type, fresh=fresh)
        # One cipher per subject and one random read for every nonce of the batch: the same
        # ciphertext format as ``encrypt``, at a fraction of the cost for a page of buyers.
        wanted = sum(1 for vals in rows.values() for v in vals.values() if v)
        nonces = os.urandom(12 * wanted)
        at = 0
        out: dict[uuid.UUID, dict[str, str]] = {}
        for sid, vals in rows.items():
            aead = AESGCM(keys[sid])
            sealed = {}
            for name, value in vals.items():
                if not value:
                    sealed[name] = ""
                    continue
                nonce = nonces[at:at + 12]
                at += 12
                body = aead.encrypt(nonce, value.encode(), _aad(sid, name))
                sealed[name] = PREFIX + base64.urlsafe_b64encode(nonce + body).decode()
            out[sid] = sealed
        return out

    async def reveal_accounts(self, db: BaseDBAsyncClient,
                              accounts: Iterable[Account]) -> dict[uuid.UUID, AccountPersonal]:
        rows = list(accounts)
        keys = await self.keys(db, [a.id for a in rows])
        out = {}
        for a in rows:
            key = keys.get(a.id)
            aead = AESGCM(key) if key is not None else None
            out[a.id] = AccountPersonal(email=self._open(aead, a.id, "email", a.email),
                                        name=self._open(aead, a.id, "name", a.name),
                                        mobile=self._open(aead, a.id, "mobile", a.mobile))
        return out

    async def reveal_buyers(self, db: BaseDBAsyncClient,
                            buyers: Iterable[Buyer]) -> dict[uuid.UUID, BuyerPersonal]:
        """The buyers' personal fields, each decrypted when first read (one key query now)."""
        rows = list(buyers)
        keys = await self.keys(db, [b.id for b in rows])
        return {b.id: BuyerPersonal.sealed(_BuyerOpener(self, b, keys.get(b.id)))
                for b in rows}


class _BuyerOpener:
    """Decrypts one buyer's fields on demand, with the buyer's cipher found at most once."""

    __slots__ = ("_aead", "_buyer", "_key", "_vault")

    def __init__(self, vault: Vault, buyer: Buyer, key: bytes | None) -> None:
        self._vault, self._buyer, self._key = vault, buyer, key
        self._aead: AESGCM | None = None

    def __call__(self, name: str) -> Any:
        if self._aead is None and self._key is not None:
            self._aead = self._vault._cipher(self._buyer.id, self._key)
        text = self._vault._open(self._aead, self._buyer.id, name, getattr(self._buyer, name))
        if name == "address":
            return orjson.loads(text) if text else None
        return text


_current: Vault | None = None


def install(vault: Vault | None) -> None:
    global _current
    _current = vault


def current() -> Vault:
    if _current is None:
        raise RuntimeError("the vault is not set up in this process (gateway.privacy.vault.install)")
    return _current


async def reveal_accounts(region: str, accounts: Iterable[Account]
                          ) -> dict[uuid.UUID, AccountPersonal]:
    return await current().reveal_accounts(conn(region), accounts)


async def reveal_buyers(region: str, buyers: Iterable[Buyer]) -> dict[uuid.UUID, BuyerPersonal]:
    return await current().reveal_buyers(conn(region), buyers)

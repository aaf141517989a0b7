"""Persisted queries: Apollo's automatic persisted queries (APQ) and a production allow-list.

``SELLERGATE_PERSISTED_QUERIES`` picks the mode:

- ``off``: a request naming a persisted query is refused (``PERSISTED_QUERY_NOT_SUPPORTED``).
- ``auto`` (default): a client sends ``extensions.persistedQuery.sha256Hash`` alone; an unknown
  hash answers ``PERSISTED_QUERY_NOT_FOUND`` and the client sends the query with its hash once,
  which registers it. Registered queries live in a bounded store: an LRU in memory, or Redis
  (with a time to live) when configured, so that replicas share them.
- ``allowlist``: only the operations of the manifest (``SELLERGATE_PERSISTED_QUERIES_FILE``,
  written by ``sellergate persisted-queries build``) run, by hash or by text; anything else is
  refused with ``PERSISTED_QUERY_NOT_ALLOWED``. Nothing is registered at run time. Admins keep
  ad-hoc queries (they work through GraphiQL).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gateway.errors import BadInput, SellergateError
from gateway.lru import LRU
from gateway.settings import Settings

if TYPE_CHECKING:  # redis is imported where it is used: most processes never load it
    from redis import asyncio as aioredis

__all__ = [
    "MANIFEST_FORMAT",
    "MemoryQueryStore",
    "PersistedQueries",
    "PersistedQueryHashMismatch",
    "PersistedQueryNotAllowed",
    "PersistedQueryNotFound",
    "PersistedQueryNotSupported",
    "QueryStore",
    "RedisQueryStore",
    "load_manifest",
    "query_hash",
    "write_manifest",
]

log = logging.getLogger(__name__)

MANIFEST_FORMAT = "apollo-persisted-query-manifest"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryNotFound(SellergateError):
    """The hash is not known: send the query with it once (Apollo clients do so by themselves)."""

    code = "PERSISTED_QUERY_NOT_FOUND"
    http_status = 200  # Apollo's clients read the code from the body and retry with the query


class PersistedQueryNotSupported(SellergateError):
    code = "PERSISTED_QUERY_NOT_SUPPORTED"
    http_status = 400


class PersistedQueryHashMismatch(SellergateError):
    code = "PERSISTED_QUERY_HASH_MISMATCH"
    http_status = 400


class PersistedQueryNotAllowed(SellergateError):
    code = "PERSISTED_QUERY_NOT_ALLOWED"
    http_status = 403


def query_hash(query: str) -> str:
    """The SHA-256 of the query text, as APQ clients compute it (hex, lower case)."""
    return hashlib.sha256(query.encode()).hexdigest()


class QueryStore(Protocol):
    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, query: str) -> None: ...

    async def close(self) -> None: ...


class MemoryQueryStore:
    """At most ``size`` queries; the least recently used one goes first."""

    def __init__(self, size: int) -> None:
        self._queries: LRU[str, str] = LRU(size)

    @property
    def size(self) -> int:
        return self._queries.size

    async def get(self, digest: str) -> str | None:
        return self._queries.get(digest)

    async def put(self, digest: str, query: str) -> None:
        self._queries.put(digest, query)

    async def close(self) -> None:
        self._queries.clear()


class RedisQueryStore:
    """Queries shared by replicas; each lives ``ttl`` seconds after its last use.

    The store is a cache: if Redis does not answer, a look-up misses and the client sends the
    query again, so an outage costs a round trip, never a request.
    """

    def __init__(self, client: aioredis.Redis, *, ttl: int,
                 prefix: str = "sellergate:apq:") -> None:
        from redis.exceptions import RedisError

        self._errors = (RedisError, OSError)
        self.client = client
        self.ttl = ttl
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, ttl: int) -> RedisQueryStore:
        from redis import asyncio as aioredis

        return cls(aioredis.Redis.from_url(url, decode_responses=True, socket_timeout=2.0,
                                           socket_connect_timeout=2.0), ttl=ttl)

    async def get(self, digest: str) -> str | None:
        try:
            query = await self.client.getex(self.prefix + digest, ex=self.ttl)
        except self._errors as exc:
            log.warning("persisted-query store unavailable (%s): treating as a miss",
                        type(exc).__name__)
            return None
        return str(query) if query is not None else None

    async def put(self, digest: str, query: str) -> None:
        try:
            await self.client.set(self.prefix + digest, query, ex=self.ttl)
        except self._errors as exc:
            log.warning("persisted query not stored (%s)", type(exc).__name__)

    async def close(self) -> None:
        await self.client.aclose()  # type: ignore[attr-defined]  # types-redis predates aclose


def load_manifest(path: str | Path) -> dict[str, str]:
    """hash -> query text from an Apollo persisted-query manifest (ours or Apollo's tools')."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the persisted-query manifest {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"{path} is not an {MANIFEST_FORMAT} (version 1) file")
    allowed: dict[str, str] = {}
    for operation in data.get("operations") or []:
        body, digest = operation.get("body"), operation.get("id")
        if not isinstance(body, str) or query_hash(body) != digest:
            raise ValueError(f"{path}: operation {operation.get('name')!r} has no body or its "
                             "id is not the SHA-256 of its body")
        allowed[digest] = body
    return allowed


def write_manifest(path: str | Path, operations: list[dict[str, str]]) -> None:
    """Write ``operations`` (name, type, body) as a manifest, ids computed from the bodies."""
    entries = [{"id": query_hash(op["body"]), "name": op["name"], "type": op["type"],
                "body": op["body"]} for op in operations]
    Path(path).write_text(json.dumps({"format": MANIFEST_FORMAT, "version": 1,
                                      "operations": entries}, indent=2) + "\n")


def _requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The hash named by ``extensions.persistedQuery`` (None when the request names none)."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
        raise BadInput("extensions.persistedQuery must be {version: 1, sha256Hash}",
                       field="extensions.persistedQuery")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise BadInput("persistedQuery.sha256Hash must be 64 lower-case hex digits",
                       field="extensions.persistedQuery.sha256Hash")
    return digest


class PersistedQueries:
    """Turns a request's (query, extensions) into the query text to run, per the mode.

    :param mode: off, auto or allowlist.
    :param store: where auto mode registers queries.
    :param allowed: hash -> query of the manifest (allow-list mode; pre-registered in auto mode).
    """

    def __init__(self, *, mode: str, store: QueryStore,
                 allowed: Mapping[str, str] | None = None) -> None:
        if mode not in ("off", "auto", "allowlist"):
            raise ValueError(f"persisted-query mode must be off, auto or allowlist, not {mode!r}")
        self.mode = mode
        self.store = store
        self.allowed = dict(allowed or {})

    @classmethod
    def from_settings(cls, settings: Settings) -> PersistedQueries:
        allowed = load_manifest(settings.persisted_queries_file) \
            if settings.persisted_queries_file else {}
        url = settings.persisted_queries_redis_url
        if not url and settings.broker_url.startswith(("redis://", "rediss://")):
            url = settings.broker_url
        store: QueryStore
        if url and settings.persisted_queries == "auto":
            store = RedisQueryStore.from_url(url, ttl=settings.persisted_queries_ttl_seconds)
        else:
            store = MemoryQueryStore(settings.persisted_queries_cache_size)
        return cls(mode=settings.persisted_queries, store=store, allowed=allowed)

    async def resolve(self, query: str | None, extensions: Mapping[str, Any] | None, *,
                      trusted: bool = False) -> str | None:
        """The query to execute. ``trusted`` callers (admins) may run ad-hoc queries in
        allow-list mode. Raises a ``PersistedQuery*`` error or ``BadInput``."""
        digest = _requested_hash(extensions)
        if digest is None:
            if self.mode == "allowlist" and query is not None and not trusted \
                    and query_hash(query) not in self.allowed:
                raise PersistedQueryNotAllowed(
                    "only the operations of the persisted-query allow-list run here")
            return query
        if self.mode == "off":
            raise PersistedQueryNotSupported("persisted queries are turned off")
        if query is not None:
            if query_hash(query) != digest:
                raise PersistedQueryHashMismatch("the query's SHA-256 is not sha256Hash")
            if self.mode == "allowlist":
                if digest not in self.allowed and not trusted:
                    raise PersistedQueryNotAllowed(
                        "only the operations of the persisted-query allow-list run here")
                return query
            await self.store.put(digest, query)
            return query
        known = self.allowed.get(digest)
        if known is not None:
            return known
        if self.mode == "allowlist":
            raise PersistedQueryNotAllowed("this hash is not on the persisted-query allow-list")
        known = await self.store.get(digest)
        if known is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        return known

    async def close(self) -> None:
        await self.store.close()

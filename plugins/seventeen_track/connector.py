"""The 17TRACK tracking connector: registers parcels, reads their tracking, stops and deletes
them through the Tracking API v2.2 (``17token`` auth, batches of 40, 3 calls a second), and
verifies 17TRACK's signed push notifications."""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import orjson

from gateway.connectors import (
    DataCategory,
    Response,
    TrackingConnector,
    TrackingInfo,
    UpstreamBadResponse,
    UpstreamSession,
    WebhookEvent,
    WebhookRejected,
    json_object,
    require_signature,
)
from plugins.seventeen_track import wire

__all__ = ["RequestPacer", "SeventeenTrackConnector", "SeventeenTrackSettings"]

# Statuses whose body is still a 17TRACK envelope worth reading (its error code); the session
# would otherwise turn 401/403 into a bare UpstreamAuthError. 429 and 5xx stay with the
# session, which waits and retries them.
_ENVELOPE_STATUSES = (400, 401, 403, 404)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SeventeenTrackSettings:
    """The plugin's settings (``SELLERGATE_PLUGIN_SEVENTEEN_TRACK_<KEY>``), checked at start-up.

    :param api_key: the API key sent as ``17token`` (17TRACK dashboard, Settings).
    :param webhook_key: the security key that signs pushes; by default the API key.
    :param requests_per_second: calls allowed per second for this key (17TRACK: 3).
    """

    api_key: str
    webhook_key: str
    requests_per_second: int = wire.REQUESTS_PER_SECOND

    KEYS: ClassVar[tuple[str, ...]] = ("api_key", "webhook_key", "requests_per_second")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, str]) -> SeventeenTrackSettings:
        values = {key.lower(): value for key, value in settings.items()}
        for key in values:
            if key not in cls.KEYS:
                close = difflib.get_close_matches(key, cls.KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown 17TRACK setting {key!r}{hint}")
        api_key = values.get("api_key", "")
        if not api_key:
            raise ValueError("17TRACK setting 'api_key' is required "
                             "(SELLERGATE_PLUGIN_SEVENTEEN_TRACK_API_KEY)")
        rate = values.get("requests_per_second") or str(wire.REQUESTS_PER_SECOND)
        if not rate.isdigit() or not 1 <= int(rate) <= 100:
            raise ValueError(f"17TRACK setting 'requests_per_second' must be a whole number "
                             f"from 1 to 100, not {rate!r}")
        return cls(api_key=api_key, webhook_key=values.get("webhook_key") or api_key,
                   requests_per_second=int(rate))


class RequestPacer:
    """Spaces calls so that 17TRACK never sees more than ``rate`` of them within ``period``.

    A call's mark is its send time, moved to its completion once it returns: the request
    reached 17TRACK by then at the latest, so a call sent one period after the completion of
    the call ``rate`` places earlier arrives more than a period after it, whatever the network
    latency. Slots are reserved synchronously (no await between reading and writing the
    schedule), so concurrent callers on one loop never share a slot.
    """

    def __init__(self, rate: int, period: float) -> None:
        self.rate = rate
        self.period = period
        self._marks: deque[list[float]] = deque(maxlen=rate)

    def reserve(self) -> tuple[list[float], float]:
        """Take the next free slot: its mark and how many seconds to wait for it."""
        now = time.monotonic()
        slot = now
        if len(self._marks) == self.rate:
            slot = max(now, self._marks[0][0] + self.period)
        mark = [slot]
        self._marks.append(mark)
        return mark, slot - now

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        mark, delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            yield
        finally:
            mark[0] = max(mark[0], time.monotonic())


class SeventeenTrackConnector(TrackingConnector):
    """17TRACK through its Tracking API v2.2 (``base_url``: ``https://api.17track.net``).

    Every method takes any number of tracking numbers and sends them 40 per call, paced to the
    key's calls-per-second limit.
    """

    name = "seventeen_track"
    version = "1.0.0"
    max_batch = wire.MAX_BATCH
    data_categories = frozenset({DataCategory.SHIPMENT, DataCategory.TRACKING})
    recipients = ("17TRACK (tracking numbers and carrier codes of the parcels it follows)",)

    # 17TRACK's window is one second; the margin absorbs clock granularity.
    pacing_period: ClassVar[float] = 1.02

    log = logging.getLogger("sellergate.plugins.seventeen_track")

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        super().__init__(base_url=base_url, settings=settings, session=session)
        self.options = SeventeenTrackSettings.from_mapping(settings)
        self._pacer = RequestPacer(self.options.requests_per_second, self.pacing_period)

    # --- SDK methods --------------------------------------------------------------------------

    async def register(self, numbers: list[tuple[str, str]]) -> list[str]:
        """Register (number, carrier) pairs; returns the numbers 17TRACK follows now, including
        those it already followed (-18019901). A carrier code it refuses is retried once with
        carrier detection. Numbers it cannot take (bad format, carrier not detected) are left
        out and logged.

        :raises UpstreamRateLimited: the daily limit or the quota is spent (-18019907,
            -18019908). Numbers accepted earlier in the same call are registered all the same
            and come back as "already registered" when the job runs again.
        """
        accepted: list[str] = []
        for batch in _batches(numbers, self.max_batch):
            accepted += await self._register_batch(batch)
        return accepted

    async def track(self, numbers: list[str]) -> list[TrackingInfo]:
        """Status and events of registered numbers. Numbers without tracking yet (-18019909)
        or not registered (-18019902) are absent from the answer."""
        infos: list[TrackingInfo] = []
        for batch in _batches(numbers, self.max_batch):
            answer = await self._call(wire.GETTRACKINFO_PATH, wire.numbers_body(batch))
            self._check_rejections(answer, quiet={wire.ERROR_NO_INFO_YET,
                                                  wire.ERROR_NOT_REGISTERED})
            infos += [wire.parse_track_item(item) for item in answer.accepted]
        return infos

    async def stop(self, numbers: list[str]) -> list[str]:
        """Stop 17TRACK's refreshes of ``numbers``; returns those that are stopped now (already
        stopped ones included, -18019906)."""
        return await self._each_batch(wire.STOPTRACK_PATH, numbers,
                                      counts_as_done={wire.ERROR_STOP_NOT_TRACKING})

    async def delete(self, numbers: list[str]) -> list[str]:
        """Delete ``numbers`` and their tracking at 17TRACK (downstream erasure); returns those
        17TRACK no longer holds, including the ones it never had (-18019902), so that an
        erasure run again after a crash still counts them."""
        return await self._each_batch(wire.DELETETRACK_PATH, numbers,
                                      counts_as_done={wire.ERROR_NOT_REGISTERED})

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check the ``sign`` header (SHA-256 of raw body + ``/`` + security key) in constant
        time, then parse the push. The delivery id is the body's hash: 17TRACK sends no id nor
        timestamp, so a replayed push is the same body and the gateway refuses it."""
        lowered = {key.lower(): value for key, value in headers.items()}
        given = lowered.get(wire.SIGN_HEADER, "").strip().lower()
        expected = wire.webhook_signature(body, self.options.webhook_key)
        require_signature(given, expected, source="17TRACK push")
        payload = json_object(body, source="17TRACK push")
        try:
            topic, tracking = wire.parse_push(payload)
        except ValueError as exc:
            raise WebhookRejected(str(exc)) from exc
        return WebhookEvent(topic=topic, shop="", delivery_id=wire.push_delivery_id(body),
                            payload=payload, tracking=tracking)

    # --- calls --------------------------------------------------------------------------------

    async def _register_batch(self, batch: Sequence[tuple[str, str]]) -> list[str]:
        answer = await self._call(wire.REGISTER_PATH, wire.register_body(batch))
        done = {n.upper() for n in answer.accepted_numbers()}
        done |= self._check_rejections(answer, counts_as_done={wire.ERROR_ALREADY_REGISTERED},
                                       quiet={wire.ERROR_BAD_CARRIER,
                                              wire.ERROR_CARRIER_UNSUPPORTED})
        bad_carrier = {r.number.upper() for r in answer.rejected
                       if r.code in (wire.ERROR_BAD_CARRIER, wire.ERROR_CARRIER_UNSUPPORTED)}
        retry = [(number, "") for number, carrier in batch
                 if number.upper() in bad_carrier and wire.carrier_key(carrier) is not None]
        if retry:
            self.log.info("17TRACK refused the carrier of %d numbers; registering them with "
                          "carrier detection", len(retry))
            again = await self._call(wire.REGISTER_PATH, wire.register_body(retry))
            done |= {n.upper() for n in again.accepted_numbers()}
            done |= self._check_rejections(again,
                                           counts_as_done={wire.ERROR_ALREADY_REGISTERED})
        return [number for number, _ in batch if number.upper() in done]

    async def _each_batch(self, path: str, numbers: Sequence[str], *,
                          counts_as_done: set[int]) -> list[str]:
        finished: list[str] = []
        for batch in _batches(numbers, self.max_batch):
            answer = await self._call(path, wire.numbers_body(batch))
            done = {n.upper() for n in answer.accepted_numbers()}
            done |= self._check_rejections(answer, counts_as_done=counts_as_done)
            finished += [number for number in batch if number.upper() in done]
        return finished

    def _check_rejections(self, answer: wire.BatchAnswer, *,
                          counts_as_done: set[int] | None = None,
                          quiet: set[int] | None = None) -> set[str]:
        """Raise for account limits among the rejections; return the (upper-case) numbers
        whose rejection means the job is done anyway; log the others by error code only
        (a tracking number is shipment data)."""
        done: set[str] = set()
        others: dict[int, int] = {}
        for rejection in answer.rejected:
            if rejection.code in wire.LIMIT_CODES:
                raise wire.error_for(rejection.code, rejection.message, now=datetime.now(UTC))
            if counts_as_done and rejection.code in counts_as_done:
                done.add(rejection.number.upper())
            elif not quiet or rejection.code not in quiet:
                others[rejection.code] = others.get(rejection.code, 0) + 1
        for code, count in others.items():
            self.log.warning("17TRACK rejected %d numbers with error %d", count, code)
        return done

    async def _call(self, path: str, items: list[dict[str, Any]]) -> wire.BatchAnswer:
        headers = {wire.TOKEN_HEADER: self.options.api_key, "Content-Type": "application/json"}
        async with self._pacer.slot():
            response = await self.session.request("POST", f"{self.base_url}{path}",
                                                  data=orjson.dumps(items), headers=headers,
                                                  allow_statuses=_ENVELOPE_STATUSES)
        return wire.parse_answer(self._body(response), http_status=response.status,
                                 now=datetime.now(UTC))

    @staticmethod
    def _body(response: Response) -> Any:
        try:
            return response.json()
        except UpstreamBadResponse:
            if response.status != 200:
                raise wire.error_for(-1, "answer is not JSON",
                                     http_status=response.status) from None
            raise


def _batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start:start + size] for start in range(0, len(items), size)]

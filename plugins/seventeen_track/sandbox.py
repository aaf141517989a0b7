"""17TRACK's Tracking API v2.2 emulated on loopback: register, gettrackinfo, stoptrack, retrack
and deletetrack over parcels whose carrier events appear over time or on demand, with the
``17token`` key, batches of at most 40, 3 calls a second, the tracking quota and daily limit
checked as 17TRACK checks them, signed pushes to a webhook URL, and outages on demand.

Where the doc fixes an HTTP status (401 for a refused key, IP or account; 429 beyond the rate)
the sandbox uses it; other failures are HTTP 200 with a non-zero ``code``, as 17TRACK answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from gateway.connectors.sandbox import SandboxServer
from plugins.seventeen_track import wire

__all__ = ["CARRIERS", "JOURNEYS", "ApiError", "Place", "PushDelivery", "Sandbox",
           "SandboxCarrier", "SandboxEvent", "SandboxParcel"]


class ApiError(Exception):
    """A whole-request failure: ``{"code": <code>, "data": {"errors": [...]}}``."""

    def __init__(self, code: int, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class SandboxCarrier:
    key: int
    name: str
    alias: str
    homepage: str
    country: str


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state: str
    country: str
    utc_offset_hours: int

    @property
    def label(self) -> str:
        return f"{self.city.upper()}, {self.state}" if self.state else self.city.upper()


CARRIERS: dict[int, SandboxCarrier] = {c.key: c for c in (
    SandboxCarrier(100001, "DHL", "DHL Express", "https://www.dhl.com/", "DE"),
    SandboxCarrier(100002, "UPS", "UPS", "https://www.ups.com/", "US"),
    SandboxCarrier(100003, "FedEx", "FedEx", "https://www.fedex.com/", "US"),
    SandboxCarrier(21051, "USPS", "USPS", "https://www.usps.com/", "US"),
    SandboxCarrier(3011, "China Post", "China Post", "http://www.chinapost.com.cn/", "CN"),
    SandboxCarrier(3013, "China EMS", "China EMS", "http://www.ems.com.cn/", "CN"),
    SandboxCarrier(1051, "Royal Mail", "Royal Mail", "https://www.royalmail.com/", "GB"),
)}

# Carrier detection from the number's shape, first match wins (17TRACK's is much larger).
_DETECTION: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^1Z[0-9A-Z]{16}$"), 100002),
    (re.compile(r"^E[A-Z]\d{9}CN$"), 3013),
    (re.compile(r"^[A-Z]{2}\d{9}CN$"), 3011),
    (re.compile(r"^[A-Z]{2}\d{9}GB$"), 1051),
    (re.compile(r"^[A-Z]{2}\d{9}US$|^9[2-5]\d{18,20}$"), 21051),
    (re.compile(r"^\d{12}$|^\d{15}$"), 100003),
    (re.compile(r"^\d{10}$"), 100001),
)
_NUMBER = re.compile(r"^[A-Za-z0-9]{5,50}$")

JOURNEYS: dict[str, tuple[str, ...]] = {
    "standard": ("InfoReceived", "InTransit_PickedUp", "InTransit_Departure",
                 "InTransit_Arrival", "OutForDelivery_Other", "Delivered_Other"),
    "international": ("InfoReceived", "InTransit_PickedUp", "InTransit_Departure",
                      "InTransit_CustomsProcessing", "InTransit_CustomsReleased",
                      "InTransit_Arrival", "OutForDelivery_Other", "Delivered_Other"),
    "pickup": ("InfoReceived", "InTransit_PickedUp", "InTransit_Arrival",
               "AvailableForPickup_Other", "Delivered_Other"),
    "failed_delivery": ("InfoReceived", "InTransit_PickedUp", "OutForDelivery_Other",
                        "DeliveryFailure_NoBody", "Exception_Returning", "Exception_Returned"),
}
_DESCRIPTIONS = {
    "InfoReceived": "Shipping label created, awaiting item",
    "InTransit_PickedUp": "Picked up by the carrier",
    "InTransit_Departure": "Departed from facility",
    "InTransit_CustomsProcessing": "Held by customs for inspection",
    "InTransit_CustomsReleased": "Released by customs",
    "InTransit_Arrival": "Arrived at destination facility",
    "OutForDelivery_Other": "Out for delivery",
    "AvailableForPickup_Other": "Available for pickup at the post office",
    "Delivered_Other": "Delivered, front door",
    "DeliveryFailure_NoBody": "Delivery attempted, no one available",
    "Exception_Returning": "Returning to sender",
    "Exception_Returned": "Returned to sender",
}
_STAGES = {
    "InfoReceived": "InfoReceived", "InTransit_PickedUp": "PickedUp",
    "InTransit_Departure": "Departure", "InTransit_Arrival": "Arrival",
    "AvailableForPickup_Other": "AvailableForPickup", "OutForDelivery_Other": "OutForDelivery",
    "Delivered_Other": "Delivered", "Exception_Returning": "Returning",
    "Exception_Returned": "Returned",
}
_ORIGINS = {
    "US": (Place("Louisville", "KY", "US", -5), Place("Memphis", "TN", "US", -6)),
    "CN": (Place("Shenzhen", "GD", "CN", 8), Place("Guangzhou", "GD", "CN", 8)),
    "DE": (Place("Leipzig", "SN", "DE", 1),),
    "GB": (Place("London", "", "GB", 0),),
}
_DESTINATIONS = (Place("Austin", "TX", "US", -6), Place("Portland", "OR", "US", -8),
                 Place("Chicago", "IL", "US", -6), Place("Brooklyn", "NY", "US", -5))


@dataclass
class SandboxEvent:
    time: datetime
    sub_status: str
    place: Place

    def payload(self) -> dict[str, Any]:
        """The event as 17TRACK writes it: UTC and local times, stage and sub-status."""
        local = self.time.astimezone(timezone(timedelta(hours=self.place.utc_offset_hours)))
        return {
            "time_iso": local.isoformat(),
            "time_utc": self.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "time_raw": {"date": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M:%S"),
                         "timezone": local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]},
            "description": _DESCRIPTIONS.get(self.sub_status, self.sub_status),
            "location": self.place.label,
            "stage": _STAGES.get(self.sub_status),
            "sub_status": self.sub_status,
            "address": _address(self.place),
        }


@dataclass
class SandboxParcel:
    """A registered number: its journey and the events revealed so far (oldest first)."""

    number: str
    carrier: int
    journey: tuple[str, ...]
    origin: Place
    destination: Place
    registered_at: float
    tag: str = ""
    events: list[SandboxEvent] = field(default_factory=list)
    timed_steps: int = 0              # events revealed by the passing of time
    tracking: bool = True             # False once stopped
    stopped_at: float | None = None
    retracked: bool = False

    @property
    def status(self) -> tuple[str, str]:
        if not self.events:
            return "NotFound", "NotFound_Other"
        sub_status = self.events[-1].sub_status
        return sub_status.split("_", 1)[0], sub_status

    def reveal(self, at: float) -> bool:
        """The journey's next event, dated ``at`` (and after the previous one)."""
        index = len(self.events)
        if index >= len(self.journey):
            return False
        moment = datetime.fromtimestamp(int(at), UTC)
        if self.events and moment <= self.events[-1].time:
            moment = self.events[-1].time + timedelta(seconds=1)
        place = self.origin if index < len(self.journey) // 2 else self.destination
        self.events.append(SandboxEvent(moment, self.journey[index], place))
        return True


@dataclass(frozen=True, slots=True)
class PushDelivery:
    number: str
    event: str
    status: int                       # the webhook's HTTP answer (0: unreachable)


def _address(place: Place) -> dict[str, Any]:
    return {"country": place.country, "state": place.state or None, "city": place.city,
            "street": None, "postal_code": None,
            "coordinates": {"longitude": None, "latitude": None}}


def _detect(number: str) -> int | None:
    return next((key for pattern, key in _DETECTION if pattern.match(number)), None)


# --- the sandbox ------------------------------------------------------------------------------

class Sandbox(SandboxServer):
    """17TRACK's Tracking API v2.2 on loopback (served under ``/track/v2.2/``).

    :param api_key: the key expected in ``17token``.
    :param security_key: the key signing pushes (by default the API key, as the connector
        assumes).
    :param seed: picks each parcel's places deterministically (with its number).
    :param seconds_per_event: a registered parcel gains its next event this often (None: only
        ``advance()`` moves parcels).
    :param requests_per_second: calls per second per key before HTTP 429 (None: unlimited).
    :param quota: tracking numbers the account may register (17TRACK's free plan: 100).
    :param daily_limit: registrations per UTC day before -18019907 (None: no limit).
    :param webhook_url: where pushes go; with it, every new event and every stop is pushed.
    :param allowed_ips: the key's IP allow-list (None: any address).
    """

    def __init__(self, *, api_key: str = "sandbox-17token", security_key: str | None = None,
                 seed: int = 17, seconds_per_event: float | None = 60.0,
                 requests_per_second: int | None = wire.REQUESTS_PER_SECOND, quota: int = 100,
                 daily_limit: int | None = None, webhook_url: str | None = None,
                 allowed_ips: Iterable[str] | None = None) -> None:
        super().__init__()
        self.api_key = api_key
        self.security_key = security_key or api_key
        self.seed = seed
        self.seconds_per_event = seconds_per_event
        self.requests_per_second = requests_per_second
        self.quota = quota
        self.daily_limit = daily_limit
        self.webhook_url = webhook_url
        self.allowed_ips = set(allowed_ips) if allowed_ips is not None else None
        self.account_disabled = False
        self.parcels: dict[str, SandboxParcel] = {}
        self.quota_used = 0
        self.deleted: list[str] = []                    # numbers deleted, in order
        self.requests: list[dict[str, Any]] = []        # every authorized call: path, body
        self.rate_limited = 0                           # HTTP 429 answers given
        self.deliveries: list[PushDelivery] = []        # pushes sent to webhook_url
        self._registered_today: dict[str, int] = {}     # UTC date -> registrations
        self._arrivals: deque[float] = deque()
        self._failures: list[int] = []
        self._rate_limit_next = 0
        self._pushes: set[asyncio.Task[None]] = set()
        self._ticker: asyncio.Task[None] | None = None
        self._journeys: dict[str, str] = {}             # number -> journey set by script()
        # The current call's rejections; operations run without awaiting, one call at a time.
        self._rejected: list[dict[str, Any]] = []

    def connector_settings(self) -> dict[str, str]:
        settings = {"api_key": self.api_key}
        if self.security_key != self.api_key:
            settings["webhook_key"] = self.security_key
        return settings

    # --- knobs for tests and the demo -------------------------------------------------------

    def script(self, number: str, journey: str) -> None:
        """Give ``number`` one of ``JOURNEYS`` (before or after it is registered)."""
        if journey not in JOURNEYS:
            raise ValueError(f"unknown journey {journey!r}; known: {', '.join(JOURNEYS)}")
        self._journeys[number.upper()] = journey
        parcel = self.parcels.get(number.upper())
        if parcel is not None:
            parcel.journey = JOURNEYS[journey]

    def advance(self, number: str | None = None, steps: int = 1) -> list[str]:
        """Reveal the next ``steps`` events of ``number`` (or of every parcel still tracked),
        dated now; returns the numbers that changed. With a webhook URL each is pushed."""
        parcels = [self.parcels[number.upper()]] if number else \
            [p for p in self.parcels.values() if p.tracking]
        changed: list[str] = []
        for parcel in parcels:
            moved = False
            for _ in range(steps):
                moved = parcel.reveal(time.time()) or moved
            if moved:
                changed.append(parcel.number)
                self._schedule_push(parcel.number, "TRACKING_UPDATED")
        return changed

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` calls with HTTP ``status`` (an outage); ``status=200``
        answers the envelope's internal error, -18010003."""
        self._failures.extend([status] * count)

    def rate_limit_next(self, count: int) -> None:
        """Answer the next ``count`` calls with HTTP 429."""
        self._rate_limit_next += count

    def disable_account(self) -> None:
        self.account_disabled = True

    def track_info(self, number: str) -> dict[str, Any]:
        """A parcel's ``track_info`` as gettrackinfo and pushes carry it (a recorded payload)."""
        return self._track_info(self.parcels[number.upper()])

    def push_body(self, number: str, event: str = "TRACKING_UPDATED") -> bytes:
        """A push of ``event`` for ``number`` as 17TRACK POSTs it (raw body)."""
        parcel = self.parcels[number.upper()]
        data: dict[str, Any] = {"number": parcel.number, "carrier": parcel.carrier,
                                "param": None, "tag": parcel.tag}
        if event == "TRACKING_UPDATED":
            data["track_info"] = self._track_info(parcel)
        return orjson.dumps({"event": event, "data": data})

    def signed_push(self, number: str,
                    event: str = "TRACKING_UPDATED") -> tuple[dict[str, str], bytes]:
        """A correctly signed push: headers (``sign``) and the raw body."""
        body = self.push_body(number, event)
        return {"Content-Type": "application/json",
                "sign": wire.webhook_signature(body, self.security_key)}, body

    async def push(self, number: str, event: str = "TRACKING_UPDATED") -> int:
        """POST a signed push to ``webhook_url``; returns (and records) the HTTP status."""
        if not self.webhook_url:
            raise RuntimeError("this sandbox has no webhook_url")
        headers, body = self.signed_push(number, event)
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client, \
                    client.post(self.webhook_url, data=body, headers=headers) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        self.deliveries.append(PushDelivery(number.upper(), event, status))
        return status

    async def drain_pushes(self) -> None:
        """Wait for the pushes scheduled so far to be delivered."""
        while self._pushes:
            await asyncio.gather(*list(self._pushes), return_exceptions=True)

    def _schedule_push(self, number: str, event: str) -> None:
        if not self.webhook_url:
            return
        task = asyncio.get_running_loop().create_task(self._push_quietly(number, event))
        self._pushes.add(task)
        task.add_done_callback(self._pushes.discard)

    async def _push_quietly(self, number: str, event: str) -> None:
        if number in self.parcels:  # deleted meanwhile: nothing to say
            await self.push(number, event)

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        url = await super().start(host, port)
        if self.webhook_url and self.seconds_per_event:
            self._ticker = asyncio.get_running_loop().create_task(self._tick())
        return url

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            await asyncio.gather(self._ticker, return_exceptions=True)
            self._ticker = None
        for task in list(self._pushes):
            task.cancel()
        await asyncio.gather(*self._pushes, return_exceptions=True)
        await super().stop()

    async def _tick(self) -> None:
        """With a webhook URL, parcels moved by time are pushed without anyone asking."""
        assert self.seconds_per_event is not None
        while True:
            await asyncio.sleep(max(0.05, min(self.seconds_per_event / 2, 5.0)))
            for parcel in list(self.parcels.values()):
                if self._catch_up(parcel):
                    self._schedule_push(parcel.number, "TRACKING_UPDATED")

    def _catch_up(self, parcel: SandboxParcel) -> bool:
        """Reveal the events time has brought since registration (not while stopped)."""
        if self.seconds_per_event is None or not parcel.tracking:
            return False
        due = int((time.time() - parcel.registered_at) // self.seconds_per_event)
        moved = False
        while parcel.timed_steps < due:
            parcel.timed_steps += 1
            at = parcel.registered_at + parcel.timed_steps * self.seconds_per_event
            moved = parcel.reveal(at) or moved
        return moved

    # --- the app ----------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._outages, self._envelope_errors])
        for path, operation in ((wire.REGISTER_PATH, self._register),
                                (wire.GETTRACKINFO_PATH, self._gettrackinfo),
                                (wire.STOPTRACK_PATH, self._stoptrack),
                                (wire.RETRACK_PATH, self._retrack),
                                (wire.DELETETRACK_PATH, self._deletetrack)):
            app.router.add_post(path, self._batch_endpoint(operation))
        return app

    @web.middleware
    async def _outages(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                       ) -> web.StreamResponse:
        if self._failures:
            status = self._failures.pop(0)
            if status == 200:
                return web.json_response(_failure(wire.ERROR_INTERNAL,
                                                  "Internal service error, please retry later."))
            return web.Response(status=status, text="Service Unavailable")
        return await handler(request)

    @web.middleware
    async def _envelope_errors(self, request: web.Request,
                               handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                               ) -> web.StreamResponse:
        try:
            return await handler(request)
        except ApiError as error:
            return web.json_response(_failure(error.code, error.message), status=error.status)

    def _batch_endpoint(self, operation: Callable[[dict[str, Any]], dict[str, Any] | None]
                        ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """Checks every call passes, then ``operation`` per item: an accepted item, or None
        after ``_reject`` recorded why not."""

        async def endpoint(request: web.Request) -> web.StreamResponse:
            self._authorize(request)
            if not self._admit():
                self.rate_limited += 1
                return web.Response(status=429, text="Too Many Requests")
            items = _items(await request.read())
            self.requests.append({"path": request.path, "body": items})
            self._rejected = []
            accepted = [result for item in items if (result := operation(item)) is not None]
            return web.json_response({"code": 0, "data": {"accepted": accepted,
                                                          "rejected": self._rejected}})

        return endpoint

    def _authorize(self, request: web.Request) -> None:
        if self.allowed_ips is not None and request.remote not in self.allowed_ips:
            raise ApiError(wire.ERROR_IP_NOT_ALLOWED, "IP address is not in whitelist.", 401)
        if request.headers.get(wire.TOKEN_HEADER) != self.api_key:
            raise ApiError(wire.ERROR_INVALID_KEY, "Access token is invalid.", 401)
        if self.account_disabled:
            raise ApiError(wire.ERROR_ACCOUNT_DISABLED, "Account is disabled.", 401)

    def _admit(self) -> bool:
        if self._rate_limit_next > 0:
            self._rate_limit_next -= 1
            return False
        if self.requests_per_second is None:
            return True
        now = time.monotonic()
        while self._arrivals and self._arrivals[0] <= now - 1.0:
            self._arrivals.popleft()
        if len(self._arrivals) >= self.requests_per_second:
            return False
        self._arrivals.append(now)
        return True

    def _reject(self, number: str, code: int, message: str) -> None:
        self._rejected.append({"number": number, "error": {"code": code, "message": message}})

    def _parcel(self, item: dict[str, Any]) -> SandboxParcel | None:
        number = item["number"]
        parcel = self.parcels.get(number.upper())
        carrier = item.get("carrier")
        if parcel is None or (carrier not in (None, 0) and carrier != parcel.carrier):
            self._reject(number, wire.ERROR_NOT_REGISTERED, f"The tracking number '{number}' "
                         "does not register, please register first.")
            return None
        self._catch_up(parcel)
        return parcel

    # --- operations -------------------------------------------------------------------------

    def _register(self, item: dict[str, Any]) -> dict[str, Any] | None:
        number = item["number"]
        if not _NUMBER.match(number):
            self._reject(number, wire.ERROR_INVALID_FORMAT, f"The format of '{number}' is invalid.")
            return None
        carrier = item.get("carrier")
        if carrier is not None and carrier not in CARRIERS:
            self._reject(number, wire.ERROR_BAD_CARRIER,
                         f"The carrier is value {carrier} is not correct.")
            return None
        key = number.upper()
        detected = carrier if carrier is not None else _detect(key)
        if detected is None:
            self._reject(number, wire.ERROR_CARRIER_NOT_DETECTED, "Carrier cannot be detected.")
            return None
        if key in self.parcels:
            self._reject(number, wire.ERROR_ALREADY_REGISTERED, f"The tracking number '{number}' "
                         "has been registered, don't need to repeat registration.")
            return None
        today = datetime.now(UTC).date().isoformat()
        if self.daily_limit is not None and self._registered_today.get(today, 0) >= self.daily_limit:
            self._reject(number, wire.ERROR_DAILY_LIMIT, "Exceeded daily request limit.")
            return None
        if self.quota_used >= self.quota:
            self._reject(number, wire.ERROR_QUOTA_EXHAUSTED, "Quota is not enough for use.")
            return None
        self.quota_used += 1
        self._registered_today[today] = self._registered_today.get(today, 0) + 1
        tag = str(item.get("tag") or "")
        self.parcels[key] = self._new_parcel(key, detected, tag)
        return {"origin": 1, "number": number, "carrier": detected, "email": None, "tag": tag,
                "lang": None}

    def _new_parcel(self, number: str, carrier: int, tag: str) -> SandboxParcel:
        digest = hashlib.sha256(f"{self.seed}:{number}".encode()).digest()
        rng = random.Random(digest)
        country = CARRIERS[carrier].country
        international = country != "US"
        journey = self._journeys.get(number, "international" if international else "standard")
        return SandboxParcel(number=number, carrier=carrier, journey=JOURNEYS[journey],
                             origin=rng.choice(_ORIGINS[country]),
                             destination=rng.choice(_DESTINATIONS), registered_at=time.time(),
                             tag=tag)

    def _gettrackinfo(self, item: dict[str, Any]) -> dict[str, Any] | None:
        parcel = self._parcel(item)
        if parcel is None:
            return None
        if not parcel.events:
            self._reject(item["number"], wire.ERROR_NO_INFO_YET,
                         "No tracking information at this time.")
            return None
        return {"number": parcel.number, "carrier": parcel.carrier, "param": None,
                "tag": parcel.tag, "track_info": self._track_info(parcel)}

    def _stoptrack(self, item: dict[str, Any]) -> dict[str, Any] | None:
        parcel = self._parcel(item)
        if parcel is None:
            return None
        if not parcel.tracking:
            self._reject(item["number"], wire.ERROR_STOP_NOT_TRACKING, "Stop tracking is not "
                         "allowed. You can only stop numbers that are being tracked.")
            return None
        parcel.tracking, parcel.stopped_at = False, time.time()
        self._schedule_push(parcel.number, "TRACKING_STOPPED")
        return {"number": parcel.number, "carrier": parcel.carrier}

    def _retrack(self, item: dict[str, Any]) -> dict[str, Any] | None:
        parcel = self._parcel(item)
        if parcel is None:
            return None
        if parcel.tracking:
            self._reject(item["number"], wire.ERROR_RETRACK_NOT_STOPPED, "Retrack is not "
                         "allowed. You can only retrack stopped number.")
            return None
        if parcel.retracked:
            self._reject(item["number"], wire.ERROR_RETRACK_ONCE, "Retrack is not allowed. "
                         "You can only retrack each number once.")
            return None
        # Time stands still while stopped: the journey resumes where it paused.
        parcel.registered_at += time.time() - (parcel.stopped_at or time.time())
        parcel.tracking, parcel.stopped_at, parcel.retracked = True, None, True
        return {"number": parcel.number, "carrier": parcel.carrier}

    def _deletetrack(self, item: dict[str, Any]) -> dict[str, Any] | None:
        parcel = self._parcel(item)
        if parcel is None:
            return None
        del self.parcels[parcel.number]
        self.deleted.append(parcel.number)
        return {"number": parcel.number, "carrier": parcel.carrier}

    # --- track_info -------------------------------------------------------------------------

    def _track_info(self, parcel: SandboxParcel) -> dict[str, Any]:
        carrier = CARRIERS[parcel.carrier]
        main, sub = parcel.status
        newest_first = [event.payload() for event in reversed(parcel.events)]
        now = datetime.now(UTC)
        first = parcel.events[0].time if parcel.events else now
        delivered = parcel.events[-1].time if main == "Delivered" else None
        transit_end = delivered or now
        return {
            "shipping_info": {"shipper_address": _address(parcel.origin),
                              "recipient_address": _address(parcel.destination)},
            "latest_status": {"status": main, "sub_status": sub, "sub_status_descr": None},
            "latest_event": newest_first[0] if newest_first else None,
            "time_metrics": {
                "days_after_order": (now - first).days,
                "days_of_transit": (transit_end - first).days,
                "days_of_transit_done": (transit_end - first).days if delivered else 0,
                "days_after_last_update": (now - parcel.events[-1].time).days
                if parcel.events else 0,
                "estimated_delivery_date": {"source": None, "from": None, "to": None},
            },
            "milestone": [self._milestone(parcel, stage) for stage in (
                "InfoReceived", "PickedUp", "Departure", "Arrival", "AvailableForPickup",
                "OutForDelivery", "Delivered", "Returning", "Returned")],
            "misc_info": {"risk_factor": 0, "service_type": "Ground", "weight_raw": None,
                          "weight_kg": None, "pieces": 1, "dimensions": None,
                          "customer_number": None, "reference_number": None,
                          "local_number": None, "local_provider": None, "local_key": 0},
            "tracking": {
                "providers_hash": _hash(parcel.number, carrier.key),
                "providers": [{
                    "provider": {"key": carrier.key, "name": carrier.name, "alias": carrier.alias,
                                 "tel": None, "homepage": carrier.homepage,
                                 "country": carrier.country},
                    "provider_lang": None, "service_type": "Ground",
                    "latest_sync_status": "Success",
                    "latest_sync_time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "events_hash": _hash(parcel.number, len(parcel.events)),
                    "events": newest_first,
                }],
            },
        }

    @staticmethod
    def _milestone(parcel: SandboxParcel, stage: str) -> dict[str, Any]:
        event = next((e for e in parcel.events if _STAGES.get(e.sub_status) == stage), None)
        if event is None:
            return {"key_stage": stage, "time_iso": None, "time_utc": None,
                    "time_raw": {"date": None, "time": None, "timezone": None}}
        payload = event.payload()
        return {"key_stage": stage, "time_iso": payload["time_iso"],
                "time_utc": payload["time_utc"], "time_raw": payload["time_raw"]}


def _items(body: bytes) -> list[dict[str, Any]]:
    """The request's array of items, checked as 17TRACK checks it."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise ApiError(wire.ERROR_INVALID_DATA, "Submitted data is invalid.") from None
    if not isinstance(items, list) or not items or \
            not all(isinstance(item, dict) for item in items):
        raise ApiError(wire.ERROR_INVALID_DATA, "Submitted data is invalid.")
    if len(items) > wire.MAX_BATCH:
        raise ApiError(wire.ERROR_BATCH_TOO_LARGE, "Tracking numbers exceed 40 limit.")
    for item in items:
        if not isinstance(item.get("number"), str) or not item["number"]:
            raise ApiError(wire.ERROR_FIELD_REQUIRED, "The field of number is required.")
        if item.get("carrier") is not None and not isinstance(item["carrier"], int):
            raise ApiError(wire.ERROR_INVALID_VALUE, "The value of carrier is invalid.")
    return items


def _failure(code: int, message: str) -> dict[str, Any]:
    return {"code": code, "data": {"errors": [{"code": code, "message": message}]}}


def _hash(*parts: Any) -> int:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)

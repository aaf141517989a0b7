"""17TRACK Tracking API v2.2 wire formats: request bodies, the ``{code, data: {accepted,
rejected}}`` envelope and its error codes, ``track_info`` parsed to SDK objects, the status tables
mapping 17TRACK's main and sub-statuses to Sellergate's, and push notifications with their
``sign`` header.

Pure functions: no clock, no network; callers pass ``now`` where time matters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.connectors import (
    TrackingEventData,
    TrackingInfo,
    TrackingStatus,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamUnavailable,
)

__all__ = [
    "API_PREFIX",
    "CARRIER_KEYS",
    "DELETETRACK_PATH",
    "GETTRACKINFO_PATH",
    "LIMIT_CODES",
    "MAIN_STATUSES",
    "MAX_BATCH",
    "PUSH_TOPICS",
    "REGISTER_PATH",
    "REQUESTS_PER_SECOND",
    "RETRACK_PATH",
    "SIGN_HEADER",
    "STAGES",
    "STOPTRACK_PATH",
    "SUB_STATUSES",
    "TOKEN_HEADER",
    "BatchAnswer",
    "Rejection",
    "carrier_key",
    "error_for",
    "event_status",
    "normalized_status",
    "numbers_body",
    "parse_answer",
    "parse_push",
    "parse_track_item",
    "push_delivery_id",
    "register_body",
    "webhook_signature",
]

API_PREFIX = "/track/v2.2"
REGISTER_PATH = f"{API_PREFIX}/register"
GETTRACKINFO_PATH = f"{API_PREFIX}/gettrackinfo"
STOPTRACK_PATH = f"{API_PREFIX}/stoptrack"
RETRACK_PATH = f"{API_PREFIX}/retrack"
DELETETRACK_PATH = f"{API_PREFIX}/deletetrack"

TOKEN_HEADER = "17token"
SIGN_HEADER = "sign"
MAX_BATCH = 40                   # numbers per call, every batch endpoint
REQUESTS_PER_SECOND = 3          # per API key; HTTP 429 beyond

# --- error codes (the doc's table) ------------------------------------------------------------

ERROR_IP_NOT_ALLOWED = -18010001
ERROR_INVALID_KEY = -18010002
ERROR_INTERNAL = -18010003
ERROR_ACCOUNT_DISABLED = -18010004
ERROR_UNAUTHORIZED = -18010005
ERROR_FIELD_REQUIRED = -18010010
ERROR_INVALID_VALUE = -18010011
ERROR_INVALID_FORMAT = -18010012
ERROR_INVALID_DATA = -18010013
ERROR_BATCH_TOO_LARGE = -18010014
ERROR_ALREADY_REGISTERED = -18019901
ERROR_NOT_REGISTERED = -18019902
ERROR_CARRIER_NOT_DETECTED = -18019903
ERROR_RETRACK_NOT_STOPPED = -18019904
ERROR_RETRACK_ONCE = -18019905
ERROR_STOP_NOT_TRACKING = -18019906
ERROR_DAILY_LIMIT = -18019907
ERROR_QUOTA_EXHAUSTED = -18019908
ERROR_NO_INFO_YET = -18019909
ERROR_BAD_CARRIER = -18019910
ERROR_CARRIER_UNSUPPORTED = -18019911

_AUTH_CODES = frozenset({ERROR_IP_NOT_ALLOWED, ERROR_INVALID_KEY, ERROR_ACCOUNT_DISABLED,
                         ERROR_UNAUTHORIZED})
# Per-number rejections that are really account limits: the whole call must wait.
LIMIT_CODES = frozenset({ERROR_DAILY_LIMIT, ERROR_QUOTA_EXHAUSTED})
# 17TRACK names no Retry-After: one second empties its per-second window.
RATE_LIMIT_RETRY_SECONDS = 1.0
# An exhausted quota comes back only when someone adds quota: ask again hourly meanwhile.
QUOTA_RETRY_SECONDS = 3600.0

# --- statuses ---------------------------------------------------------------------------------

MAIN_STATUSES: dict[str, TrackingStatus] = {
    "NotFound": TrackingStatus.PENDING,
    "InfoReceived": TrackingStatus.INFO_RECEIVED,
    "InTransit": TrackingStatus.IN_TRANSIT,
    "Expired": TrackingStatus.EXPIRED,
    "AvailableForPickup": TrackingStatus.AVAILABLE_FOR_PICKUP,
    "OutForDelivery": TrackingStatus.OUT_FOR_DELIVERY,
    "DeliveryFailure": TrackingStatus.EXCEPTION,
    "Delivered": TrackingStatus.DELIVERED,
    "Exception": TrackingStatus.EXCEPTION,
}

SUB_STATUSES: dict[str, TrackingStatus] = {
    "NotFound_Other": TrackingStatus.PENDING,
    # The carrier says the number does not exist: someone must check it, not wait.
    "NotFound_InvalidCode": TrackingStatus.EXCEPTION,
    "InfoReceived": TrackingStatus.INFO_RECEIVED,
    "InTransit_PickedUp": TrackingStatus.IN_TRANSIT,
    "InTransit_Departure": TrackingStatus.IN_TRANSIT,
    "InTransit_Arrival": TrackingStatus.IN_TRANSIT,
    "InTransit_CustomsProcessing": TrackingStatus.IN_TRANSIT,
    "InTransit_CustomsReleased": TrackingStatus.IN_TRANSIT,
    # Customs holds the parcel until the sender or buyer answers: it needs someone to act.
    "InTransit_CustomsRequiringInformation": TrackingStatus.EXCEPTION,
    "InTransit_Other": TrackingStatus.IN_TRANSIT,
    "Expired_Other": TrackingStatus.EXPIRED,
    "AvailableForPickup_Other": TrackingStatus.AVAILABLE_FOR_PICKUP,
    "OutForDelivery_Other": TrackingStatus.OUT_FOR_DELIVERY,
    "DeliveryFailure_Other": TrackingStatus.EXCEPTION,
    "DeliveryFailure_NoBody": TrackingStatus.EXCEPTION,
    "DeliveryFailure_Security": TrackingStatus.EXCEPTION,
    "DeliveryFailure_Rejected": TrackingStatus.EXCEPTION,
    "DeliveryFailure_InvalidAddress": TrackingStatus.EXCEPTION,
    "Delivered_Other": TrackingStatus.DELIVERED,
    "Exception_Other": TrackingStatus.EXCEPTION,
    "Exception_Returning": TrackingStatus.EXCEPTION,
    "Exception_Returned": TrackingStatus.EXCEPTION,
    "Exception_NoBody": TrackingStatus.EXCEPTION,
    "Exception_Security": TrackingStatus.EXCEPTION,
    "Exception_Damage": TrackingStatus.EXCEPTION,
    "Exception_Rejected": TrackingStatus.EXCEPTION,
    "Exception_Delayed": TrackingStatus.EXCEPTION,
    "Exception_Lost": TrackingStatus.EXCEPTION,
    "Exception_Destroyed": TrackingStatus.EXCEPTION,
    "Exception_Cancel": TrackingStatus.EXCEPTION,
}

# Milestone key stages, for events that carry a stage but no sub-status.
STAGES: dict[str, TrackingStatus] = {
    "InfoReceived": TrackingStatus.INFO_RECEIVED,
    "PickedUp": TrackingStatus.IN_TRANSIT,
    "Departure": TrackingStatus.IN_TRANSIT,
    "Arrival": TrackingStatus.IN_TRANSIT,
    "AvailableForPickup": TrackingStatus.AVAILABLE_FOR_PICKUP,
    "OutForDelivery": TrackingStatus.OUT_FOR_DELIVERY,
    "Delivered": TrackingStatus.DELIVERED,
    "Returning": TrackingStatus.EXCEPTION,
    "Returned": TrackingStatus.EXCEPTION,
}

# --- carriers ---------------------------------------------------------------------------------

# Sellergate carrier names (letters and digits, lower case) to 17TRACK carrier keys. A carrier
# not listed is left out of the request and 17TRACK detects it from the number.
CARRIER_KEYS: dict[str, int] = {
    "dhl": 100001,
    "dhlexpress": 100001,
    "ups": 100002,
    "fedex": 100003,
    "usps": 21051,
    "chinapost": 3011,
    "chinaems": 3013,
    "royalmail": 1051,
    "deutschepost": 1011,
    "laposte": 1031,
}

_NOT_ALNUM = re.compile(r"[^a-z0-9]")

# --- pushes -----------------------------------------------------------------------------------

PUSH_TOPICS = {"TRACKING_UPDATED": "tracking/update", "TRACKING_STOPPED": "tracking/stopped"}


@dataclass(frozen=True, slots=True)
class Rejection:
    """One number a batch call refused, with 17TRACK's error code."""

    number: str
    code: int
    message: str


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """A batch call's ``data``: the accepted items as sent back, and the rejections."""

    accepted: list[dict[str, Any]]
    rejected: list[Rejection]

    def accepted_numbers(self) -> list[str]:
        return [str(item["number"]) for item in self.accepted if item.get("number")]


# --- requests ---------------------------------------------------------------------------------

def carrier_key(carrier: str) -> int | None:
    """The 17TRACK key for a carrier name (``"UPS"``, ``"China Post"``) or a numeric key given
    as text; None when unknown, to let 17TRACK detect the carrier."""
    text = carrier.strip()
    if text.isdigit():
        return int(text)
    return CARRIER_KEYS.get(_NOT_ALNUM.sub("", text.lower()))


def register_body(numbers: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The ``register`` body for (number, carrier) pairs; nothing else about the parcel is sent."""
    _check_batch(len(numbers))
    items: list[dict[str, Any]] = []
    for number, carrier in numbers:
        item: dict[str, Any] = {"number": number}
        key = carrier_key(carrier)
        if key is not None:
            item["carrier"] = key
        items.append(item)
    return items


def numbers_body(numbers: Sequence[str]) -> list[dict[str, Any]]:
    """The body of ``gettrackinfo``, ``stoptrack``, ``retrack`` and ``deletetrack``."""
    _check_batch(len(numbers))
    return [{"number": number} for number in numbers]


def _check_batch(size: int) -> None:
    if not 1 <= size <= MAX_BATCH:
        raise ValueError(f"a 17TRACK batch holds 1 to {MAX_BATCH} numbers, not {size}")


# --- answers ----------------------------------------------------------------------------------

def error_for(code: int, message: str, *, http_status: int = 200,
              now: datetime | None = None) -> UpstreamError:
    """The SDK error for an envelope ``code`` (or a failing HTTP status).

    ``now`` dates the end of a daily limit (-18019907), taken as the next UTC midnight.
    """
    text = f"17TRACK error {code}: {message} (HTTP {http_status})"
    if code in _AUTH_CODES or http_status in (401, 403):
        return UpstreamAuthError(text)
    if http_status == 429:
        return UpstreamRateLimited(text, retry_after=RATE_LIMIT_RETRY_SECONDS)
    if code == ERROR_DAILY_LIMIT:
        moment = now or datetime.now(UTC)
        midnight = (moment.astimezone(UTC) + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0)
        return UpstreamRateLimited(text, retry_after=(midnight - moment).total_seconds())
    if code == ERROR_QUOTA_EXHAUSTED:
        return UpstreamRateLimited(f"{text}; add quota in the 17TRACK dashboard",
                                   retry_after=QUOTA_RETRY_SECONDS)
    if code == ERROR_INTERNAL or http_status >= 500:
        return UpstreamUnavailable(text)
    return UpstreamBadResponse(text)


def parse_answer(body: Any, *, http_status: int = 200, now: datetime | None = None) -> BatchAnswer:
    """``data.accepted`` and ``data.rejected`` of an answer; raises the SDK error for a non-zero
    ``code`` (its reason from ``data.errors``) or a failing HTTP status."""
    if not isinstance(body, dict) or not isinstance(body.get("code"), int):
        if http_status != 200:
            raise error_for(-1, "answer without an envelope", http_status=http_status, now=now)
        raise UpstreamBadResponse("17TRACK answer is not a {code, data} envelope")
    data = body.get("data")
    if body["code"] != 0:
        raise error_for(body["code"], _reason(data, body), http_status=http_status, now=now)
    if http_status != 200:
        raise error_for(-1, "success envelope with a failing status", http_status=http_status,
                        now=now)
    if not isinstance(data, dict):
        raise UpstreamBadResponse("17TRACK envelope without a data object")
    accepted = data.get("accepted") or []
    rejected = data.get("rejected") or []
    if not isinstance(accepted, list) or not isinstance(rejected, list) or \
            not all(isinstance(item, dict) for item in [*accepted, *rejected]):
        raise UpstreamBadResponse("17TRACK accepted/rejected are not lists of objects")
    return BatchAnswer(accepted=accepted, rejected=[_rejection(item) for item in rejected])


def _reason(data: Any, body: Mapping[str, Any]) -> str:
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", ""))
    return str(body.get("message", ""))


def _rejection(item: Mapping[str, Any]) -> Rejection:
    error = item.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        raise UpstreamBadResponse("17TRACK rejection without an error code")
    return Rejection(number=str(item.get("number", "")), code=error["code"],
                     message=str(error.get("message", "")))


# --- tracking ---------------------------------------------------------------------------------

def normalized_status(status: Any, sub_status: Any) -> TrackingStatus:
    """Sellergate's status for a 17TRACK (main status, sub-status) pair: the sub-status decides,
    then the main status; a value 17TRACK adds later counts as pending until mapped."""
    if isinstance(sub_status, str) and sub_status in SUB_STATUSES:
        return SUB_STATUSES[sub_status]
    if isinstance(status, str) and status in MAIN_STATUSES:
        return MAIN_STATUSES[status]
    if isinstance(sub_status, str) and sub_status.split("_", 1)[0] in MAIN_STATUSES:
        return MAIN_STATUSES[sub_status.split("_", 1)[0]]
    return TrackingStatus.PENDING


def event_status(event: Mapping[str, Any]) -> TrackingStatus | None:
    """An event's own status (its sub-status, else its key stage); None when it has neither."""
    sub_status = event.get("sub_status")
    if isinstance(sub_status, str) and sub_status:
        return normalized_status(None, sub_status)
    stage = event.get("stage")
    if isinstance(stage, str) and stage in STAGES:
        return STAGES[stage]
    return None


def parse_track_item(item: Mapping[str, Any]) -> TrackingInfo:
    """A ``gettrackinfo`` accepted item (or a push's ``data``) as ``TrackingInfo``.

    Only the status and the carrier's events are read; ``shipping_info`` (the recipient's
    address), ``misc_info`` and ``time_metrics`` are left alone (minimization). Events of every
    provider (first and last mile) are merged, de-duplicated and sorted oldest first.
    """
    try:
        number = _required_str(item.get("number"))
        info = item.get("track_info") or {}
        if not isinstance(info, dict):
            raise ValueError("track_info is not an object")
        latest = info.get("latest_status") or {}
        status = normalized_status(latest.get("status"), latest.get("sub_status"))
        providers = (info.get("tracking") or {}).get("providers") or []
        events = _events(providers, latest_status=status)
        return TrackingInfo(tracking_number=number, carrier=_carrier(item, providers),
                            status=status, events=events)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse(f"malformed 17TRACK track_info: {exc!r}") from exc


def _carrier(item: Mapping[str, Any], providers: list[Any]) -> str:
    for provider in providers:
        name = (provider.get("provider") or {}).get("name")
        if isinstance(name, str) and name:
            return name
    carrier = item.get("carrier")
    return str(carrier) if carrier not in (None, 0) else ""


def _events(providers: Iterable[Mapping[str, Any]], *,
            latest_status: TrackingStatus) -> list[TrackingEventData]:
    timed: list[tuple[datetime, Mapping[str, Any]]] = []
    for provider in providers:
        for event in provider.get("events") or []:
            moment = _event_time(event)
            if moment is not None:  # an event without a time cannot be placed in the history
                timed.append((moment, event))
    timed.sort(key=lambda entry: entry[0])
    events: list[TrackingEventData] = []
    seen: set[tuple[datetime, TrackingStatus]] = set()
    for index, (moment, event) in enumerate(timed):
        status = event_status(event)
        if status is None:
            # Without its own status the newest event takes the parcel's; older ones say only
            # that the carrier had the parcel.
            status = latest_status if index == len(timed) - 1 else TrackingStatus.IN_TRANSIT
        # First and last mile often report the same scan; one event per time and status is
        # also what Sellergate stores.
        if (moment, status) in seen:
            continue
        seen.add((moment, status))
        events.append(TrackingEventData(time=moment, status=status,
                                        description=str(event.get("description") or ""),
                                        location=_location(event)))
    return events


def _event_time(event: Mapping[str, Any]) -> datetime | None:
    for key in ("time_utc", "time_iso"):
        value = event.get(key)
        if isinstance(value, str) and value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)  # time_utc is UTC even without its "Z"
            return moment.astimezone(UTC)
    return None


def _location(event: Mapping[str, Any]) -> str:
    location = event.get("location")
    if isinstance(location, str) and location.strip():
        return location.strip()
    address = event.get("address") or {}
    parts = [address.get(key) for key in ("city", "state", "country")]
    return ", ".join(p for p in parts if isinstance(p, str) and p)


# --- pushes -----------------------------------------------------------------------------------

def webhook_signature(body: bytes, key: str) -> str:
    """The ``sign`` header: lowercase hex SHA-256 (a plain hash, not an HMAC) of the raw body,
    ``/`` and the account's security key."""
    return hashlib.sha256(body + b"/" + key.encode()).hexdigest()


def push_delivery_id(body: bytes) -> str:
    """A push's delivery id. 17TRACK sends neither an id nor a timestamp, so the content is the
    identity: the same body twice is a replay, any change of tracking is a new delivery."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def parse_push(payload: Mapping[str, Any]) -> tuple[str, list[TrackingInfo]]:
    """``(topic, tracking)`` of a verified push; raises ValueError for an unknown event or a
    push without its number (or, for updates, without ``track_info``)."""
    event = payload.get("event")
    if not isinstance(event, str) or event not in PUSH_TOPICS:
        raise ValueError(f"unsupported push event {event!r}")
    data = payload.get("data")
    if not isinstance(data, dict):
        raise ValueError("push without a data object")
    _required_str(data.get("number"))
    if event == "TRACKING_STOPPED":
        return PUSH_TOPICS[event], []
    if not isinstance(data.get("track_info"), dict):
        raise ValueError("TRACKING_UPDATED push without track_info")
    try:
        return PUSH_TOPICS[event], [parse_track_item(data)]
    except UpstreamBadResponse as exc:
        raise ValueError(str(exc)) from exc


def _required_str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value

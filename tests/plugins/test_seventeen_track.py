"""The 17TRACK plugin against its sandbox over real loopback HTTP, and its wire formats on the
doc's samples and recorded payloads."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson
import pytest
from aiohttp import web

from gateway.connectors import (
    DataCategory,
    RetryPolicy,
    TrackingStatus,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamSession,
    UpstreamUnavailable,
    WebhookEvent,
    WebhookRejected,
)
from gateway.connectors.registry import PluginRegistry
from plugins.seventeen_track import wire
from plugins.seventeen_track.connector import (
    RequestPacer,
    SeventeenTrackConnector,
    SeventeenTrackSettings,
)
from plugins.seventeen_track.sandbox import Sandbox

# Recorded payloads: the doc's register and stop/delete samples as printed, and a gettrackinfo
# item in the doc's track_info shape (a China Post parcel handed to USPS for the last mile).
DOC_REGISTER = {"code": 0, "data": {
    "accepted": [{"origin": 1, "number": "RR123456789CN", "carrier": 3011, "email": None,
                  "tag": "MyOrderID", "lang": None}],
    "rejected": [{"number": "1234", "tag": "My-Order-Id",
                  "error": {"code": -18010012, "message": "The format of '1234' is invalid."}}],
}}
DOC_DELETE = {"code": 0, "data": {
    "accepted": [{"number": "RR123456789CN", "carrier": 3011}],
    "rejected": [{"number": "21213123123230", "error": {
        "code": -18019902,
        "message": "The tracking number '21213123123230' does not register, please register first."}}],
}}


def _address(country: str, state: str | None = None, city: str | None = None) -> dict[str, Any]:
    return {"country": country, "state": state, "city": city, "street": None,
            "postal_code": None, "coordinates": {"longitude": None, "latitude": None}}


DELIVERED_EVENT = {
    "time_iso": "2022-03-02T20:43:24-06:00", "time_utc": "2022-03-03T02:43:24Z",
    "time_raw": {"date": "2022-03-02", "time": "20:43:24", "timezone": "-06:00"},
    "description": "Delivered, In/At Mailbox", "location": "CHICAGO, IL 60614",
    "stage": "Delivered", "sub_status": "Delivered_Other", "address": _address("US", "IL", "CHICAGO"),
}
DOC_TRACK_ITEM: dict[str, Any] = {
    "number": "RR123456789CN", "carrier": 3011, "param": None, "tag": "MyOrderID",
    "track_info": {
        "shipping_info": {"shipper_address": _address("CN", "GD", "Shenzhen"),
                          "recipient_address": {**_address("US", "IL", "Chicago"),
                                                "street": "1 Buyer Street", "postal_code": "60614"}},
        "latest_status": {"status": "Delivered", "sub_status": "Delivered_Other",
                          "sub_status_descr": None},
        "latest_event": DELIVERED_EVENT,
        "time_metrics": {"days_after_order": 12, "days_of_transit": 11, "days_of_transit_done": 11,
                         "days_after_last_update": 1,
                         "estimated_delivery_date": {"source": None, "from": None, "to": None}},
        "milestone": [{"key_stage": "Delivered", "time_iso": "2022-03-02T20:43:24-06:00",
                       "time_utc": "2022-03-03T02:43:24Z",
                       "time_raw": {"date": "2022-03-02", "time": "20:43:24", "timezone": "-06:00"}}],
        "misc_info": {"risk_factor": 0, "service_type": "Standard", "weight_raw": "0.2",
                      "weight_kg": 0.2, "pieces": 1, "dimensions": None, "customer_number": None,
                      "reference_number": None, "local_number": "9400100000000000000000",
                      "local_provider": "USPS", "local_key": 21051},
        "tracking": {"providers_hash": 1897037379, "providers": [
            {"provider": {"key": 21051, "name": "USPS", "alias": "USPS", "tel": None,
                          "homepage": "https://www.usps.com/", "country": "US"},
             "provider_lang": None, "service_type": "First-Class Package International Service",
             "latest_sync_status": "Success", "latest_sync_time": "2022-03-04T03:55:54Z",
             "events_hash": -1739683906, "events": [
                 DELIVERED_EVENT,
                 {"time_iso": "2022-03-02T08:10:00-06:00", "time_utc": "2022-03-02T14:10:00Z",
                  "time_raw": {"date": "2022-03-02", "time": "08:10:00", "timezone": "-06:00"},
                  "description": "Out for Delivery", "location": "CHICAGO, IL 60614",
                  "stage": "OutForDelivery", "sub_status": "OutForDelivery_Other",
                  "address": _address("US", "IL", "CHICAGO")},
                 # Customs, as USPS reports it: no key stage, only the sub-status.
                 {"time_iso": "2022-02-27T05:00:00-05:00", "time_utc": "2022-02-27T10:00:00Z",
                  "time_raw": {"date": "2022-02-27", "time": "05:00:00", "timezone": "-05:00"},
                  "description": "Processed Through Customs", "location": "",
                  "stage": None, "sub_status": "InTransit_CustomsReleased",
                  "address": _address("US", "NY", "JAMAICA")},
             ]},
            {"provider": {"key": 3011, "name": "China Post", "alias": "China Post", "tel": "11183",
                          "homepage": "http://www.chinapost.com.cn/", "country": "CN"},
             "provider_lang": None, "service_type": None, "latest_sync_status": "Success",
             "latest_sync_time": "2022-03-04T03:55:50Z", "events_hash": 12345, "events": [
                 # The same scan as USPS's customs event, reported by the first mile too.
                 {"time_iso": "2022-02-27T05:00:00-05:00", "time_utc": "2022-02-27T10:00:00Z",
                  "time_raw": {"date": "2022-02-27", "time": "05:00:00", "timezone": "-05:00"},
                  "description": "Processed Through Customs", "location": "JAMAICA, NY",
                  "stage": None, "sub_status": "InTransit_CustomsReleased",
                  "address": _address("US", "NY", "JAMAICA")},
                 {"time_iso": "2022-02-20T14:03:00+08:00", "time_utc": "2022-02-20T06:03:00Z",
                  "time_raw": "2022-02-20 14:03", "description": "Posting/Collection",
                  "location": "Shenzhen", "stage": "PickedUp", "sub_status": "InTransit_PickedUp",
                  "address": _address("CN", "GD", "Shenzhen")},
                 {"time_iso": "2022-02-19T09:00:00+08:00", "time_utc": None,
                  "time_raw": {"date": "2022-02-19", "time": "09:00:00", "timezone": "+08:00"},
                  "description": "Electronic information received", "location": "",
                  "stage": "InfoReceived", "sub_status": "InfoReceived",
                  "address": _address("CN", "GD", "Shenzhen")},
             ]},
        ]},
    },
}
# The doc's documented sub-statuses (30) and main statuses (9) with Sellergate's status for each.
DOCUMENTED_SUB_STATUSES = {
    "NotFound_Other": "pending", "NotFound_InvalidCode": "exception",
    "InfoReceived": "info_received",
    "InTransit_PickedUp": "in_transit", "InTransit_Departure": "in_transit",
    "InTransit_Arrival": "in_transit", "InTransit_CustomsProcessing": "in_transit",
    "InTransit_CustomsReleased": "in_transit",
    "InTransit_CustomsRequiringInformation": "exception", "InTransit_Other": "in_transit",
    "Expired_Other": "expired", "AvailableForPickup_Other": "available_for_pickup",
    "OutForDelivery_Other": "out_for_delivery",
    "DeliveryFailure_Other": "exception", "DeliveryFailure_NoBody": "exception",
    "DeliveryFailure_Security": "exception", "DeliveryFailure_Rejected": "exception",
    "DeliveryFailure_InvalidAddress": "exception",
    "Delivered_Other": "delivered",
    "Exception_Other": "exception", "Exception_Returning": "exception",
    "Exception_Returned": "exception", "Exception_NoBody": "exception",
    "Exception_Security": "exception", "Exception_Damage": "exception",
    "Exception_Rejected": "exception", "Exception_Delayed": "exception",
    "Exception_Lost": "exception", "Exception_Destroyed": "exception",
    "Exception_Cancel": "exception",
}
DOCUMENTED_MAIN_STATUSES = {
    "NotFound": "pending", "InfoReceived": "info_received", "InTransit": "in_transit",
    "Expired": "expired", "AvailableForPickup": "available_for_pickup",
    "OutForDelivery": "out_for_delivery", "DeliveryFailure": "exception",
    "Delivered": "delivered", "Exception": "exception",
}


def ups_number(n: int) -> str:
    return f"1Z999AA1{n:010d}"


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
async def session() -> AsyncIterator[UpstreamSession]:
    # Short backoffs keep outage tests fast; 429 waits stay the documented one second.
    upstream = UpstreamSession(timeout=5.0, policy=RetryPolicy(base_delay=0.01,
                                                               max_rate_limit_wait=2.0))
    yield upstream
    await upstream.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    server = Sandbox(seconds_per_event=None)
    await server.start()
    yield server
    await server.stop()


def connector_for(sandbox: Sandbox, session: UpstreamSession,
                  **settings: str) -> SeventeenTrackConnector:
    return SeventeenTrackConnector(base_url=sandbox.base_url,
                                   settings={**sandbox.connector_settings(), **settings},
                                   session=session)


@pytest.fixture
def connector(sandbox: Sandbox, session: UpstreamSession) -> SeventeenTrackConnector:
    return connector_for(sandbox, session)


async def raw_call(sandbox: Sandbox, path: str, body: Any, token: str | None = None
                   ) -> tuple[int, Any]:
    headers = {wire.TOKEN_HEADER: sandbox.api_key if token is None else token,
               "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as client, \
            client.post(f"{sandbox.base_url}{path}", data=orjson.dumps(body),
                        headers=headers) as response:
        return response.status, orjson.loads(await response.read())


# --- discovery and settings -------------------------------------------------------------------

def test_the_plugin_and_its_sandbox_are_installed_under_their_entry_points() -> None:
    from stevedore import ExtensionManager

    registry = PluginRegistry.discover()
    assert registry.classes["trackers"]["seventeen_track"] is SeventeenTrackConnector
    info = next(i for i in registry.infos if i.name == "seventeen_track")
    assert info.kind == "trackers" and set(info.data_categories) == {"shipment", "tracking"}
    sandboxes = ExtensionManager("sellergate.sandboxes")
    assert sandboxes["seventeen_track"].plugin is Sandbox


def test_the_plugin_declares_only_shipment_and_tracking_data() -> None:
    assert SeventeenTrackConnector.data_categories == {DataCategory.SHIPMENT,
                                                       DataCategory.TRACKING}
    assert SeventeenTrackConnector.max_batch == 40


def test_an_unknown_setting_is_refused_with_the_likely_fix() -> None:
    with pytest.raises(ValueError, match="did you mean 'api_key'"):
        SeventeenTrackSettings.from_mapping({"api_kye": "x"})
    with pytest.raises(ValueError, match="SELLERGATE_PLUGIN_SEVENTEEN_TRACK_API_KEY"):
        SeventeenTrackSettings.from_mapping({})
    with pytest.raises(ValueError, match="requests_per_second"):
        SeventeenTrackSettings.from_mapping({"api_key": "k", "requests_per_second": "0"})
    defaults = SeventeenTrackSettings.from_mapping({"api_key": "k"})
    assert defaults.webhook_key == "k" and defaults.requests_per_second == 3


# --- auth -------------------------------------------------------------------------------------

async def test_every_call_carries_the_17token_and_a_wrong_key_is_refused(
        sandbox: Sandbox, session: UpstreamSession, connector: SeventeenTrackConnector) -> None:
    assert await connector.register([(ups_number(1), "UPS")]) == [ups_number(1)]
    wrong = connector_for(sandbox, session, api_key="not-the-key")
    with pytest.raises(UpstreamAuthError, match="-18010002"):
        await wrong.register([(ups_number(2), "UPS")])
    assert ups_number(2) not in sandbox.parcels
    status, body = await raw_call(sandbox, wire.GETTRACKINFO_PATH, [{"number": ups_number(1)}],
                                  token="")
    assert status == 401 and body["code"] == wire.ERROR_INVALID_KEY


async def test_a_disabled_account_or_an_address_off_the_allow_list_is_an_auth_error(
        session: UpstreamSession) -> None:
    sandbox = Sandbox(seconds_per_event=None, allowed_ips=["10.9.9.9"])
    await sandbox.start()
    try:
        with pytest.raises(UpstreamAuthError, match="-18010001"):
            await connector_for(sandbox, session).track([ups_number(1)])
        sandbox.allowed_ips = None
        sandbox.disable_account()
        with pytest.raises(UpstreamAuthError, match="-18010004"):
            await connector_for(sandbox, session).track([ups_number(1)])
    finally:
        await sandbox.stop()


# --- register ---------------------------------------------------------------------------------

async def test_more_than_40_numbers_are_registered_in_paced_batches_of_40(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    numbers = [(ups_number(n), "UPS") for n in range(90)]
    started = time.monotonic()
    accepted = await connector.register(numbers)
    infos = await connector.track([n for n, _ in numbers])   # no events yet: nothing to say
    elapsed = time.monotonic() - started
    assert accepted == [n for n, _ in numbers]
    assert infos == []
    assert [len(r["body"]) for r in sandbox.requests] == [40, 40, 10, 40, 40, 10]
    assert all(item["carrier"] == 100002 for r in sandbox.requests[:3] for item in r["body"])
    assert len(sandbox.parcels) == 90 and sandbox.quota_used == 90
    # Six calls at three a second: paced, never refused.
    assert sandbox.rate_limited == 0 and elapsed >= 1.0


async def test_the_sandbox_refuses_a_batch_over_40_as_17track_does(sandbox: Sandbox) -> None:
    status, body = await raw_call(sandbox, wire.REGISTER_PATH,
                                  [{"number": ups_number(n)} for n in range(41)])
    assert status == 200 and body["code"] == wire.ERROR_BATCH_TOO_LARGE
    with pytest.raises(UpstreamBadResponse, match="-18010014"):
        wire.parse_answer(body)
    with pytest.raises(ValueError, match="1 to 40"):
        wire.numbers_body([ups_number(n) for n in range(41)])
    status, body = await raw_call(sandbox, wire.REGISTER_PATH, {"number": ups_number(1)})
    assert body["code"] == wire.ERROR_INVALID_DATA
    assert sandbox.parcels == {}


async def test_numbers_already_registered_count_as_registered_and_cost_no_quota(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    await connector.register([(ups_number(1), "UPS")])
    again = await connector.register([(ups_number(1), "UPS"), (ups_number(2), "UPS")])
    assert again == [ups_number(1), ups_number(2)]
    assert sandbox.quota_used == 2
    assert sandbox.requests[-1]["path"] == wire.REGISTER_PATH


async def test_numbers_17track_cannot_take_are_left_out(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    accepted = await connector.register([("BAD#NUMBER", "UPS"), ("ZZ12345", "Acme Couriers"),
                                         ("RR123456789CN", "China Post"), ("9400100000000000000000", "")])
    # "ZZ12345" matches no carrier's format and "Acme Couriers" has no 17TRACK key: -18019903.
    assert accepted == ["RR123456789CN", "9400100000000000000000"]
    assert sandbox.parcels["RR123456789CN"].carrier == 3011
    assert sandbox.parcels["9400100000000000000000"].carrier == 21051   # detected
    assert "carrier" not in sandbox.requests[0]["body"][3]


async def test_a_refused_carrier_code_is_registered_again_with_detection(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    assert await connector.register([(ups_number(7), "999999")]) == [ups_number(7)]
    first, second = (r["body"] for r in sandbox.requests)
    assert first == [{"number": ups_number(7), "carrier": 999999}]
    assert second == [{"number": ups_number(7)}]
    assert sandbox.parcels[ups_number(7)].carrier == 100002


async def test_an_exhausted_quota_or_daily_limit_is_rate_limiting_with_a_retry_after(
        session: UpstreamSession) -> None:
    sandbox = Sandbox(seconds_per_event=None, quota=3, requests_per_second=None)
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        with pytest.raises(UpstreamRateLimited, match="-18019908") as caught:
            await connector.register([(ups_number(n), "UPS") for n in range(5)])
        assert caught.value.retry_after == wire.QUOTA_RETRY_SECONDS
        assert len(sandbox.parcels) == 3
        sandbox.quota = 10
        # The job's retry finds the first three registered already and adds the rest.
        assert len(await connector.register([(ups_number(n), "UPS") for n in range(5)])) == 5
        sandbox.daily_limit = 5
        with pytest.raises(UpstreamRateLimited, match="-18019907") as caught:
            await connector.register([(ups_number(9), "UPS")])
        assert 0 < caught.value.retry_after <= 86400
    finally:
        await sandbox.stop()


# --- gettrackinfo -----------------------------------------------------------------------------

async def test_tracking_events_appear_as_the_parcel_moves_on_demand(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    number = ups_number(3)
    await connector.register([(number, "UPS")])
    assert await connector.track([number]) == []          # -18019909: no information yet
    sandbox.advance(number, steps=2)
    (info,) = await connector.track([number])
    assert info.tracking_number == number and info.carrier == "UPS"
    assert [e.status for e in info.events] == [TrackingStatus.INFO_RECEIVED,
                                               TrackingStatus.IN_TRANSIT]
    assert info.status == TrackingStatus.IN_TRANSIT
    assert info.events[0].description == "Shipping label created, awaiting item"
    assert info.events[0].location and info.events[0].time.tzinfo is not None
    sandbox.advance(number, steps=10)
    (info,) = await connector.track([number])
    assert info.status == TrackingStatus.DELIVERED and len(info.events) == 6
    assert info.events[-2].status == TrackingStatus.OUT_FOR_DELIVERY
    assert [e.time for e in info.events] == sorted(e.time for e in info.events)


async def test_parcels_move_with_time_too(session: UpstreamSession) -> None:
    sandbox = Sandbox(seconds_per_event=0.2)
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        await connector.register([("RR000000001CN", "China Post")])
        await asyncio.sleep(0.5)
        (info,) = await connector.track(["RR000000001CN"])
        assert len(info.events) >= 2 and info.carrier == "China Post"
    finally:
        await sandbox.stop()


async def test_scripted_journeys_end_in_pickup_or_exception(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    sandbox.script(ups_number(4), "failed_delivery")
    sandbox.script(ups_number(5), "pickup")
    await connector.register([(ups_number(4), "UPS"), (ups_number(5), "UPS")])
    sandbox.advance(steps=4)
    infos = {i.tracking_number: i for i in await connector.track([ups_number(4), ups_number(5)])}
    assert infos[ups_number(4)].status == TrackingStatus.EXCEPTION
    assert infos[ups_number(5)].status == TrackingStatus.AVAILABLE_FOR_PICKUP


async def test_numbers_never_registered_are_absent_from_the_answer(
        connector: SeventeenTrackConnector) -> None:
    assert await connector.track([ups_number(99)]) == []


def test_the_doc_shaped_track_item_parses_to_sellergate_tracking_info() -> None:
    info = wire.parse_track_item(DOC_TRACK_ITEM)
    assert info.tracking_number == "RR123456789CN"
    assert info.carrier == "USPS"                    # the first provider, by name
    assert info.status == TrackingStatus.DELIVERED
    assert [(e.time.isoformat(), e.status.value, e.location) for e in info.events] == [
        ("2022-02-19T01:00:00+00:00", "info_received", "Shenzhen, GD, CN"),   # from time_iso
        ("2022-02-20T06:03:00+00:00", "in_transit", "Shenzhen"),
        ("2022-02-27T10:00:00+00:00", "in_transit", "JAMAICA, NY, US"),   # once, not twice
        ("2022-03-02T14:10:00+00:00", "out_for_delivery", "CHICAGO, IL 60614"),
        ("2022-03-03T02:43:24+00:00", "delivered", "CHICAGO, IL 60614"),
    ]
    assert info.events[-1].description == "Delivered, In/At Mailbox"
    # Minimization: nothing of the recipient's address reaches Sellergate.
    assert "1 Buyer Street" not in repr(info)


def test_the_doc_register_and_delete_samples_parse_to_accepted_and_rejected() -> None:
    register = wire.parse_answer(DOC_REGISTER)
    assert register.accepted_numbers() == ["RR123456789CN"]
    assert register.rejected == [wire.Rejection("1234", -18010012,
                                                 "The format of '1234' is invalid.")]
    delete = wire.parse_answer(DOC_DELETE)
    assert delete.accepted_numbers() == ["RR123456789CN"]
    assert delete.rejected[0].code == wire.ERROR_NOT_REGISTERED


def test_a_sandbox_track_info_is_the_doc_shape(sandbox: Sandbox) -> None:
    sandbox.parcels["RR123456789CN"] = sandbox._new_parcel("RR123456789CN", 3011, "")
    sandbox.advance("RR123456789CN", steps=4)
    info = sandbox.track_info("RR123456789CN")
    assert set(info) == set(DOC_TRACK_ITEM["track_info"])
    event = info["tracking"]["providers"][0]["events"][0]
    assert set(event) == set(DELIVERED_EVENT)
    assert info["latest_status"] == {"status": "InTransit",
                                     "sub_status": "InTransit_CustomsProcessing",
                                     "sub_status_descr": None}
    parsed = wire.parse_track_item({"number": "RR123456789CN", "carrier": 3011,
                                    "track_info": info})
    assert parsed.status == TrackingStatus.IN_TRANSIT and len(parsed.events) == 4


def test_a_malformed_track_item_is_a_bad_response() -> None:
    with pytest.raises(UpstreamBadResponse):
        wire.parse_track_item({"number": "", "track_info": {}})
    with pytest.raises(UpstreamBadResponse):
        wire.parse_track_item({"number": "RR1", "track_info": {"tracking": {"providers": [1]}}})
    with pytest.raises(UpstreamBadResponse):
        wire.parse_answer({"code": 0, "data": {"accepted": "nope"}})
    with pytest.raises(UpstreamBadResponse):
        wire.parse_answer(["not", "an", "envelope"])


# --- statuses ---------------------------------------------------------------------------------

def test_every_documented_status_and_sub_status_is_in_the_tables() -> None:
    assert set(wire.SUB_STATUSES) == set(DOCUMENTED_SUB_STATUSES)
    assert set(wire.MAIN_STATUSES) == set(DOCUMENTED_MAIN_STATUSES)


@pytest.mark.parametrize(("sub_status", "sellergate"), sorted(DOCUMENTED_SUB_STATUSES.items()))
def test_sub_statuses_map_to_sellergate_statuses(sub_status: str, sellergate: str) -> None:
    main = sub_status.split("_", 1)[0]
    assert wire.normalized_status(main, sub_status) == TrackingStatus(sellergate)
    assert wire.event_status({"sub_status": sub_status}) == TrackingStatus(sellergate)


@pytest.mark.parametrize(("main", "sellergate"), sorted(DOCUMENTED_MAIN_STATUSES.items()))
def test_main_statuses_decide_when_the_sub_status_is_missing_or_new(main: str,
                                                                     sellergate: str) -> None:
    assert wire.normalized_status(main, None) == TrackingStatus(sellergate)
    assert wire.normalized_status(main, f"{main}_SomethingAddedLater") == TrackingStatus(sellergate)


def test_events_without_a_sub_status_use_their_stage_or_the_parcels_status() -> None:
    assert wire.event_status({"stage": "Returning", "sub_status": ""}) == TrackingStatus.EXCEPTION
    assert wire.event_status({"stage": None}) is None
    assert wire.normalized_status("SomethingNew", None) == TrackingStatus.PENDING
    item = {"number": "RR1", "track_info": {
        "latest_status": {"status": "AvailableForPickup", "sub_status": "AvailableForPickup_Other"},
        "tracking": {"providers": [{"events": [
            {"time_utc": "2024-01-02T00:00:00Z", "description": "at the counter"},
            {"time_utc": "2024-01-01T00:00:00Z", "description": "scan"},
            {"description": "no time at all"},
        ]}]}}}
    info = wire.parse_track_item(item)
    assert [(e.description, e.status) for e in info.events] == [
        ("scan", TrackingStatus.IN_TRANSIT), ("at the counter", TrackingStatus.AVAILABLE_FOR_PICKUP)]


def test_carrier_names_map_to_17track_keys_and_unknown_ones_are_left_to_detection() -> None:
    assert wire.carrier_key("UPS") == 100002
    assert wire.carrier_key(" FedEx ") == 100003
    assert wire.carrier_key("China Post") == 3011
    assert wire.carrier_key("usps") == 21051
    assert wire.carrier_key("21051") == 21051
    assert wire.carrier_key("Acme Couriers") is None
    assert wire.register_body([("RR1X", "Acme Couriers")]) == [{"number": "RR1X"}]


# --- stop and delete --------------------------------------------------------------------------

async def test_stopped_numbers_stop_moving_and_stopping_twice_is_harmless(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    await connector.register([(ups_number(1), "UPS"), (ups_number(2), "UPS")])
    assert await connector.stop([ups_number(1), ups_number(8)]) == [ups_number(1)]
    assert await connector.stop([ups_number(1)]) == [ups_number(1)]     # -18019906
    assert sandbox.parcels[ups_number(1)].tracking is False
    assert sandbox.advance() == [ups_number(2)]
    sandbox.requests_per_second = None      # this raw call is not paced like the connector's
    status, body = await raw_call(sandbox, wire.RETRACK_PATH, [{"number": ups_number(2)},
                                                               {"number": ups_number(1)}])
    assert status == 200 and body["data"]["accepted"] == [{"number": ups_number(1),
                                                           "carrier": 100002}]
    assert body["data"]["rejected"][0]["error"]["code"] == wire.ERROR_RETRACK_NOT_STOPPED
    assert sandbox.parcels[ups_number(1)].tracking is True


async def test_deleted_numbers_are_gone_and_unknown_ones_count_as_deleted(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    numbers = [ups_number(n) for n in range(45)]
    await connector.register([(n, "UPS") for n in numbers])
    deleted = await connector.delete([*numbers, ups_number(77)])
    assert deleted == [*numbers, ups_number(77)]
    assert sandbox.parcels == {} and sandbox.deleted == numbers
    assert [len(r["body"]) for r in sandbox.requests if r["path"] == wire.DELETETRACK_PATH] == [40, 6]
    assert await connector.track(numbers[:3]) == []


# --- rate limits and outages ------------------------------------------------------------------

async def test_rate_limited_calls_are_retried_after_the_window(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    sandbox.rate_limit_next(1)
    assert await connector.register([(ups_number(1), "UPS")]) == [ups_number(1)]
    assert sandbox.rate_limited == 1


async def test_lasting_rate_limiting_is_left_to_the_job_with_a_retry_after(
        sandbox: Sandbox) -> None:
    session = UpstreamSession(timeout=5.0, policy=RetryPolicy(attempts=2, base_delay=0.01))
    try:
        sandbox.rate_limit_next(5)
        with pytest.raises(UpstreamRateLimited) as caught:
            await connector_for(sandbox, session).register([(ups_number(1), "UPS")])
        assert caught.value.retry_after == 1.0 and sandbox.rate_limited == 2
    finally:
        await session.close()


async def test_the_sandbox_answers_429_beyond_three_calls_a_second(sandbox: Sandbox) -> None:
    async def call(client: aiohttp.ClientSession) -> int:
        async with client.post(f"{sandbox.base_url}{wire.GETTRACKINFO_PATH}",
                               data=b'[{"number":"RR12345"}]',
                               headers={wire.TOKEN_HEADER: sandbox.api_key}) as response:
            return response.status

    async with aiohttp.ClientSession() as client:
        statuses = await asyncio.gather(*(call(client) for _ in range(5)))
    assert sorted(statuses) == [200, 200, 200, 429, 429]
    assert sandbox.rate_limited == 2


async def test_the_pacer_counts_a_period_from_each_calls_completion() -> None:
    pacer = RequestPacer(3, 1.0)
    assert [pacer.reserve()[1] for _ in range(3)] == [0.0, 0.0, 0.0]
    assert 0.98 < pacer.reserve()[1] <= 1.0          # the fourth call waits for the window
    slow = RequestPacer(1, 0.3)
    async with slow.slot():
        await asyncio.sleep(0.2)                      # a slow answer ...
    started = time.monotonic()
    async with slow.slot():
        pass
    # ... starts the window when it came back: 0.3 s from then, not 0.1 s from the send.
    assert time.monotonic() - started >= 0.28


async def test_server_errors_are_retried_and_a_lasting_outage_is_unavailable(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    sandbox.fail_next(2, status=503)
    assert await connector.register([(ups_number(1), "UPS")]) == [ups_number(1)]
    sandbox.fail_next(10, status=503)
    with pytest.raises(UpstreamUnavailable):
        await connector.track([ups_number(1)])
    sandbox._failures.clear()
    sandbox.fail_next(1, status=200)          # HTTP 200, envelope -18010003
    with pytest.raises(UpstreamUnavailable, match="-18010003"):
        await connector.track([ups_number(1)])


@pytest.mark.parametrize(("code", "status", "error"), [
    (wire.ERROR_IP_NOT_ALLOWED, 401, UpstreamAuthError),
    (wire.ERROR_INVALID_KEY, 401, UpstreamAuthError),
    (wire.ERROR_ACCOUNT_DISABLED, 401, UpstreamAuthError),
    (wire.ERROR_UNAUTHORIZED, 200, UpstreamAuthError),
    (-1, 403, UpstreamAuthError),
    (-1, 429, UpstreamRateLimited),
    (wire.ERROR_DAILY_LIMIT, 200, UpstreamRateLimited),
    (wire.ERROR_QUOTA_EXHAUSTED, 200, UpstreamRateLimited),
    (wire.ERROR_INTERNAL, 200, UpstreamUnavailable),
    (-1, 503, UpstreamUnavailable),
    (wire.ERROR_INVALID_DATA, 200, UpstreamBadResponse),
    (wire.ERROR_BATCH_TOO_LARGE, 200, UpstreamBadResponse),
    (-1, 404, UpstreamBadResponse),
])
def test_error_codes_map_to_sdk_errors(code: int, status: int, error: type[Exception]) -> None:
    assert type(wire.error_for(code, "m", http_status=status)) is error


def test_a_daily_limit_waits_until_the_next_utc_midnight() -> None:
    now = datetime(2025, 6, 1, 22, 30, tzinfo=UTC)
    limited = wire.error_for(wire.ERROR_DAILY_LIMIT, "Exceeded daily request limit.", now=now)
    assert isinstance(limited, UpstreamRateLimited) and limited.retry_after == 5400


# --- pushes -----------------------------------------------------------------------------------

def test_the_push_signature_matches_the_documented_vector() -> None:
    body = (b'{"event":"TRACKING_STOPPED","data":{"number":"RR123456789CN","carrier":3011,'
            b'"param":null,"tag":""}}')
    assert wire.webhook_signature(body, "testkey") == \
        "09a6892ced4bc219d51d9c2beadf7504c577d16bc98e60ea4ce63b20e8ca86e6"


async def test_a_signed_push_is_accepted_with_its_tracking(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    await connector.register([(ups_number(1), "UPS")])
    sandbox.advance(ups_number(1), steps=3)
    headers, body = sandbox.signed_push(ups_number(1))
    event = connector.verify_webhook(headers, body)
    assert event.topic == "tracking/update" and event.shop == ""
    (info,) = event.tracking
    assert info.tracking_number == ups_number(1) and len(info.events) == 3
    stopped = connector.verify_webhook(*sandbox.signed_push(ups_number(1), "TRACKING_STOPPED"))
    assert stopped.topic == "tracking/stopped" and stopped.tracking == []


async def test_forged_pushes_are_rejected(sandbox: Sandbox,
                                          connector: SeventeenTrackConnector) -> None:
    await connector.register([(ups_number(1), "UPS")])
    sandbox.advance(ups_number(1))
    headers, body = sandbox.signed_push(ups_number(1))
    tampered = body.replace(b"Shipping label created", b"Delivered, front door!!")
    right = wire.webhook_signature(tampered, sandbox.security_key)
    off_by_one = right[:-1] + ("1" if right.endswith("0") else "0")  # one hex digit wrong
    for forged_headers, forged_body in (
            (headers, tampered),                                            # body changed
            ({"sign": ""}, body),                                           # no signature
            ({}, body),
            ({"sign": wire.webhook_signature(body, "someone-elses-key")}, body),
            ({"sign": off_by_one}, tampered)):
        with pytest.raises(WebhookRejected, match="signature"):
            connector.verify_webhook(forged_headers, forged_body)
    # The header name and hex case are not significant.
    assert connector.verify_webhook({"SIGN": headers["sign"].upper()}, body).tracking


def test_signed_but_malformed_pushes_are_rejected(connector: SeventeenTrackConnector) -> None:
    key = connector.options.webhook_key
    for body in (b"not json", b"[1]", b'{"event":"SOMETHING_ELSE","data":{"number":"RR1"}}',
                 b'{"event":"TRACKING_UPDATED","data":{"number":"RR1"}}',
                 b'{"event":"TRACKING_STOPPED","data":{}}'):
        with pytest.raises(WebhookRejected):
            connector.verify_webhook({"sign": wire.webhook_signature(body, key)}, body)


async def test_a_replayed_push_has_the_same_delivery_id_and_a_new_one_a_new_id(
        sandbox: Sandbox, connector: SeventeenTrackConnector) -> None:
    await connector.register([(ups_number(1), "UPS")])
    sandbox.advance(ups_number(1))
    first = connector.verify_webhook(*sandbox.signed_push(ups_number(1)))
    replay = connector.verify_webhook(*sandbox.signed_push(ups_number(1)))
    sandbox.advance(ups_number(1))
    moved = connector.verify_webhook(*sandbox.signed_push(ups_number(1)))
    assert first.delivery_id == replay.delivery_id != moved.delivery_id


async def test_a_separate_webhook_key_signs_pushes_when_configured(
        session: UpstreamSession) -> None:
    sandbox = Sandbox(seconds_per_event=None, security_key="push-secret")
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        assert connector.options.webhook_key == "push-secret"
        await connector.register([(ups_number(1), "UPS")])
        sandbox.advance(ups_number(1))
        assert connector.verify_webhook(*sandbox.signed_push(ups_number(1))).tracking
    finally:
        await sandbox.stop()


async def test_the_sandbox_pushes_new_events_and_stops_to_the_webhook_url(
        session: UpstreamSession) -> None:
    received: list[WebhookEvent] = []
    verifier: dict[str, SeventeenTrackConnector] = {}

    async def webhook(request: web.Request) -> web.Response:
        try:
            received.append(verifier["c"].verify_webhook(request.headers, await request.read()))
        except WebhookRejected:
            return web.Response(status=401)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/webhooks/seventeen_track", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    sandbox = Sandbox(seconds_per_event=None,
                      webhook_url=f"http://127.0.0.1:{port}/webhooks/seventeen_track")
    await sandbox.start()
    try:
        verifier["c"] = connector = connector_for(sandbox, session)
        await connector.register([(ups_number(1), "UPS")])
        sandbox.advance(ups_number(1), steps=2)
        await connector.stop([ups_number(1)])
        await sandbox.drain_pushes()
        assert [d.status for d in sandbox.deliveries] == [200, 200]
        assert [e.topic for e in received] == ["tracking/update", "tracking/stopped"]
        assert len(received[0].tracking[0].events) == 2
    finally:
        await sandbox.stop()
        await runner.cleanup()

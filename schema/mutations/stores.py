"""connectStore, buyer-data authorization, syncStore, addShipment."""

from __future__ import annotations

from typing import cast

import strawberry

from gateway.services import connections, sync, tracking
from schema.ids import parse_id
from schema.types import Job, Shipment, Store

__all__ = ["StoreMutations"]


@strawberry.type(description="Send the seller to this URL to authorize Sellergate on the store.")
class ConnectStorePayload:
    authorization_url: str


@strawberry.type
class StoreMutations:
    @strawberry.mutation(description="Start connecting a store on a marketplace (OAuth).")
    async def connect_store(self, info: strawberry.Info, platform: str,
                            shop: str) -> ConnectStorePayload:
        url = await connections.start_connection(info.context.settings, info.context.principal,
                                                 platform, shop)
        return ConnectStorePayload(authorization_url=url)

    @strawberry.mutation(description="Allow importing buyers' name, contact and address.")
    async def grant_buyer_data_authorization(self, info: strawberry.Info,
                                             store_id: strawberry.ID) -> Store:
        row = await connections.set_buyer_data_authorization(
            info.context.principal, parse_id(store_id, "storeId"), True)
        return Store.from_model(row)

    @strawberry.mutation(description="Stop importing buyer data and purge what was imported.")
    async def revoke_buyer_data_authorization(self, info: strawberry.Info,
                                              store_id: strawberry.ID) -> Store:
        row = await connections.set_buyer_data_authorization(
            info.context.principal, parse_id(store_id, "storeId"), False)
        return Store.from_model(row)

    @strawberry.mutation(description="Import the store's new and changed orders; see job progress.")
    async def sync_store(self, info: strawberry.Info, store_id: strawberry.ID) -> Job:
        row = await sync.start_sync(info.context.principal, parse_id(store_id, "storeId"))
        return Job.from_model(row)

    @strawberry.mutation(description="Add a parcel to an order; it is tracked from now on.")
    async def add_shipment(self, info: strawberry.Info, order_id: strawberry.ID, carrier: str,
                           tracking_number: str) -> Shipment:
        row = await tracking.add_shipment(info.context.principal, parse_id(order_id, "orderId"),
                                          carrier, tracking_number)
        return cast(Shipment, row)  # served from its row (``schema.types``)

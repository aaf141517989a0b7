"""Query root: thin resolvers over the services."""

from __future__ import annotations

from typing import cast

import strawberry

from gateway.services import accounts, jobs, orders, shipments, stores
from schema.ids import parse_id
from schema.inputs import OrderFilter
from schema.types import (
    Account,
    Job,
    Order,
    OrderConnection,
    OrderEdge,
    PageInfo,
    Shipment,
    ShipmentConnection,
    ShipmentEdge,
    Store,
)

__all__ = ["Query"]



@strawberry.type
class Query:
    @strawberry.field(description="The logged-in account.")
    async def me(self, info: strawberry.Info) -> Account:
        principal = info.context.principal
        row, personal = await accounts.get_account(principal)
        return Account.from_model(row, principal.region, personal)

    @strawberry.field(description="The seller's connected stores.")
    async def stores(self, info: strawberry.Info) -> list[Store]:
        rows = await stores.list_stores(info.context.principal)
        return [Store.from_model(r) for r in rows]

    @strawberry.field(description="The seller's orders, newest first.")
    async def orders(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None,
        filter: OrderFilter | None = None,
    ) -> OrderConnection:
        where = orders.OrderFilter()
        if filter is not None:
            where = orders.OrderFilter(
                store_id=parse_id(filter.store_id, "storeId") if filter.store_id else None,
                status=filter.status, placed_from=filter.placed_from, placed_to=filter.placed_to,
            )
        page = await orders.list_orders(info.context.principal, first=first, after=after,
                                        where=where,
                                        fields=info.context.loaders.columns.get("Order"))
        edges = [OrderEdge(node=cast(Order, o), _page=page, _index=i)
                 for i, o in enumerate(page.items)]
        return OrderConnection(edges=edges, page_info=PageInfo.of(page))

    @strawberry.field
    async def order(self, info: strawberry.Info, id: strawberry.ID) -> Order:
        row = await orders.get_order(info.context.principal, parse_id(id))
        return cast(Order, row)  # served from its row (``schema.types``)

    @strawberry.field(description="The seller's shipments, newest first.")
    async def shipments(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None,
        order_id: strawberry.ID | None = None,
    ) -> ShipmentConnection:
        page = await shipments.list_shipments(
            info.context.principal, first=first, after=after,
            order_id=parse_id(order_id, "orderId") if order_id else None,
        )
        edges = [ShipmentEdge(node=cast(Shipment, s), _page=page, _index=i)
                 for i, s in enumerate(page.items)]
        return ShipmentConnection(edges=edges, page_info=PageInfo.of(page))

    @strawberry.field
    async def shipment(self, info: strawberry.Info, id: strawberry.ID) -> Shipment:
        row = await shipments.get_shipment(info.context.principal, parse_id(id))
        return cast(Shipment, row)

    @strawberry.field(description="A background job of the seller, with its progress.")
    async def job(self, info: strawberry.Info, id: strawberry.ID) -> Job:
        row = await jobs.get_job(info.context.principal, parse_id(id))
        return Job.from_model(row)

"""Input types shared by queries and mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from schema.types import OrderStatus

__all__ = ["OrderFilter", "SignUpInput", "StaffMemberInput"]


@strawberry.input(description="Narrow the orders list; all given conditions apply.")
class OrderFilter:
    store_id: strawberry.ID | None = None
    status: OrderStatus | None = None  # type: ignore[valid-type]
    placed_from: datetime | None = strawberry.field(default=None, description="inclusive")
    placed_to: datetime | None = strawberry.field(default=None, description="exclusive")


@strawberry.input
class SignUpInput:
    email: str
    password: str = strawberry.field(description="At least 10 characters.")
    name: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2, e.g. US or CN.")
    birth_date: date = strawberry.field(
        description="Under 14, the account waits for a parent's or guardian's consent.")
    guardian_email: str = strawberry.field(
        default="", description="Needed under 14: the code to confirm consent is sent there.")
    mobile: str = ""
    accepted_policy_version: str | None = strawberry.field(
        default=None, description="The policy version the user was shown and accepted.")


@strawberry.input
class StaffMemberInput:
    email: str
    password: str
    name: str
    permissions: list[str] = strawberry.field(
        description="Granted permissions, e.g. orders:read, orders:read_buyer_pii."
    )

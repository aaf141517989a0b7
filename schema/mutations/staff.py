"""addStaffMember."""

from __future__ import annotations

import strawberry

from gateway.services import staff
from schema.inputs import StaffMemberInput

__all__ = ["StaffMutations"]


@strawberry.type
class StaffMember:
    id: strawberry.ID
    account_id: strawberry.ID
    permissions: list[str]


@strawberry.type
class StaffMutations:
    @strawberry.mutation(description="Create a staff account with the given permissions.")
    async def add_staff_member(self, info: strawberry.Info, input: StaffMemberInput
                               ) -> StaffMember:
        row = await staff.add_staff_member(
            info.context.settings, info.context.principal, email=input.email,
            password=input.password, name=input.name, permissions=input.permissions,
        )
        return StaffMember(id=strawberry.ID(str(row.id)),
                           account_id=strawberry.ID(str(row.account_id)),  # type: ignore[attr-defined]
                           permissions=list(row.permissions))

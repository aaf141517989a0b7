"""Data-subject rights over GraphQL: requests, verification, progress, the admin queue, profile."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from gateway import models
from gateway.privacy import vault
from gateway.services import buyer_rights, jobs, privacy_requests, profile
from schema.ids import parse_id
from schema.types import Account, Job

__all__ = ["PrivacyMutations", "PrivacyQueries"]


@strawberry.type(description="A data-subject request and where it stands.")
class PrivacyRequest:
    id: strawberry.ID
    kind: str
    state: str = strawberry.field(description=(
        "received, identity_verification, in_progress, completed, refused or on_hold"))
    subject_id: strawberry.ID
    created_at: datetime
    verified_at: datetime | None
    due_at: datetime | None = strawberry.field(description="5 business days after verification")
    overdue: bool
    refusal_reason: str | None
    refusal_detail: str | None
    completed_at: datetime | None
    result: JSON | None
    _job_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The background job carrying out the request, with progress.")
    async def job(self, info: strawberry.Info) -> Job | None:
        if self._job_id is None:
            return None
        try:
            row = await jobs.get_job(info.context.principal, self._job_id)
        except Exception:
            return None
        return Job.from_model(row)

    @classmethod
    def from_model(cls, row: models.PrivacyRequest) -> PrivacyRequest:
        from datetime import UTC
        from datetime import datetime as dt

        open_ = row.state in ("in_progress", "on_hold")
        result: dict[str, Any] = {k: v for k, v in row.result.items() if not k.startswith("_")}
        return cls(
            id=strawberry.ID(str(row.id)), kind=row.kind, state=row.state,
            subject_id=strawberry.ID(str(row.subject_id)), created_at=row.created_at,
            verified_at=row.verified_at, due_at=row.due_at,
            overdue=bool(open_ and row.due_at and row.due_at < dt.now(UTC)),
            refusal_reason=row.refusal_reason or None, refusal_detail=row.refusal_detail or None,
            completed_at=row.completed_at, result=result or None,  # type: ignore[arg-type]
            _job_id=row.job_id)


@strawberry.input
class PrivacyRequestFilter:
    state: str | None = None
    kind: str | None = None
    overdue: bool | None = None


@strawberry.type
class LegalHold:
    id: strawberry.ID
    subject_id: strawberry.ID
    reason: str
    created_at: datetime


@strawberry.type
class PrivacyQueries:
    @strawberry.field(description="Your own data-subject requests, newest first.")
    async def my_privacy_requests(self, info: strawberry.Info) -> list[PrivacyRequest]:
        rows = await privacy_requests.my_requests(info.context.principal)
        return [PrivacyRequest.from_model(r) for r in rows]

    @strawberry.field(description="Admin queue of data-subject requests, soonest due first.")
    async def privacy_requests(self, info: strawberry.Info,
                               filter: PrivacyRequestFilter | None = None) -> list[PrivacyRequest]:
        where = privacy_requests.RequestFilter(
            state=filter.state, kind=filter.kind, overdue=filter.overdue) if filter else \
            privacy_requests.RequestFilter()
        rows = await privacy_requests.list_requests(info.context.principal, where)
        return [PrivacyRequest.from_model(r) for r in rows]


@strawberry.type
class PrivacyMutations:
    @strawberry.mutation(description=(
        "Ask to exercise a right over your data: access, rectification, deletion, "
        "account_cancellation, export, ccpa_know, ccpa_delete, ccpa_opt_out_of_sale. "
        "A code is emailed to you to confirm it is you."))
    async def request_privacy_action(self, info: strawberry.Info, kind: str,
                                     details: JSON | None = None) -> PrivacyRequest:
        row = await privacy_requests.request_action(
            info.context.settings, info.context.principal, kind,
            dict(details) if isinstance(details, dict) else None, ip=info.context.client_ip)
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description="Confirm a request with the emailed code.")
    async def verify_privacy_request(self, info: strawberry.Info, request_id: strawberry.ID,
                                     code: str) -> PrivacyRequest:
        row = await privacy_requests.verify(info.context.settings, info.context.principal,
                                            parse_id(request_id, "requestId"), code)
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description="Admin: go ahead with a request waiting for review.")
    async def approve_privacy_request(self, info: strawberry.Info,
                                      id: strawberry.ID) -> PrivacyRequest:
        row = await privacy_requests.approve(info.context.principal, parse_id(id))
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description=(
        "Admin: refuse with a reason from the policy's limitations (statutory_duty, "
        "national_security, public_interest, criminal_justice, abusive, vital_interests, "
        "others_rights, trade_secrets, legal_hold)."))
    async def refuse_privacy_request(self, info: strawberry.Info, id: strawberry.ID,
                                     reason: str, detail: str = "") -> PrivacyRequest:
        row = await privacy_requests.refuse(info.context.principal, parse_id(id), reason, detail)
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description="Admin: keep a subject's data from erasure until released.")
    async def place_legal_hold(self, info: strawberry.Info, subject_id: strawberry.ID,
                               reason: str) -> LegalHold:
        row = await privacy_requests.place_legal_hold(
            info.context.principal, parse_id(subject_id, "subjectId"), reason)
        return LegalHold(id=strawberry.ID(str(row.id)),
                         subject_id=strawberry.ID(str(row.subject_id)), reason=row.reason,
                         created_at=row.created_at)

    @strawberry.mutation(description="Admin: release a subject's legal holds.")
    async def release_legal_hold(self, info: strawberry.Info, subject_id: strawberry.ID) -> int:
        return await privacy_requests.release_legal_hold(
            info.context.principal, parse_id(subject_id, "subjectId"))

    @strawberry.mutation(description="Erase one of your buyers' personal data (shredded).")
    async def erase_buyer(self, info: strawberry.Info, buyer_id: strawberry.ID) -> PrivacyRequest:
        row = await buyer_rights.erase_buyer(info.context.principal,
                                             parse_id(buyer_id, "buyerId"))
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description="Export what you hold about a buyer (emailed as a link).")
    async def export_buyer(self, info: strawberry.Info, buyer_id: strawberry.ID) -> PrivacyRequest:
        row = await buyer_rights.export_buyer(info.context.principal,
                                              parse_id(buyer_id, "buyerId"))
        return PrivacyRequest.from_model(row)

    @strawberry.mutation(description="Edit your profile: nickname, mobile, country/region.")
    async def update_profile(self, info: strawberry.Info, nickname: str | None = None,
                             mobile: str | None = None, country: str | None = None) -> Account:
        principal = info.context.principal
        row = await profile.update_profile(principal, nickname=nickname, mobile=mobile,
                                           country=country)
        personal = (await vault.reveal_accounts(principal.region, [row]))[row.id]
        return Account.from_model(row, principal.region, personal)

    @strawberry.mutation(description="Change your login email: a code is sent to the new one.")
    async def change_email(self, info: strawberry.Info, new_email: str) -> bool:
        await profile.start_email_change(info.context.settings, info.context.principal,
                                         new_email)
        return True

    @strawberry.mutation(description="Confirm the new login email with its code.")
    async def confirm_email_change(self, info: strawberry.Info, code: str) -> Account:
        principal = info.context.principal
        row = await profile.confirm_email_change(info.context.settings, principal, code)
        personal = (await vault.reveal_accounts(principal.region, [row]))[row.id]
        return Account.from_model(row, principal.region, personal)

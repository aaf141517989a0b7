"""Consent, the privacy policy and promotions over GraphQL."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.privacy import consent, policy, promotions

__all__ = ["ConsentMutations", "ConsentQueries"]


@strawberry.type(description="A purpose that needs consent (or allows objection) and its state.")
class ConsentState:
    purpose: str
    granted: bool
    legal_basis: str
    description: str
    changed_at: datetime | None

    @classmethod
    def build(cls, state: consent.ConsentState) -> ConsentState:
        return cls(purpose=state.purpose, granted=state.granted, legal_basis=state.legal_basis,
                   description=state.description, changed_at=state.changed_at)


@strawberry.type(description="A published version of the privacy policy.")
class PolicyVersion:
    version: str
    published_at: datetime
    summary: str
    material: bool


@strawberry.type
class PromotionResult:
    sent: int
    skipped_without_consent: int
    failed: int


def _policy(row: object) -> PolicyVersion:
    return PolicyVersion(version=row.version, published_at=row.published_at,  # type: ignore[attr-defined]
                         summary=row.summary, material=row.material)  # type: ignore[attr-defined]


@strawberry.type
class ConsentQueries:
    @strawberry.field(description="Your consents and objections, purpose by purpose.")
    async def my_consents(self, info: strawberry.Info) -> list[ConsentState]:
        principal = info.context.principal
        states = await consent.current(principal.region, str(principal.require_account()))
        return [ConsentState.build(s) for s in states.values()]

    @strawberry.field(description="The privacy policy in force.")
    async def current_policy(self) -> PolicyVersion | None:
        row = await policy.current_policy()
        return _policy(row) if row else None


@strawberry.type
class ConsentMutations:
    @strawberry.mutation(description="Give consent to a purpose (effective on the next request).")
    async def grant_consent(self, info: strawberry.Info, purpose: str) -> ConsentState:
        ctx = info.context
        state = await consent.grant(ctx.principal, purpose, granted=True, source="api",
                                    ip=ctx.client_ip)
        return ConsentState.build(state)

    @strawberry.mutation(description="Withdraw consent, or object to a legitimate interest.")
    async def withdraw_consent(self, info: strawberry.Info, purpose: str) -> ConsentState:
        ctx = info.context
        state = await consent.grant(ctx.principal, purpose, granted=False, source="api",
                                    ip=ctx.client_ip)
        return ConsentState.build(state)

    @strawberry.mutation(description="Accept the current privacy policy.")
    async def accept_policy(self, info: strawberry.Info, version: str) -> bool:
        principal = info.context.principal
        accepted = await policy.accept(principal.region, principal.require_account(), version,
                                       ip=info.context.client_ip)
        return accepted is not None

    @strawberry.mutation(description="Privacy officers: publish a policy version (material "
                                     "changes ask everyone to accept again, and notify them).")
    async def publish_policy_version(self, info: strawberry.Info, version: str, summary: str,
                                     material: bool) -> PolicyVersion:
        row = await policy.publish(info.context.principal, version, summary, material)
        return _policy(row)

    @strawberry.mutation(description="Send a promotion to the sellers who consented to it.")
    async def send_promotion(self, info: strawberry.Info, subject: str, body: str,
                             purpose: str = "marketing_email") -> PromotionResult:
        result = await promotions.send_promotion(info.context.settings, info.context.principal,
                                                 purpose, subject, body)
        return PromotionResult(sent=result.sent,
                               skipped_without_consent=result.skipped_without_consent,
                               failed=result.failed)

"""signUp, logIn, refreshToken, logOut."""

from __future__ import annotations

import strawberry

from gateway.privacy import vault
from gateway.services import accounts, children
from schema.inputs import SignUpInput
from schema.types import Account

__all__ = ["AuthMutations", "AuthPayload"]


@strawberry.type(description="Tokens for a session: send the access token as a Bearer header.")
class AuthPayload:
    access_token: str
    refresh_token: str = strawberry.field(description="Single use: each refresh returns a new one.")
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    account: Account

    @classmethod
    def from_result(cls, result: accounts.AuthResult) -> AuthPayload:
        return cls(access_token=result.access_token, refresh_token=result.refresh_token,
                   expires_in=result.expires_in,
                   account=Account.from_model(result.account, result.region, result.personal))


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Create a seller account; its data is placed by country.")
    async def sign_up(self, info: strawberry.Info, input: SignUpInput) -> AuthPayload:
        result = await accounts.sign_up(
            info.context.settings, email=input.email, password=input.password, name=input.name,
            country=input.country, mobile=input.mobile, birth_date=input.birth_date,
            guardian_email=input.guardian_email, ip=info.context.client_ip,
            accepted_policy_version=input.accepted_policy_version,
        )
        return AuthPayload.from_result(result)

    @strawberry.mutation(description="Log in; repeated failures are throttled per account and IP.")
    async def log_in(self, info: strawberry.Info, email: str, password: str) -> AuthPayload:
        ctx = info.context
        result = await accounts.log_in(ctx.settings, ctx.throttle, email=email,
                                       password=password, ip=ctx.client_ip)
        return AuthPayload.from_result(result)

    @strawberry.mutation(description="Trade a refresh token for new tokens (rotation).")
    async def refresh_token(self, info: strawberry.Info, refresh_token: str) -> AuthPayload:
        result = await accounts.refresh(info.context.settings, refresh_token)
        return AuthPayload.from_result(result)

    @strawberry.mutation(description="Confirm a child account with the code sent to the guardian.")
    async def verify_guardian_consent(self, info: strawberry.Info, code: str) -> Account:
        principal = info.context.principal
        row = await children.verify_guardian_code(info.context.settings, principal, code)
        personal = (await vault.reveal_accounts(principal.region, [row]))[row.id]
        return Account.from_model(row, principal.region, personal)

    @strawberry.mutation(description="Send the guardian a new code.")
    async def resend_guardian_code(self, info: strawberry.Info) -> bool:
        await children.resend_guardian_code(info.context.principal)
        return True

    @strawberry.mutation(description="Revoke this session's refresh tokens.")
    async def log_out(self, refresh_token: str) -> bool:
        return await accounts.log_out(refresh_token)

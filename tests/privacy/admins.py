"""Admins and sellers for the audit, transfer, data-map and support-access tests."""

from __future__ import annotations

from typing import Any

from gateway.models import Role
from gateway.services.accounts import create_account
from tests.graphql_client import LOG_IN, gql, sign_up

ADMIN_PASSWORD = "admin-password-123"


async def admin(client: Any, settings: Any, role: Role, email: str) -> tuple[str, str]:
    """A logged-in admin of ``role``: (access token, account id)."""
    account = await create_account(settings, email=email, password=ADMIN_PASSWORD,
                                   name=f"{role.value} admin", country="US", role=role)
    login = await gql(client, LOG_IN, {"email": email, "password": ADMIN_PASSWORD})
    assert not login.errors, login.errors
    return login.data["logIn"]["accessToken"], str(account.id)


async def seller(client: Any, email: str, country: str = "US",
                 name: str = "Test Seller") -> tuple[str, str, str]:
    """A signed-up seller: (access token, account id, region)."""
    payload = await sign_up(client, email, country=country, name=name)
    return payload["accessToken"], payload["account"]["id"], payload["account"]["region"]

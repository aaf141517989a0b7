"""A small GraphQL client for tests: posts over HTTP and unpacks data and errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Result:
    status: int
    data: Any
    errors: list[dict[str, Any]]

    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
              token: str | None = None) -> Result:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=headers)
    body = response.json()
    return Result(response.status_code, body.get("data"), body.get("errors") or [])


SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) { accessToken refreshToken expiresIn account { id email region country } }
}"""
LOG_IN = """
mutation($email: String!, $password: String!) {
  logIn(email: $email, password: $password) { accessToken refreshToken account { id region } }
}"""


async def sign_up(client: httpx.AsyncClient, email: str, country: str = "US",
                  password: str = "correct-horse-battery", name: str = "Test Seller") -> dict[str, Any]:
    result = await gql(client, SIGN_UP, {"input": {"email": email, "password": password,
                                                    "name": name, "country": country,
                                                    "birthDate": "1990-05-17"}})
    assert not result.errors, result.errors
    return result.data["signUp"]

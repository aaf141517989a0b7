"""Security headers, CORS allow-list and scrubbed structured logs."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re

import httpx
import structlog

from gateway.app import create_app
from gateway.logging import configure_logging

EMAIL, PHONE, PASSWORD = "carol.buyer@example.com", "+1 555 010 7788", "hunter2-but-longer"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")


async def _get(settings, path: str, **headers: str) -> httpx.Response:
    application = create_app(settings, manage_db=False, in_process_workers=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application),
                                 base_url="http://sellergate.test") as c:
        return await c.get(path, headers=headers)


async def test_every_response_carries_the_security_headers(client, settings):
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in development


async def test_production_adds_strict_transport_security(settings):
    response = await _get(settings.model_copy(update={"env": "production"}), "/metrics")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


async def test_graphiql_loads_only_its_own_vendored_files(client, settings):
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    policy = dict(part.strip().split(" ", 1) for part in
                  page.headers["Content-Security-Policy"].split(";"))
    # No inline code: every script is a file this gateway serves itself (gateway/static).
    assert policy["script-src"] == "'self'"
    for body in re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"]
    for src in re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", page.text):
        assert "://" not in src and src.startswith("static/graphiql/"), src
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'"


async def test_cors_answers_only_the_allowed_origins(settings):
    allowed = settings.model_copy(update={"cors_origins": "https://app.example.com, https://m.example.com/"})
    ok = await _get(allowed, "/healthz", Origin="https://m.example.com")
    assert ok.headers["Access-Control-Allow-Origin"] == "https://m.example.com"
    other = await _get(allowed, "/healthz", Origin="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in other.headers


def _emitted(settings, production: bool) -> str:
    stream = io.StringIO()
    configure_logging(settings.model_copy(update={"env": "production" if production else "development"}),
                      stream=stream)
    try:
        structlog.get_logger("sellergate.test").info(
            f"sign-up from {EMAIL} with password={PASSWORD}", phone=PHONE, password=PASSWORD,
            token=JWT, headers={"authorization": f"Bearer {JWT}"}, client_ip="198.51.100.23",
            note=f"buyer called from {PHONE} about {EMAIL}", orders=3)
        logging.getLogger("tortoise.test").warning(
            "INSERT INTO account VALUES (%s, %s) -- %s", EMAIL, PHONE, JWT)
        logging.getLogger("gateway.test").warning("retrying with password: %s", PASSWORD)
        try:
            raise ValueError(f"cannot parse {JWT} for {EMAIL}")
        except ValueError:
            logging.getLogger("gateway.test").exception("failed for %s", EMAIL)
    finally:
        configure_logging(settings)
    return stream.getvalue()


def test_logs_never_carry_emails_phones_tokens_or_passwords(settings):
    for production in (True, False):
        output = _emitted(settings, production)
        for secret in (EMAIL, PHONE, PASSWORD, JWT, "198.51.100.23", "dozjgNryP4J3"):
            assert secret not in output, (secret, output)
        assert "[redacted]" in output and "orders" in output


def test_production_logs_are_one_json_object_per_line(settings):
    lines = _emitted(settings, True).strip().splitlines()
    events = [json.loads(line) for line in lines]
    assert {e["logger"] for e in events} >= {"sellergate.test", "tortoise.test"}
    assert events[0]["orders"] == 3 and events[0]["level"] == "info"

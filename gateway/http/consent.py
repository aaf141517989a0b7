"""Consent from outside GraphQL: one-click opt-out links (RFC 8058) and the cookie banner."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from gateway.errors import BadInput
from gateway.privacy import consent
from gateway.settings import Settings

__all__ = ["cookie_consent", "opt_out"]


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def opt_out(settings: Settings) -> Callable[[Request], object]:
    async def endpoint(request: Request) -> Response:
        token = request.query_params.get("token", "")
        try:
            region, subject, purpose = consent.read_opt_out_token(settings, token)
        except BadInput as exc:
            return HTMLResponse(f"<p>{escape(exc.message)}</p>", status_code=400)
        if request.method == "GET":
            # Mail scanners follow links: a GET only asks, the POST (button or one-click) acts.
            return HTMLResponse(
                f"<form method='post'><p>Stop receiving messages for {escape(purpose)}?</p>"
                "<button type='submit'>Unsubscribe</button></form>")
        await consent.record(region, subject, purpose, False, source="email_link",
                             ip=_ip(request))
        return HTMLResponse("<p>Done: you will not receive these messages any more.</p>")

    return endpoint


def cookie_consent(settings: Settings) -> Callable[[Request], object]:
    async def endpoint(request: Request) -> Response:
        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise ValueError
            records = await consent.record_cookie_consent(
                settings.region, str(data.get("cookieId", "")), dict(data.get("categories") or {}),
                ip=_ip(request))
        except ValueError:
            return JSONResponse({"error": "expected JSON {cookieId, categories}"},
                                status_code=400)
        except BadInput as exc:
            return JSONResponse({"error": exc.message, "code": exc.code}, status_code=400)
        return JSONResponse({"recorded": [r.purpose for r in records]})

    return endpoint

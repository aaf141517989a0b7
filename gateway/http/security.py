"""Security headers on every response, and the Content-Security-Policy of the GraphiQL page."""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["API_CSP", "SecurityHeadersMiddleware", "graphiql_csp"]

# JSON answers need nothing from a browser: no scripts, no framing, no forms.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_HSTS = "max-age=63072000; includeSubDomains"
_PERMISSIONS = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                "microphone=(), payment=(), usb=(), interest-cohort=()")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_SCRIPT_SRC = re.compile(r"<script[^>]*\ssrc=\"(https://[^\"]+)\"")
_STYLESHEET = re.compile(r"<link[^>]*\shref=\"(https://[^\"]+)\"")


def graphiql_csp(html: str) -> str:
    """A policy allowing the page's own files (vendored under /static), any CDN scripts and
    stylesheets it names, and its inline scripts.

    Inline scripts are allowed by hash, so an injected one still does not run. Styles allow
    'unsafe-inline' because GraphiQL's editor and doc explorer set style attributes at run time;
    a style cannot run code.
    """
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]
    scripts = sorted(set(_SCRIPT_SRC.findall(html)))
    styles = sorted(set(_STYLESHEET.findall(html)))
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(["'self'", *scripts, *hashes]),
        "style-src " + " ".join(["'self'", *styles, "'unsafe-inline'"]),
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response; a route's own Content-Security-Policy wins.

    :param production: also send Strict-Transport-Security (the service is behind TLS there;
        sent over plain HTTP in development it would pin browsers to HTTPS on localhost).
    """

    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app = app
        headers = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": _PERMISSIONS,
            "Content-Security-Policy": API_CSP,
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if production:
            headers["Strict-Transport-Security"] = _HSTS
        # (name, value, the name as a response's raw headers hold it)
        self.headers = tuple((name, value, name.lower().encode("latin-1"))
                             for name, value in headers.items())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                present = {name for name, _value in headers.raw}
                for name, value, raw_name in self.headers:
                    if raw_name not in present:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

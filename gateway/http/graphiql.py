"""The GraphiQL page at GET /graphql for admins: vendored assets, a sign-in helper, example tabs.

``SELLERGATE_GRAPHIQL`` decides how it is served: ``on``, ``admin`` or ``off`` (see ``graphiql_mode``).
Everything the page loads comes from ``gateway/static/graphiql``, so it works without internet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from gateway.auth.principal import ADMIN_ROLES
from gateway.http.security import graphiql_csp
from gateway.settings import Settings

__all__ = ["EXAMPLES", "STATIC_DIR", "Example", "GraphiQLPage", "graphiql_mode", "static_routes"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "graphiql"
# Relative to /graphql, so the page also works when the gateway is mounted under a prefix.
_STATIC_URL = "static/graphiql"
_VENDOR = ("vendor/react-18.2.0.production.min.js", "vendor/react-dom-18.2.0.production.min.js",
           "vendor/graphiql-3.8.3.min.js")
_VENDOR_CSS = "vendor/graphiql-3.8.3.min.css"
_OWN_JS, _OWN_CSS = "sellergate-graphiql.js", "sellergate-graphiql.css"


@dataclass(frozen=True)
class Example:
    """A saved tab: a query from ``examples/`` with the variables it opens with."""

    file: str
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> str:
        return (STATIC_DIR / "examples" / self.file).read_text(encoding="utf-8")


EXAMPLES: tuple[Example, ...] = (
    Example("privacy-request-queue.graphql",
            {"filter": {"state": None, "kind": None, "overdue": None}}),
    Example("incidents.graphql"),
    Example("audit-search.graphql",
            {"filter": {"subjectId": None, "actorId": None, "action": None, "category": None,
                        "from": None, "to": None}, "first": 20}),
    Example("data-map.graphql"),
)


def graphiql_mode(settings: Settings) -> str:
    """``on``: anyone may open the page; ``admin``: the page says it is for admins and its
    sign-in keeps only admin accounts; ``off``: GET /graphql for a browser answers 404.

    Unset, it is ``on`` in development and ``admin`` in production. The page holds no data:
    in every mode each query is checked against the caller's role by the API itself.
    """
    return settings.graphiql or ("admin" if settings.env == "production" else "on")


def _versioned(name: str) -> str:
    # A content hash in the URL lets browsers cache our own files until they change.
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{_STATIC_URL}/{name}?v={digest}"


def _json_for_html(value: object) -> str:
    # Inside <script type="application/json">, "<" must not open a tag ("</script>").
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ADMIN_NOTICE = ('<p class="sg-notice">For Sellergate admins: sign in with an admin account. '
                 "Every query is still checked against your role.</p>")

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Sellergate GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{vendor_css}">
<link rel="stylesheet" href="{own_css}">
<script type="application/json" id="sellergate-graphiql-config">{config}</script>
</head>
<body>
<header class="sg-bar">
<strong class="sg-title">Sellergate GraphiQL</strong>
{notice}
<form id="sg-sign-in" class="sg-sign-in" method="post" hidden>
<label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<span id="sg-session" class="sg-session" hidden>Signed in as <b id="sg-who"></b>
<button id="sg-sign-out" type="button">Sign out</button></span>
<span id="sg-status" class="sg-status" role="status" aria-live="polite"></span>
<button id="sg-reset-tabs" class="sg-reset-tabs" type="button"
 title="Close every tab and reopen the example queries">Reset tabs</button>
</header>
<main id="graphiql" class="sg-graphiql">Loading GraphiQL…</main>
{scripts}
</body>
</html>
"""


class GraphiQLPage:
    """The page, rendered once: it depends only on the settings and the files shipped."""

    def __init__(self, settings: Settings) -> None:
        self.mode = graphiql_mode(settings)
        self.enabled = self.mode != "off"
        self.html = self._render() if self.enabled else ""
        self.csp = graphiql_csp(self.html)

    def _render(self) -> str:
        config = {
            "mode": self.mode,
            "adminRoles": sorted(role.name for role in ADMIN_ROLES),
            "tabs": [{"query": e.query, "variables": json.dumps(e.variables, indent=2)}
                     for e in EXAMPLES],
        }
        scripts = [f"{_STATIC_URL}/{name}" for name in _VENDOR] + [_versioned(_OWN_JS)]
        return _PAGE.format(
            vendor_css=f"{_STATIC_URL}/{_VENDOR_CSS}", own_css=_versioned(_OWN_CSS),
            config=_json_for_html(config),
            notice=_ADMIN_NOTICE if self.mode == "admin" else "",
            scripts="\n".join(f'<script src="{src}"></script>' for src in scripts))

    def response(self) -> HTMLResponse:
        return HTMLResponse(self.html, headers={"Content-Security-Policy": self.csp,
                                                "Cache-Control": "no-cache"})


def static_routes(settings: Settings) -> list[BaseRoute]:
    """The page's files under /static/graphiql; none when GraphiQL is off."""
    if graphiql_mode(settings) == "off":
        return []
    return [Mount("/static/graphiql", app=StaticFiles(directory=STATIC_DIR), name="graphiql")]

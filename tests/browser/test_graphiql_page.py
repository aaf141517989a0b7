"""The GraphiQL page as served over HTTP: SELLERGATE_GRAPHIQL, vendored assets, example tabs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from graphql import parse, validate
from pydantic import ValidationError

from gateway.app import create_app
from gateway.http.graphiql import EXAMPLES, STATIC_DIR, GraphiQLPage, graphiql_mode
from gateway.settings import Settings
from schema.schema import build_schema
from tests.conftest import base_settings

HTML = {"Accept": "text/html"}


async def _client(settings: Settings) -> httpx.AsyncClient:
    application = create_app(settings, manage_db=False, in_process_workers=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=application),
                             base_url="http://sellergate.test")


def _assets(html: str) -> list[str]:
    return re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html) + \
        re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*\shref=\"([^\"]+)\"", html)


def test_graphiql_is_on_in_development_and_for_admins_in_production(tmp_path: Path):
    assert graphiql_mode(base_settings(tmp_path)) == "on"
    production = base_settings(tmp_path).model_copy(update={"env": "production"})
    assert graphiql_mode(production) == "admin"
    assert graphiql_mode(production.model_copy(update={"graphiql": "off"})) == "off"
    with pytest.raises(ValidationError, match="graphiql"):
        base_settings(tmp_path, graphiql="sometimes")


async def test_graphiql_off_answers_browsers_404_and_serves_no_assets(tmp_path: Path):
    async with await _client(base_settings(tmp_path, graphiql="off")) as client:
        page = await client.get("/graphql", headers=HTML)
        asset = await client.get("/static/graphiql/sellergate-graphiql.js")
        api = await client.post("/graphql", json={"query": "{ __typename }"})
    assert page.status_code == 404 and "GraphiQL" not in page.text
    assert asset.status_code == 404
    assert api.json() == {"data": {"__typename": "Query"}}


async def test_the_page_loads_only_files_this_gateway_ships(tmp_path: Path):
    async with await _client(base_settings(tmp_path)) as client:
        page = await client.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assets = _assets(page.text)
        assert len(assets) == 6  # react, react-dom, graphiql, ours; two stylesheets
        for url in assets:
            assert url.startswith("static/graphiql/"), url  # relative to /graphql: no CDN
            served = await client.get("/" + url)
            assert served.status_code == 200, url
            kind = "text/css" if url.split("?")[0].endswith(".css") else "text/javascript"
            assert served.headers["content-type"].startswith(kind), url
    policy = dict(part.strip().split(" ", 1) for part in
                  page.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert not re.findall(r"<script>", page.text)  # no inline code to allow


async def test_admin_mode_tells_who_the_page_is_for(tmp_path: Path):
    async with await _client(base_settings(tmp_path, graphiql="admin")) as client:
        page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200
    assert "For Sellergate admins" in page.text
    config = json.loads(re.search(r'id="sellergate-graphiql-config">(.*?)</script>',
                                  page.text).group(1))
    assert config["mode"] == "admin"
    assert config["adminRoles"] == ["PRIVACY_OFFICER", "SUPERADMIN", "SUPPORT"]


def test_every_example_tab_validates_against_the_schema(tmp_path: Path):
    schema = build_schema(base_settings(tmp_path))._schema
    for example in EXAMPLES:
        assert validate(schema, parse(example.query)) == [], example.file
    shipped = {p.name for p in (STATIC_DIR / "examples").glob("*.graphql")}
    assert shipped == {example.file for example in EXAMPLES}


def test_the_embedded_configuration_cannot_close_its_script_tag(tmp_path: Path, monkeypatch):
    import gateway.http.graphiql as graphiql

    hostile = graphiql.Example("privacy-request-queue.graphql", {"x": "</script><script>alert(1)"})
    monkeypatch.setattr(graphiql, "EXAMPLES", (hostile,))
    html = GraphiQLPage(base_settings(tmp_path)).html
    config = re.search(r'id="sellergate-graphiql-config">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in config
    assert "alert(1)" in json.loads(json.loads(config)["tabs"][0]["variables"])["x"]

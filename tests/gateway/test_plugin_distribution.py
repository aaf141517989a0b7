"""A plugin shipped in a distribution of its own is discovered and works."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import textwrap

from aiohttp import web

PLUGIN = '''
"""Acme pager: a third-party notifier plugin."""
from gateway.connectors import DataCategory, Notification, Notifier


class AcmePager(Notifier):
    name = "acme_pager"
    version = "2.3.4"
    channel = "pager"
    data_categories = frozenset({DataCategory.ACCOUNT_CONTACT})
    recipients = ("Acme Paging Inc.",)

    async def send(self, notification: Notification) -> str:
        response = await self.session.request(
            "POST", f"{self.base_url}/pages",
            json={"to": notification.recipient, "text": notification.subject})
        return response.json()["id"]
'''

USE = '''
import asyncio, sys
from gateway.connectors import Notification, UpstreamSession
from gateway.connectors.registry import PluginRegistry

async def main():
    registry = PluginRegistry.discover()
    session = UpstreamSession()
    pager = registry.create("notifiers", "acme_pager", session=session, base_url=sys.argv[1],
                            settings={})
    print(await pager.send(Notification(recipient="ops@example.com", subject="disk full",
                                        body="", purpose="service_operation")))
    await session.close()

asyncio.run(main())
'''


async def _run(*args: str, env: dict[str, str]) -> str:
    process = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output, errors = await process.communicate()
    assert process.returncode == 0, (output + errors).decode()
    return output.decode()


async def _install(tmp_path, *, name: str, version: str, package: str, source_code: str,
                   entry_points: str) -> dict[str, str]:
    """Build and install a distribution from a temporary folder; the env that sees it."""
    source = tmp_path / name
    (source / package).mkdir(parents=True)
    (source / package / "__init__.py").write_text(source_code)
    (source / "setup.cfg").write_text(textwrap.dedent(f"""
        [metadata]
        name = {name}
        version = {version}

        [options]
        packages = {package}

        [options.entry_points]
    """) + textwrap.dedent(entry_points))
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n')
    target = tmp_path / "site"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    await _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
               "--no-build-isolation", "--target", str(target), str(source), env=env)
    return {**env, "PYTHONPATH": str(target)}


async def test_a_separately_installed_plugin_is_discovered_and_works(tmp_path):
    env = await _install(tmp_path, name="acme-pager", version="2.3.4", package="acme_pager",
                         source_code=PLUGIN, entry_points="""
        sellergate.notifiers =
            acme_pager = acme_pager:AcmePager
    """)

    listing = json.loads(await _run(sys.executable, "-m", "gateway", "plugins", "--json",
                                    env=env))
    acme = next(p for p in listing["plugins"] if p["name"] == "acme_pager")
    assert acme["kind"] == "notifiers" and acme["version"] == "2.3.4"
    assert acme["data_categories"] == ["account_contact"]
    assert "acme-pager" in acme["distribution"]

    received: list[dict] = []

    async def pages(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response({"id": "page-42"})

    app = web.Application()
    app.router.add_post("/pages", pages)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        out = await _run(sys.executable, "-c", USE, f"http://127.0.0.1:{port}", env=env)
    finally:
        await runner.cleanup()
    assert out.strip().endswith("page-42")
    assert received == [{"to": "ops@example.com", "text": "disk full"}]


async def test_a_broken_plugin_is_reported_and_does_not_stop_the_others(tmp_path):
    env = await _install(tmp_path, name="broken-plugin", version="0.1", package="broken_plugin",
                         source_code="raise ImportError('missing SDK')\n", entry_points="""
        sellergate.trackers =
            broken = broken_plugin:Tracker
    """)
    listing = json.loads(await _run(sys.executable, "-m", "gateway", "plugins", "--json",
                                    env=env))
    assert "trackers/broken" in listing["failures"]
    assert any(p["name"] == "shopify" for p in listing["plugins"])

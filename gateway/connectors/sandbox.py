"""Running a plugin's sandbox (its upstream API, emulated) on loopback.

Each plugin's ``sandbox.py`` defines a ``Sandbox(SandboxServer)`` whose ``build_app`` returns the
aiohttp application speaking the upstream protocol over seeded data. Tests, the demo and plugin
authors start it the same way::

    sandbox = Sandbox(orders=120)
    base_url = await sandbox.start()          # http://127.0.0.1:<free port>
    connector = Connector(base_url=base_url, settings=sandbox.connector_settings(), session=...)
    ...
    await sandbox.stop()
"""

from __future__ import annotations

import abc

from aiohttp import web

__all__ = ["SandboxServer"]


class SandboxServer(abc.ABC):
    """An aiohttp app on 127.0.0.1 with a free (or given) port."""

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @abc.abstractmethod
    def build_app(self) -> web.Application:
        """The upstream API's routes over this sandbox's seeded state."""

    @abc.abstractmethod
    def connector_settings(self) -> dict[str, str]:
        """The plugin settings (client id, secrets ...) that this sandbox accepts."""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else port
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

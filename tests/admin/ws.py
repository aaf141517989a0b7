"""A graphql-transport-ws client for tests, over aiohttp's WebSocket client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

PROTOCOL = "graphql-transport-ws"


@dataclass
class Closed(Exception):
    code: int | None
    reason: str


@dataclass
class Socket:
    ws: aiohttp.ClientWebSocketResponse
    next_id: int = 0

    async def receive(self, within: float = 30.0) -> dict[str, Any]:
        message = await self.ws.receive(timeout=within)
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.CLOSING):
            raise Closed(self.ws.close_code, str(message.extra or ""))
        assert message.type == aiohttp.WSMsgType.TEXT, message  # the protocol is text frames
        return dict(json.loads(message.data))

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self.next_id += 1
        operation_id = str(self.next_id)
        await self.ws.send_json({"id": operation_id, "type": "subscribe",
                                 "payload": {"query": query, "variables": variables or {}}})
        return operation_id

    async def settled(self, seconds: float = 0.5) -> None:
        """Wait until the server handled every message sent so far (a ping is answered in
        order) and its operations had ``seconds`` to start."""
        await self.ws.send_json({"type": "ping"})
        while (await self.receive())["type"] != "pong":
            pass
        await asyncio.sleep(seconds)

    async def results(self, operation_id: str, *, within: float = 30.0
                      ) -> AsyncIterator[dict[str, Any]]:
        """The payloads of ``next`` messages of one operation, until its ``complete``."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            assert left > 0, "no complete message in time"
            message = await self.receive(within=left)
            if message.get("id") != operation_id:
                continue
            if message["type"] == "complete":
                return
            assert message["type"] in ("next", "error"), message
            yield message["payload"]


@asynccontextmanager
async def connect(base_url: str, payload: dict[str, Any] | None = None
                  ) -> AsyncIterator[Socket]:
    """Open /graphql, send ``connection_init`` with ``payload`` and wait for the ack."""
    url = base_url.replace("http://", "ws://", 1) + "/graphql"
    async with aiohttp.ClientSession() as session, \
            session.ws_connect(url, protocols=(PROTOCOL,)) as ws:
        assert ws.protocol == PROTOCOL
        socket = Socket(ws)
        await ws.send_json({"type": "connection_init", "payload": payload or {}})
        ack = await socket.receive(within=10)
        assert ack["type"] == "connection_ack", ack
        yield socket

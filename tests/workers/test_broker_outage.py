"""A broker outage delays jobs and loses none: the job row waits, the reaper sends it again."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from gateway.app import create_app
from gateway.db import conn
from gateway.models import Job, JobState
from gateway.services import jobs
from gateway.services.shipments import record_tracking_events
from tests.conftest import wait_until
from tests.workers.test_jobs import _delivered_now, _order_with_shipment, _summary_is


class CuttableProxy:
    """A TCP proxy to Redis that the test can cut and restore: a real outage on the wire."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.server: asyncio.Server | None = None
        self.port = 0
        self.links: set[asyncio.StreamWriter] = set()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.links |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.links:
            writer.close()
        self.links.clear()
        await self.server.wait_closed()


async def test_jobs_created_during_a_broker_outage_run_once_it_is_back(settings, redis_url):
    target = urlsplit(redis_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 6379)
    await proxy.start()
    proxied = f"redis://127.0.0.1:{proxy.port}{target.path or '/0'}"
    application = create_app(settings.model_copy(update={"broker_url": proxied}),
                             manage_db=False, in_process_workers=True)
    async with application.router.lifespan_context(application):
        await asyncio.to_thread(application.state.workers["workers"].broker.flush_all)
        order, shipment = await _order_with_shipment()
        await proxy.cut()  # the broker goes away
        job = await record_tracking_events("us", shipment.id, _delivered_now())
        assert job is not None  # the request that created it did not fail
        await asyncio.sleep(1)
        row = await Job.get(id=job.id).using_db(conn("us"))
        assert row.state == JobState.QUEUED
        assert not await _summary_is(order.id, "delivered")
        await proxy.start()  # the broker is back, same port

        async def reaper_pass_done_it() -> bool:
            # What the periodic reaper does: the first pass may meet a pooled connection that
            # died in the outage, a later one gets through.
            if await _summary_is(order.id, "delivered"):
                return True
            await jobs.reap_stalled(stall_seconds=0)
            await asyncio.sleep(1)
            return await _summary_is(order.id, "delivered")

        await wait_until(reaper_pass_done_it, within=90)
        assert (await Job.get(id=job.id).using_db(conn("us"))).state == JobState.SUCCEEDED
    await proxy.cut()

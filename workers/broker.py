"""The broker chosen from ``SELLERGATE_BROKER_URL``, the actors declared on it, and in-process workers."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field

import dramatiq
from dramatiq.brokers.stub import StubBroker

from gateway.services import jobs
from gateway.settings import Settings
from workers import actors
from workers.runtime import ServiceLoop

__all__ = ["QUEUE", "Workers", "make_broker", "ping_broker"]

log = logging.getLogger(__name__)
QUEUE = "sellergate"


def make_broker(settings: Settings, *, loop: asyncio.AbstractEventLoop | None = None
                ) -> dramatiq.Broker:
    """Build the broker for ``settings.broker_url``: redis://, amqp://, or empty for in-process."""
    url = settings.broker_url
    broker: dramatiq.Broker
    if not url:
        broker = StubBroker()
        broker.emit_after("process_boot")
    # Each broker's client library is imported when it is chosen (redis alone is a twentieth
    # of a second of every start).
    elif url.startswith(("redis://", "rediss://", "unix://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url)
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    else:
        raise ValueError(
            f"SELLERGATE_BROKER_URL={url!r} is not supported: use redis://, amqp:// or leave it "
            "empty for in-process workers"
        )
    broker.add_middleware(ServiceLoop(settings=settings, loop=loop))
    return broker


def ping_broker(broker: dramatiq.Broker) -> None:
    """Fail if the broker does not answer (health checks)."""
    if isinstance(broker, StubBroker):
        return
    from dramatiq.brokers.rabbitmq import RabbitmqBroker
    from dramatiq.brokers.redis import RedisBroker

    if isinstance(broker, RedisBroker):
        broker.client.ping()
    elif isinstance(broker, RabbitmqBroker):
        broker.channel  # noqa: B018 - opening the channel is the check


@dataclass
class Workers:
    """A broker with Sellergate's actors declared, and optionally worker threads in this process."""

    settings: Settings
    loop: asyncio.AbstractEventLoop | None = None
    threads: int = 2
    broker: dramatiq.Broker = field(init=False)
    _worker: dramatiq.Worker | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.broker = make_broker(self.settings, loop=self.loop)
        dramatiq.set_broker(self.broker)
        self.run_job = actors.declare(self.broker, self.settings)

    def send(self, region: str, job_id: uuid.UUID, *, delay: float = 0.0) -> None:
        if delay > 0:
            self.run_job.send_with_options(args=(region, str(job_id)), delay=int(delay * 1000))
        else:
            self.run_job.send(region, str(job_id))

    def install(self) -> None:
        """Make job creation in the service layer send messages through this broker."""
        jobs.set_dispatcher(self.send)

    def start(self) -> None:
        """Start worker threads in this process (embedded default, tests, ``sellergate worker``)."""
        self._worker = dramatiq.Worker(self.broker, worker_threads=self.threads, worker_timeout=100)
        self._worker.start()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop(timeout=10_000)
            self._worker = None
        jobs.set_dispatcher(None)
        self.broker.close()

    def join(self, timeout_ms: int = 30_000) -> None:
        """Wait until every queued message was processed (tests)."""
        self.broker.join(QUEUE, timeout=timeout_ms)
        if self._worker is not None:
            self._worker.join()

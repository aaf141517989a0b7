"""Where async actors run: the server's own event loop, or a loop thread of the worker process.

Tortoise connections belong to one event loop. Inside ``sellergate serve``/``demo`` (and tests)
actors run on the loop that already holds them; a ``sellergate worker`` process starts a loop
thread and opens the connections there.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any

import dramatiq
from dramatiq.asyncio import EventLoopThread, get_event_loop_thread, set_event_loop_thread
from dramatiq.middleware import Middleware

from gateway.db import close_db, init_db
from gateway.settings import Settings

__all__ = ["ServiceLoop"]


class _LoopThread(EventLoopThread):
    """Dramatiq's EventLoopThread, closing a job's coroutine it could not schedule.

    An actor's coroutine exists before it reaches the loop. When the loop has stopped (the
    server or worker is shutting down), Dramatiq raises without closing it, and the collector
    later warns of a coroutine never awaited. Here it is closed first; the message fails as
    before, and is retried (the job's row is untouched).
    """

    def run_coroutine(self, coro: Any) -> Any:
        try:
            return super().run_coroutine(coro)
        except RuntimeError:
            if (inspect.iscoroutine(coro)
                    and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED):
                coro.close()
            raise


class _RunningLoop(_LoopThread):
    """An EventLoopThread façade over a loop that someone else runs."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.interrupt_check_ival = 0.1
        self.logger = logging.getLogger(__name__)
        self.loop = loop

    def start(self, *, timeout: float | None = None) -> None:  # the owner runs it
        return None

    def stop(self) -> None:
        return None

    def join(self, timeout: float | None = None) -> None:
        return None


class ServiceLoop(Middleware):
    """Dramatiq's AsyncIO middleware, able to share the server's loop and database connections.

    :param settings: used to open the database when the worker owns its loop.
    :param loop: a running loop to share (in-process workers); None to start one.
    """

    def __init__(self, *, settings: Settings, loop: asyncio.AbstractEventLoop | None = None):
        self.settings = settings
        self.loop = loop
        self.logger = logging.getLogger(__name__)
        self._owned: EventLoopThread | None = None

    def before_worker_boot(self, broker: dramatiq.Broker, worker: Any) -> None:
        if self.loop is not None:
            set_event_loop_thread(_RunningLoop(self.loop))
            return
        thread = _LoopThread(self.logger)
        thread.start(timeout=5.0)
        thread.run_coroutine(init_db(self.settings))
        self._owned = thread
        set_event_loop_thread(thread)

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: Any) -> None:
        thread = get_event_loop_thread()
        if self._owned is not None and thread is self._owned:
            thread.run_coroutine(close_db())
            thread.stop()
        set_event_loop_thread(None)
        self._owned = None

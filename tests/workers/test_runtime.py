"""Where actors' coroutines run: one the loop cannot take any more is closed, not left for the
collector to warn about; a job's own error still reaches Dramatiq."""

from __future__ import annotations

import asyncio
import inspect
import threading

import pytest

from workers.runtime import _RunningLoop


def test_a_job_coroutine_a_stopped_loop_cannot_run_is_closed():
    loop = asyncio.new_event_loop()  # not running: the server is shutting down
    ran: list[int] = []

    async def job() -> None:
        ran.append(1)

    coro = job()
    try:
        with pytest.raises(RuntimeError, match="not running"):
            _RunningLoop(loop).run_coroutine(coro)
    finally:
        loop.close()
    assert inspect.getcoroutinestate(coro) == inspect.CORO_CLOSED
    assert ran == []


def test_a_jobs_own_error_reaches_the_caller_on_a_running_loop():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def job(fail: bool) -> str:
        await asyncio.sleep(0)
        if fail:
            raise RuntimeError("the job failed")
        return "done"

    try:
        runner = _RunningLoop(loop)
        assert runner.run_coroutine(job(False)) == "done"
        with pytest.raises(RuntimeError, match="the job failed"):
            runner.run_coroutine(job(True))
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()

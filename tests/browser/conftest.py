"""Browser fixtures: the real ``sellergate demo`` on a loopback port, and headless Chromium.

Chromium is Debian's (``apt-get install chromium chromium-driver``; ``.ci/run`` installs it),
driven by Playwright without a browser download. ``SELLERGATE_TEST_CHROMIUM`` points elsewhere.
Under ``CI=true`` a missing browser fails the tests instead of skipping them. Screenshots go to
``$SELLERGATE_TEST_ARTIFACTS`` (default ``tests/artifacts``).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("SELLERGATE_TEST_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(os.environ.get("SELLERGATE_TEST_ARTIFACTS")
                 or Path(__file__).resolve().parents[1] / "artifacts")
ADMIN_EMAIL, SELLER_EMAIL, DEMO_PASSWORD = ("admin@demo.sellergate.test",
                                            "alice@demo.sellergate.test", "sellergate-demo")
# Short-lived access tokens, so that a test sees the page refresh its session.
ACCESS_TOKEN_TTL_SECONDS = 8


@dataclass
class Demo:
    url: str
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(tmp: Path, **env_overrides: str) -> tuple[subprocess.Popen[bytes], Demo]:
    """``sellergate demo`` as a new user runs it, on a free port; returns once it is healthy."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERGATE_")}
    env.update({"SELLERGATE_ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TOKEN_TTL_SECONDS),
                **env_overrides})
    log = tmp / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway", "demo", "--port", str(port),
             "--data-dir", str(tmp / "data")],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    demo = Demo(url=f"http://127.0.0.1:{port}", port=port, log=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the demo exited with {process.returncode}:\n{demo.output()}")
        try:
            if httpx.get(f"{demo.url}/healthz", timeout=2).status_code == 200:
                return process, demo
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop_demo(process)
    pytest.fail(f"the demo did not become healthy:\n{demo.output()}")


def stop_demo(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    process, running = start_demo(tmp_path_factory.mktemp("demo"))
    try:
        yield running
    finally:
        stop_demo(process)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """A headless Chromium; fails under CI when it is missing, skips elsewhere.

    Module-scoped: Playwright's sync API keeps an event loop running until it stops, and
    pytest-asyncio cannot run the async tests of later modules while it does.
    """
    missing = ""
    if not Path(CHROMIUM).exists():
        missing = (f"Chromium is not installed at {CHROMIUM} (apt-get install chromium "
                   "chromium-driver, or set SELLERGATE_TEST_CHROMIUM)")
    elif importlib.util.find_spec("playwright") is None:
        missing = "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if IN_CI:
            pytest.fail(f"{missing}: CI needs the browser tests", pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser tab that may reach only loopback (the page must work offline); its
    console errors are collected in ``page.errors`` and a screenshot is kept at the end."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:")):
            route.continue_()
        else:
            tab.errors.append(f"blocked off-machine request {route.request.url}")
            route.abort()

    context.route("**/*", only_loopback)
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
        context.close()

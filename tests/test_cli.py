"""The sellergate command as an operator and a new user run it (real processes)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import httpx

from tests.graphql_client import LOG_IN

NESTED = """{ orders(first: 5) { edges { node { number buyer { name address { city } }
  shipments { trackingNumber events { status } } } } } }"""


async def _run(*args: str, env: dict[str, str], input: bytes | None = None) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", *args, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate(input)
    return process.returncode or 0, output.decode()


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERGATE_")}
    env["SELLERGATE_DATA_DIR"] = str(tmp_path)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_migrate_is_idempotent(tmp_path):
    code, first = await _run("migrate", env=_env(tmp_path))
    assert code == 0, first
    assert "cn:" in first and "us:" in first and "directory:" in first
    code, second = await _run("migrate", env=_env(tmp_path))
    assert code == 0 and "up to date" in second


async def test_create_admin_then_a_duplicate_is_refused(tmp_path):
    env = _env(tmp_path)
    await _run("migrate", env=env)
    args = ("create-admin", "--email", "ops@example.com", "--name", "Ops", "--role", "support")
    code, out = await _run(*args, env=env, input=b"ops-password-123\nops-password-123\n")
    assert code == 0 and "created support" in out, out
    code, out = await _run(*args, env=env, input=b"ops-password-123\nops-password-123\n")
    assert code == 1 and "already exists" in out


async def test_bad_configuration_is_reported_clearly(tmp_path):
    env = {**_env(tmp_path), "SELLERGATE_REGION": "mars"}
    code, out = await _run("migrate", env=env)
    assert code != 0 and "SELLERGATE_REGION" in out and "Traceback" not in out


async def test_worker_needs_a_broker(tmp_path):
    code, out = await _run("worker", env=_env(tmp_path))
    assert code == 1 and "SELLERGATE_BROKER_URL" in out


async def test_demo_runs_the_whole_product_for_a_new_user(tmp_path):
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "demo", "--port", str(port), "--data-dir",
        str(tmp_path / "demo"), env=_env(tmp_path), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(200):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("demo did not start")
            login = (await client.post("/graphql", json={"query": LOG_IN, "variables": {
                "email": "alice@demo.sellergate.test", "password": "sellergate-demo"}})).json()
            token = login["data"]["logIn"]["accessToken"]
            body = (await client.post("/graphql", json={"query": NESTED},
                                      headers={"Authorization": f"Bearer {token}"})).json()
            assert "errors" not in body, body
            orders = body["data"]["orders"]["edges"]
            assert len(orders) == 5
            assert any(o["node"]["buyer"] and o["node"]["buyer"]["name"] for o in orders)
            assert any(o["node"]["shipments"] and o["node"]["shipments"][0]["events"]
                       for o in orders)
            await _connect_the_shopify_sandbox(client, token)
            wei = (await client.post("/graphql", json={"query": LOG_IN, "variables": {
                "email": "wei@demo.sellergate.test", "password": "sellergate-demo"}})).json()
            assert wei["data"]["logIn"]["account"]["region"] == "cn"
            admin = (await client.post("/graphql", json={"query": LOG_IN, "variables": {
                "email": "admin@demo.sellergate.test", "password": "sellergate-demo"}})).json()
            queue = (await client.post("/graphql", json={
                "query": "{ privacyRequests { kind state dueAt } }"}, headers={
                "Authorization": f"Bearer {admin['data']['logIn']['accessToken']}"})).json()
            assert [(r["kind"], r["state"]) for r in queue["data"]["privacyRequests"]] == [
                ("rectification", "in_progress")]  # the queue shows a request to review
    finally:
        process.terminate()
        output, _ = await process.communicate()
    text = output.decode()
    assert f"GraphiQL: http://127.0.0.1:{port}/graphql" in text
    assert "alice@demo.sellergate.test" in text


async def _connect_the_shopify_sandbox(client: httpx.AsyncClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    started = (await client.post("/graphql", headers=auth, json={"query": """mutation {
        connectStore(platform: "shopify", shop: "sandbox-shop.myshopify.com") {
        authorizationUrl } }"""})).json()
    url = started["data"]["connectStore"]["authorizationUrl"]
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        connected = (await browser.get(url)).json()  # marketplace consent, then our callback
    job_query = {"query": "query($id: ID!) { job(id: $id) { state done } }",
                 "variables": {"id": connected["syncJobId"]}}
    for _ in range(300):
        job = (await client.post("/graphql", headers=auth, json=job_query)).json()["data"]["job"]
        if job["state"] in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.1)
    assert job["state"] == "succeeded" and job["done"] > 0, job


async def test_a_worker_serves_its_own_job_metrics(tmp_path, redis_url):
    port = _free_port()
    env = {**_env(tmp_path), "SELLERGATE_BROKER_URL": redis_url}
    await _run("migrate", env=env)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "worker", "--threads", "1", "--metrics-port", str(port),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    metrics = await client.get("/metrics")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the worker did not serve metrics")
        assert metrics.status_code == 200
        assert "# TYPE sellergate_jobs_total counter" in metrics.text
        assert "sellergate_connector_requests_total" in metrics.text
    finally:
        process.terminate()
        output, _ = await process.communicate()
    assert f"metrics on http://127.0.0.1:{port}/metrics" in output.decode()


async def test_a_worker_whose_metrics_port_is_taken_stops_with_a_clear_error(
        tmp_path, redis_url):
    env = {**_env(tmp_path), "SELLERGATE_BROKER_URL": redis_url}
    await _run("migrate", env=env)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = await asyncio.wait_for(
            _run("worker", "--threads", "1", "--metrics-port", str(port), env=env), 60)
    assert code == 1
    assert f"cannot serve metrics on 127.0.0.1:{port}" in output

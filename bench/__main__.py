"""`make bench`: Herald's paths against bare baselines, measured in the same run.

Each figure is printed as a ratio: absolute numbers vary between machines (and with whatever
else runs on them), ratios much less.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import httpx

from bench import documents as doc
from bench import load

SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 2000))
PER_TRIGGER = 100
CONCURRENCY = 32


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(target: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """One uvicorn process with one worker, as `herald serve` runs."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", target, "--port", str(port),
               "--log-level", "warning", "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, "HERALD_WORKER": "0"})
    url = f"http://127.0.0.1:{port}"
    try:
        while process.poll() is None:
            with contextlib.suppress(httpx.TransportError):
                httpx.get(url + "/", timeout=1)
                break
            time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def peak_rss_mib(process: subprocess.Popen) -> float:
    with open(f"/proc/{process.pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _new_workspace(name: str) -> tuple[str, str]:
    from models.db import Database
    from models.migrate import migrate
    from models.settings import Settings
    from models.workspace import create_workspace

    settings = Settings()
    db = Database(settings)
    await migrate(db.engine, settings)
    async with db.transaction() as session:
        created = await create_workspace(session, name)
    await db.dispose()
    return created.server_key, created.workspace.id


def workspace(name: str) -> tuple[str, str]:
    """A fresh workspace: (server key, workspace id)."""
    return asyncio.run(_new_workspace(name))


def gql(url: str, key: str, query: str, variables: dict[str, Any] | None = None) -> None:
    body = httpx.post(
        url + "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    ).json()
    assert not body.get("errors"), body
    assert all(not v.get("errors") for v in body["data"].values()), body


def prepare(url: str, key: str, receiver: str | None = None) -> None:
    """Tenant `acme`, category `news`, workflow `hello` (INBOX, or WEBHOOK to `receiver`)."""
    gql(url, key, doc.TENANT)
    gql(url, key, doc.CATEGORY)
    step = {"channel": "INBOX", "body": doc.BODY}
    if receiver:
        step = {"channel": "WEBHOOK", "subject": "Hi", "body": doc.BODY}
        gql(url, key, doc.WEBHOOK_VENDOR, {"config": {"url": receiver + "/hook"}})
    gql(url, key, doc.WORKFLOW, {"steps": [step]})


def queue_deliveries(url: str, key: str) -> None:
    for batch in range(DELIVERIES // PER_TRIGGER):
        people = [{"distinctId": f"u{batch}-{i}"} for i in range(PER_TRIGGER)]
        gql(url, key, doc.TRIGGER_MANY, {"r": people})


def received(receiver: str) -> int:
    return httpx.get(receiver + "/count").json()["count"]


def drain_with_worker(receiver: str, workspace_name: str) -> tuple[float, float]:
    """Seconds from the first delivery to the last (start-up excluded), and peak RSS."""
    before = received(receiver)
    command = [sys.executable, "-m", "graph.cli", "worker", "--workspace", workspace_name,
               "--concurrency", str(CONCURRENCY)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        while received(receiver) == before:
            time.sleep(0.005)
        first = time.perf_counter()
        while received(receiver) < before + DELIVERIES:
            time.sleep(0.01)
        return time.perf_counter() - first, peak_rss_mib(process)
    finally:
        process.terminate()
        process.wait(timeout=15)


async def drain_with_aiohttp(receiver: str) -> float:
    """The same number of webhook-shaped bodies posted by a plain aiohttp loop."""
    bodies = [
        {"message_id": f"msg_{i}", "workflow": "hello", "tenant_id": "acme",
         "distinct_id": f"u{i}", "channel": "WEBHOOK", "subject": "Hi",
         "body": f"Hello u{i} from Acme", "data": {}}
        for i in range(DELIVERIES)
    ]  # fmt: skip
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def post(body: dict[str, Any]) -> None:
            async with gate, session.post(receiver + "/hook", json=body) as response:
                await response.read()

        start = time.perf_counter()
        await asyncio.gather(*(post(b) for b in bodies))
        return time.perf_counter() - start


def ratio(name: str, herald: float, baseline: float, aim: float, unit: str = "req/s") -> None:
    print(
        f"{name}: herald {herald:,.0f} {unit}, baseline {baseline:,.0f} {unit}; "
        f"ratio {herald / baseline:.2f} (aim >= {aim})"
    )


def main() -> None:
    os.environ["HERALD_DATA_DIR"] = tempfile.mkdtemp(prefix="herald-bench-")
    read_key, read_ws = workspace("bench-read")
    trigger_key, _ = workspace("bench-trigger")
    deliver_key, _ = workspace("bench-deliver")
    with serve("bench.receiver:app") as (receiver, _):
        with serve("graph.app:app_from_env") as (url, api):
            prepare(url, read_key)
            prepare(url, trigger_key)
            prepare(url, deliver_key, receiver)
            read = asyncio.run(load.run(
                url + "/graphql", lambda _: {"query": doc.READ},
                {"Authorization": f"Bearer {read_key}"}, SECONDS))  # fmt: skip
            trigger = asyncio.run(load.run(
                url + "/graphql",
                lambda i: {"query": doc.TRIGGER_ONE, "variables": {"k": f"key-{i}"}},
                {"Authorization": f"Bearer {trigger_key}"}, SECONDS))  # fmt: skip
            queue_deliveries(url, deliver_key)
            api_rss = peak_rss_mib(api)
        with serve("bench.baseline:app") as (url, _):
            base_read = asyncio.run(
                load.run(url + "/tenant", lambda _: {"workspace": read_ws, "id": "acme"})
            )
            base_insert = asyncio.run(
                load.run(url + "/insert", lambda i: {"workspace": read_ws, "key": f"k{i}"})
            )
        worker_seconds, worker_rss = drain_with_worker(receiver, "bench-deliver")
        plain_seconds = asyncio.run(drain_with_aiohttp(receiver))

    ratio("tenant(id) query vs bare Starlette keyed read", read.rate, base_read.rate, 0.5)
    ratio("triggerWorkflow (1 recipient, unique keys, no worker) vs bare durable insert",
          trigger.rate, base_insert.rate, 0.3)  # fmt: skip
    ratio(f"herald worker draining {DELIVERIES} webhooks vs plain aiohttp loop",
          DELIVERIES / worker_seconds, DELIVERIES / plain_seconds, 0.4, "msg/s")  # fmt: skip
    print(f"peak RSS: API server {api_rss:.0f} MiB, worker {worker_rss:.0f} MiB")
    errors = read.errors + trigger.errors + base_read.errors + base_insert.errors
    print(f"errors during load: {errors}")


if __name__ == "__main__":
    main()

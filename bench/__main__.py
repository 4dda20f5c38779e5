"""`make bench`: Herald's paths against bare baselines, measured in the same run.

Each figure is printed as a ratio: absolute numbers vary between machines, ratios less so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import httpx

from bench import load

SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 2000))
PER_TRIGGER = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url + "/", timeout=1)
            return
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited")
        time.sleep(0.05)
    raise RuntimeError(f"{process.args} did not start")


@contextlib.contextmanager
def serve(target: str, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen]]:
    """One uvicorn process with one worker, as `herald serve` runs."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            target,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
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


def herald(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def workspace(name: str, env: dict[str, str]) -> tuple[str, str]:
    """A fresh workspace: (server key, workspace id)."""
    key = json.loads(herald("workspace", "create", name, "--json", env=env))["serverKey"]
    viewer = gql_raw("", key, "{ viewer { workspace } }")  # validates the key later
    del viewer
    return key, name


def gql_raw(url: str, key: str, query: str, variables: dict[str, Any] | None = None) -> dict:
    if not url:
        return {}
    response = httpx.post(
        url + "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


def prepare(url: str, key: str, receiver: str | None = None) -> None:
    gql_raw(
        url,
        key,
        'mutation { upsertTenant(id: "acme", input: {name: "Acme", logo: "https://l.example/a.png"}) { errors { code } } }',
    )
    gql_raw(
        url,
        key,
        'mutation { upsertCategory(input: {slug: "news", name: "News"}) { errors { code } } }',
    )
    step = (
        '{channel: INBOX, body: "Hello {{ recipient.distinct_id }} from {{ tenant.tenant_name }}"}'
    )
    if receiver:
        step = '{channel: WEBHOOK, subject: "Hi", body: "Hello {{ recipient.distinct_id }} from {{ tenant.tenant_name }}"}'
        gql_raw(
            url,
            key,
            'mutation($url: JSON!) { setTenantVendor(tenantId: "default", input: {channel: WEBHOOK, provider: "webhook", config: $url}) { errors { message } } }',
            {"url": {"url": receiver + "/hook"}},
        )
    gql_raw(
        url,
        key,
        f'mutation {{ upsertWorkflow(input: {{slug: "hello", name: "Hello", category: "news", steps: [{step}]}}) {{ errors {{ message }} }} }}',
    )


def queue_deliveries(url: str, key: str) -> None:
    for batch in range(DELIVERIES // PER_TRIGGER):
        people = [{"distinctId": f"u{batch}-{i}"} for i in range(PER_TRIGGER)]
        gql_raw(
            url,
            key,
            'mutation($r: [RecipientInput!]!) { triggerWorkflow(workflow: "hello", recipients: $r, tenantId: "acme") { errors { message } } }',
            {"r": people},
        )


def received(receiver: str) -> int:
    return httpx.get(receiver + "/count").json()["count"]


def drain_with_worker(receiver: str, env: dict[str, str], name: str) -> tuple[float, float]:
    """Seconds from the first delivery to the last, and the worker's peak RSS."""
    start_count = received(receiver)
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "worker", "--workspace", name, "--concurrency", "32"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        while received(receiver) == start_count:
            time.sleep(0.005)
        first = time.perf_counter()
        while received(receiver) < start_count + DELIVERIES:
            time.sleep(0.01)
        return time.perf_counter() - first, peak_rss_mib(process)
    finally:
        process.terminate()
        process.wait(timeout=15)


async def drain_with_aiohttp(receiver: str) -> float:
    """The same number of webhook-shaped bodies, posted by a plain aiohttp loop (32 at once)."""
    bodies = [
        {
            "message_id": f"msg_{i}",
            "workflow": "hello",
            "tenant_id": "acme",
            "distinct_id": f"u{i}",
            "channel": "WEBHOOK",
            "subject": "Hi",
            "body": f"Hello u{i} from Acme",
            "data": {},
        }
        for i in range(DELIVERIES)
    ]
    gate = asyncio.Semaphore(32)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as session:

        async def post(body: dict) -> None:
            async with gate, session.post(receiver + "/hook", json=body) as response:
                await response.read()

        start = time.perf_counter()
        await asyncio.gather(*(post(b) for b in bodies))
        return time.perf_counter() - start


def ratio(name: str, herald_rate: float, base_rate: float, aim: float, unit: str = "req/s") -> None:
    print(
        f"{name}: herald {herald_rate:,.0f} {unit}, baseline {base_rate:,.0f} {unit}; "
        f"ratio {herald_rate / base_rate:.2f} (aim >= {aim})"
    )


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="herald-bench-")
    env = {**os.environ, "HERALD_DATA_DIR": data_dir, "HERALD_WORKER": "0"}
    herald("migrate", env=env)
    read_key, _ = workspace("bench-read", env)
    trigger_key, _ = workspace("bench-trigger", env)
    deliver_key, _ = workspace("bench-deliver", env)
    ws_id = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import asyncio, json\nfrom models.db import Database\nfrom models.settings import get_settings\nfrom models.workspace import workspace_by_name\nasync def m():\n    db = Database(get_settings())\n    async with db.session() as s:\n        print(json.dumps((await workspace_by_name(s, 'bench-read')).id))\n    await db.dispose()\nasyncio.run(m())",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )

    with serve("bench.receiver:app", env) as (receiver, _):
        with serve("graph.app:app_from_env", env) as (url, api):
            prepare(url, read_key)
            prepare(url, trigger_key)
            prepare(url, deliver_key, receiver)
            query = {"query": 'query { tenant(id: "acme") { id name logo } }'}
            read = asyncio.run(
                load.run(
                    url + "/graphql",
                    lambda _: query,
                    {"Authorization": f"Bearer {read_key}"},
                    SECONDS,
                )
            )
            trigger = asyncio.run(
                load.run(
                    url + "/graphql",
                    lambda i: {
                        "query": 'mutation($k: String!) { triggerWorkflow(workflow: "hello", recipients: [{distinctId: "u1"}], idempotencyKey: $k) { errors { code } } }',
                        "variables": {"k": f"key-{i}"},
                    },
                    {"Authorization": f"Bearer {trigger_key}"},
                    SECONDS,
                )
            )
            queue_deliveries(url, deliver_key)
            api_rss = peak_rss_mib(api)
        with serve("bench.baseline:app", env) as (url, _):
            base_read = asyncio.run(
                load.run(url + "/tenant", lambda _: {"workspace": ws_id, "id": "acme"}, {}, SECONDS)
            )
            base_insert = asyncio.run(
                load.run(
                    url + "/insert", lambda i: {"workspace": ws_id, "key": f"k{i}"}, {}, SECONDS
                )
            )
        worker_seconds, worker_rss = drain_with_worker(receiver, env, "bench-deliver")
        plain_seconds = asyncio.run(drain_with_aiohttp(receiver))

    errors = read.errors + trigger.errors + base_read.errors + base_insert.errors
    ratio("tenant(id) query vs bare Starlette keyed read", read.rate, base_read.rate, 0.5)
    ratio(
        "triggerWorkflow (1 recipient, unique keys, no worker) vs bare durable insert",
        trigger.rate,
        base_insert.rate,
        0.3,
    )
    ratio(
        f"herald worker draining {DELIVERIES} webhooks vs plain aiohttp loop",
        DELIVERIES / worker_seconds,
        DELIVERIES / plain_seconds,
        0.4,
        "msg/s",
    )
    print(f"peak RSS: API server {api_rss:.0f} MiB, worker {worker_rss:.0f} MiB")
    print(f"errors during load: {errors}")


if __name__ == "__main__":
    main()

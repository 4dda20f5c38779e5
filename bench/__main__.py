"""`make bench`: Herald's paths against bare baselines, served and loaded the same way."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import httpx

from bench import load

SECONDS = float(os.environ.get("BENCH_SECONDS", 5))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(target: str, env: dict[str, str]) -> Iterator[str]:
    """One uvicorn process (one worker), as `herald serve` runs."""
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
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                httpx.get(url + "/", timeout=1)
                break
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def setup(env: dict[str, str]) -> tuple[str, str]:
    """Migrate, create a workspace with a tenant; returns (server key, workspace id)."""
    import json

    out = subprocess.run(
        [sys.executable, "-m", "graph.cli", "workspace", "create", "bench", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    key = json.loads(out.stdout)["serverKey"]
    script = (
        "import asyncio, sys\n"
        "from models.db import Database\nfrom models.settings import get_settings\n"
        "from models.workspace import workspace_by_name\nfrom models.tenant import Tenant\n"
        "async def main():\n"
        "    db = Database(get_settings())\n"
        "    async with db.transaction() as s:\n"
        "        ws = await workspace_by_name(s, 'bench')\n"
        "        s.add(Tenant(workspace_id=ws.id, id='acme', name='Acme', logo='https://l.example/a.png'))\n"
        "    print(ws.id)\n"
        "    await db.dispose()\n"
        "asyncio.run(main())\n"
    )
    ws_id = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    return key, ws_id


def report(name: str, herald: load.Result, base: load.Result, aim: float) -> None:
    ratio = herald.rate / base.rate
    print(
        f"{name}: herald {herald.rate:,.0f} req/s ({herald.errors} errors), "
        f"baseline {base.rate:,.0f} req/s ({base.errors} errors); "
        f"ratio {ratio:.2f} (aim >= {aim})"
    )


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="herald-bench-")
    env = {**os.environ, "HERALD_DATA_DIR": data_dir}
    key, ws_id = setup(env)
    query = {"query": 'query { tenant(id: "acme") { id name logo } }'}
    headers = {"Authorization": f"Bearer {key}"}
    with serve("graph.app:app_from_env", env) as url:
        herald = asyncio.run(load.run(url + "/graphql", query, headers, SECONDS))
    with serve("bench.baseline:app", env) as url:
        base = asyncio.run(
            load.run(url + "/tenant", {"workspace": ws_id, "id": "acme"}, {}, SECONDS)
        )
    report("tenant(id) query vs bare Starlette keyed read", herald, base, 0.5)


if __name__ == "__main__":
    main()

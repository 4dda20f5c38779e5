"""Herald processes for multi-process tests: `herald serve` and `herald worker` subprocesses."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx

from tests.harness import free_port

HERALD = [sys.executable, "-m", "graph.cli"]


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A herald subprocess on the same database as the test server (the env carries it)."""
    return subprocess.Popen(
        [*HERALD, *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        # HERALD_TEST_STDERR=/path keeps the subprocesses' logs when debugging a test.
        stderr=open(os.environ.get("HERALD_TEST_STDERR", os.devnull), "a"),  # noqa: SIM115
    )


@contextlib.contextmanager
def api_process() -> Iterator[str]:
    """`herald serve --no-worker` on a free port; yields its base URL once it answers."""
    port = free_port()
    process = spawn("serve", "--no-worker", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("herald serve did not start")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)

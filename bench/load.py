"""A small closed-loop load generator on aiohttp: fixed concurrency, fixed duration."""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

Body = Callable[[int], Any]


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


async def _worker(
    session: aiohttp.ClientSession,
    url: str,
    body: Body,
    headers: dict[str, str],
    counter: itertools.count,
    until: float,
    out: list[tuple[int, int]],
) -> None:
    done = errors = 0
    while time.perf_counter() < until:
        async with session.post(url, json=body(next(counter)), headers=headers) as response:
            payload = await response.read()
            done += 1
            errors += response.status != 200 or b'"errors":[{' in payload
    out.append((done, errors))


async def run(
    url: str,
    body: Body,
    headers: dict[str, str] | None = None,
    seconds: float = float(os.environ.get("BENCH_SECONDS", 5)),
    concurrency: int = 32,
) -> Result:
    """Requests/s over `seconds` after a warm-up; a GraphQL error in the body counts as an error."""
    headers = headers or {}
    counter = itertools.count()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(50):  # warm-up: connections, caches
            async with session.post(url, json=body(next(counter)), headers=headers) as response:
                await response.read()
        out: list[tuple[int, int]] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(_worker(session, url, body, headers, counter, until, out) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - start
    return Result(sum(d for d, _ in out), sum(e for _, e in out), elapsed)

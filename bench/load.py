"""A small closed-loop load generator on aiohttp: fixed concurrency, fixed duration."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


async def _worker(
    session: aiohttp.ClientSession, url: str, body: Any, headers: dict, until: float, out: list
) -> None:
    done = errors = 0
    while time.perf_counter() < until:
        async with session.post(url, json=body, headers=headers) as response:
            await response.read()
            done += 1
            errors += response.status != 200
    out.append((done, errors))


async def run(
    url: str, body: Any, headers: dict | None = None, seconds: float = 5, concurrency: int = 32
) -> Result:
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(50):  # warm-up: connections, caches
            async with session.post(url, json=body, headers=headers or {}) as response:
                await response.read()
        out: list[tuple[int, int]] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(_worker(session, url, body, headers or {}, until, out) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - start
    return Result(sum(d for d, _ in out), sum(e for _, e in out), elapsed)

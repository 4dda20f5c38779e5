"""The shared outbound HTTP client: httpx on the aiohttp transport.

One long-lived pooled client per event loop: httpx-aiohttp was ~10x httpx's
own pool under concurrency here (see DESIGN), and an aiohttp session is bound
to the loop it first ran on, so tests with a fresh loop each get their own.
The transport maps httpx's timeouts to aiohttp's per-socket ones and has no
total deadline, so `post()` adds one.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import HttpxAiohttpClient

from delivery import classify

CONNECT_SECONDS = 5.0
TOTAL_SECONDS = 10.0
TIMEOUT = httpx.Timeout(TOTAL_SECONDS, connect=CONNECT_SECONDS)
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30.0)
USER_AGENT = "herald/0.1"

_clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}


def new_client(
    *, timeout: httpx.Timeout = TIMEOUT, limits: httpx.Limits = LIMITS
) -> httpx.AsyncClient:
    """A fresh client on the aiohttp transport; the caller owns and closes it."""
    return HttpxAiohttpClient(timeout=timeout, limits=limits, headers={"User-Agent": USER_AGENT})


def get_client() -> httpx.AsyncClient:
    """The running loop's shared client, created on first use."""
    loop = asyncio.get_running_loop()
    for stale in [lp for lp in _clients if lp.is_closed()]:
        del _clients[stale]  # its loop is gone; nothing left to await the close on
    client = _clients.get(loop)
    if client is None or client.is_closed:
        client = _clients[loop] = new_client()
    return client


async def close_client() -> None:
    """Close the running loop's shared client (call on worker/app shutdown)."""
    client = _clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


async def post(client: httpx.AsyncClient, provider: str, url: str, **kwargs: Any) -> httpx.Response:
    """POST and return a 2xx response, or raise a classified DeliveryError."""
    try:
        async with asyncio.timeout(TOTAL_SECONDS):
            response = await client.post(url, **kwargs)
    except (httpx.HTTPError, httpx.InvalidURL, aiohttp.ClientError, TimeoutError, OSError) as exc:
        raise classify.from_http_exception(provider, url, exc) from None
    error = classify.from_response(provider, response)
    if error is not None:
        raise error
    return response

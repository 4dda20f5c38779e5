"""`AsyncHerald`: the asyncio twin of `Herald`, same methods, awaited. Requests are built
and answers parsed in `operations`; only sending (`httpx.AsyncClient`) and sleeping differ.
See `client.sync` for what each method does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any, TypeVar

import httpx

from client import operations as ops
from client.requests import Event, WorkflowTriggerRequest
from client.results import Preferences, Tenant, TrackResult, TriggerResult, User, Vendor
from client.transport import Endpoint, Outcome

T = TypeVar("T")


class AsyncHerald:
    """`Herald` for asyncio: `await herald.workflows.trigger(...)`, `async for t in
    herald.tenants.list()`, `async with AsyncHerald(...) as herald:` (or `await aclose()`).
    `http_client` is an `httpx.AsyncClient` you own."""

    def __init__(
        self,
        url: str,
        key: str,
        timeout: float = 10.0,
        retries: int = 2,
        *,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._endpoint = Endpoint.create(url, key, timeout, retries)
        self._http = http_client or httpx.AsyncClient()
        self._owns_http = http_client is None
        self.workflows = AsyncWorkflows(self)
        self.tenants = AsyncTenants(self)
        self.users = AsyncUsers(self)

    def __repr__(self) -> str:
        return f"AsyncHerald({self._endpoint.url!r})"

    async def __aenter__(self) -> AsyncHerald:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def track_event(self, event: Event) -> TrackResult:
        return await self._run(ops.track(event))

    async def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, idempotent: bool = False
    ) -> dict[str, Any]:
        return await self._run(ops.raw(query, variables, idempotent))

    async def _run(self, operation: ops.Operation[T]) -> T:
        return operation.parse(await self._exchange(operation))

    async def _exchange(self, operation: ops.Operation[Any]) -> dict[str, Any]:
        attempt = 0
        while True:
            outcome = await self._send(operation)
            delay = self._endpoint.retry.delay(attempt, outcome, operation.retry_safe)
            if delay is None:
                return self._endpoint.decode(outcome)
            await asyncio.sleep(delay)
            attempt += 1

    async def _send(self, operation: ops.Operation[Any]) -> Outcome:
        try:
            return await self._http.post(**self._endpoint.request_options(operation.payload()))
        except httpx.RequestError as exc:
            return exc


class AsyncWorkflows:
    def __init__(self, herald: AsyncHerald) -> None:
        self._herald = herald

    async def trigger(self, request: WorkflowTriggerRequest) -> TriggerResult:
        return await self._herald._run(ops.trigger(request))

    async def trigger_bulk(
        self, requests: Iterable[WorkflowTriggerRequest], chunk_size: int = ops.MAX_ALIASES
    ) -> list[TriggerResult]:
        """One HTTP request per `chunk_size` (default 30) items, sent one after the other;
        see `Workflows.trigger_bulk`."""
        results: list[TriggerResult] = []
        for chunk in ops.trigger_chunks(list(requests), chunk_size):
            results += await self._herald._run(chunk)
        return results


class AsyncTenants:
    def __init__(self, herald: AsyncHerald) -> None:
        self._herald = herald

    async def upsert(
        self, tenant_id: str, fields: dict[str, Any] | None = None, **more: Any
    ) -> Tenant:
        return await self._herald._run(ops.upsert_tenant(tenant_id, {**(fields or {}), **more}))

    async def get(self, tenant_id: str) -> Tenant | None:
        return await self._herald._run(ops.get_tenant(tenant_id))

    async def list(self, search: str | None = None) -> AsyncIterator[Tenant]:
        after: str | None = None
        while True:
            page = await self._herald._run(ops.tenant_page(search, after))
            for tenant in page.tenants:
                yield tenant
            if not page.has_next:
                return
            after = page.end_cursor

    async def delete(self, tenant_id: str) -> bool:
        return await self._herald._run(ops.delete_tenant(tenant_id))

    async def set_vendor(
        self,
        tenant_id: str,
        channel: str,
        provider: str,
        config: dict[str, Any],
        secrets: dict[str, Any] | None = None,
        enabled: bool | None = None,
    ) -> Vendor:
        operation = ops.set_vendor(tenant_id, channel, provider, config, secrets, enabled)
        return await self._herald._run(operation)


class AsyncUsers:
    def __init__(self, herald: AsyncHerald) -> None:
        self._herald = herald

    async def upsert(
        self,
        distinct_id: str,
        channels: dict[str, Any] | None = None,
        properties: dict[str, Any] | None = None,
        timezone: str | None = None,
    ) -> User:
        operation = ops.upsert_user(distinct_id, channels, properties, timezone)
        return await self._herald._run(operation)

    async def set_preference(
        self,
        distinct_id: str,
        category: str,
        preference: str,
        opted_out_channels: list[str] | None = None,
        tenant_id: str | None = None,
    ) -> Preferences:
        operation = ops.set_preference(
            distinct_id, category, preference, opted_out_channels, tenant_id
        )
        return await self._herald._run(operation)

"""`Herald`: the blocking client. Requests are built and answers parsed in `operations`;
this module only sends them with an `httpx.Client` and sleeps between retries."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import httpx

from client import operations as ops
from client.requests import Event, WorkflowTriggerRequest
from client.results import Preferences, Tenant, TrackResult, TriggerResult, User, Vendor
from client.transport import Endpoint, Outcome

T = TypeVar("T")


class Herald:
    """A Herald workspace over HTTP, with one server key.

    `url` is the server's base URL or its /graphql URL. `timeout` (seconds) applies to each
    HTTP request; `retries` is how many times a failed request may be re-sent (see
    `client.transport.RetryPolicy` for which failures qualify). Pass `http_client` to use
    your own `httpx.Client` (proxies, event hooks, transports); it is not closed by
    `close()`. Use as a context manager, or call `close()`, to release connections.

    Raises `HeraldError` (or a subclass) when Herald cannot answer, refuses the key, or
    rejects a document; `ValueError` for requests malformed before anything is sent.
    """

    def __init__(
        self,
        url: str,
        key: str,
        timeout: float = 10.0,
        retries: int = 2,
        *,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._endpoint = Endpoint.create(url, key, timeout, retries)
        self._http = http_client or httpx.Client()
        self._owns_http = http_client is None
        self.workflows = Workflows(self)
        self.tenants = Tenants(self)
        self.users = Users(self)

    def __repr__(self) -> str:
        return f"Herald({self._endpoint.url!r})"

    def __enter__(self) -> Herald:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def track_event(self, event: Event) -> TrackResult:
        """Records `event`; the result lists the executions of the workflows it started."""
        return self._run(ops.track(event))

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, idempotent: bool = False
    ) -> dict[str, Any]:
        """Any GraphQL document; returns `data`, raises `HeraldError` on GraphQL errors.

        Pass `idempotent=True` for reads, or writes that carry their own idempotency key,
        to let the client re-send them after timeouts and 5xx.
        """
        return self._run(ops.raw(query, variables, idempotent))

    def _run(self, operation: ops.Operation[T]) -> T:
        return operation.parse(self._exchange(operation))

    def _exchange(self, operation: ops.Operation[Any]) -> dict[str, Any]:
        attempt = 0
        while True:
            outcome = self._send(operation)
            delay = self._endpoint.retry.delay(attempt, outcome, operation.retry_safe)
            if delay is None:
                return self._endpoint.decode(outcome)
            time.sleep(delay)
            attempt += 1

    def _send(self, operation: ops.Operation[Any]) -> Outcome:
        try:
            return self._http.post(**self._endpoint.request_options(operation.payload()))
        except httpx.RequestError as exc:
            return exc


class Workflows:
    """`herald.workflows`: trigger workflows."""

    def __init__(self, herald: Herald) -> None:
        self._herald = herald

    def trigger(self, request: WorkflowTriggerRequest) -> TriggerResult:
        """Runs one workflow; problems with the request come back in `result.errors`."""
        return self._herald._run(ops.trigger(request))

    def trigger_bulk(
        self, requests: Iterable[WorkflowTriggerRequest], chunk_size: int = ops.MAX_ALIASES
    ) -> list[TriggerResult]:
        """Runs many workflows; one result per request, in order.

        Each HTTP request carries one GraphQL document with an aliased triggerWorkflow
        field per item, so up to `chunk_size` items (default 30, Herald's alias limit per
        document) cost one round trip; longer lists are sent as several requests, one
        after the other. Every item is checked locally first (ValueError names the index);
        after that, one item's errors (unknown tenant, conflicting key...) are reported in
        its own result while the others run. A chunk is re-sent after a timeout or 5xx
        only when every item in it has an idempotency key.
        """
        chunks = ops.trigger_chunks(list(requests), chunk_size)
        return [result for chunk in chunks for result in self._herald._run(chunk)]


class Tenants:
    """`herald.tenants`: tenants and their vendors. Input errors raise HeraldUserError."""

    def __init__(self, herald: Herald) -> None:
        self._herald = herald

    def upsert(self, tenant_id: str, fields: dict[str, Any] | None = None, **more: Any) -> Tenant:
        """Creates the tenant (`name` required) or updates the fields given.

        Fields are snake_case (`primary_color`, `social_links`...; SuprSend's `tenant_name`
        works too), given as a dict, as keywords, or both. None clears a field.
        """
        return self._herald._run(ops.upsert_tenant(tenant_id, {**(fields or {}), **more}))

    def get(self, tenant_id: str) -> Tenant | None:
        """The tenant, or None when it does not exist."""
        return self._herald._run(ops.get_tenant(tenant_id))

    def list(self, search: str | None = None) -> Iterator[Tenant]:
        """Every tenant (optionally matching `search` on id or name), fetching pages of 100
        lazily as you iterate."""
        after: str | None = None
        while True:
            page = self._herald._run(ops.tenant_page(search, after))
            yield from page.tenants
            if not page.has_next:
                return
            after = page.end_cursor

    def delete(self, tenant_id: str) -> bool:
        """True when deleted, False when it did not exist; past messages are kept."""
        return self._herald._run(ops.delete_tenant(tenant_id))

    def set_vendor(
        self,
        tenant_id: str,
        channel: str,
        provider: str,
        config: dict[str, Any],
        secrets: dict[str, Any] | None = None,
        enabled: bool | None = None,
    ) -> Vendor:
        """Sets the tenant's provider for `channel` (e.g. "email", "smtp", {...}).

        `secrets=None` keeps the stored secrets; `enabled=None` keeps the current state.
        """
        operation = ops.set_vendor(tenant_id, channel, provider, config, secrets, enabled)
        return self._herald._run(operation)


class Users:
    """`herald.users`: users and their preferences. Input errors raise HeraldUserError."""

    def __init__(self, herald: Herald) -> None:
        self._herald = herald

    def upsert(
        self,
        distinct_id: str,
        channels: dict[str, Any] | None = None,
        properties: dict[str, Any] | None = None,
        timezone: str | None = None,
    ) -> User:
        """Creates or updates a user; None leaves a part unchanged.

        `channels` takes the recipient keys (`{"$email": "a@x.com", "$slack": {...}}`),
        merged per channel; `properties` are merged per top-level key.
        """
        return self._herald._run(ops.upsert_user(distinct_id, channels, properties, timezone))

    def set_preference(
        self,
        distinct_id: str,
        category: str,
        preference: str,
        opted_out_channels: list[str] | None = None,
        tenant_id: str | None = None,
    ) -> Preferences:
        """Sets the user's choice ("opt_in"/"opt_out") for a category in a tenant (default:
        `default`); `opted_out_channels=None` keeps the user's current list."""
        operation = ops.set_preference(
            distinct_id, category, preference, opted_out_channels, tenant_id
        )
        return self._herald._run(operation)

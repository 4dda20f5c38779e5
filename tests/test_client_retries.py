"""Transport behaviour of the client: which failures are retried (only what is safe to
re-send), and which `HeraldError` each failure becomes, never carrying the server key.

A loopback proxy in front of the real server fails on cue (a 503, a reply slower than the
client's timeout, a non-JSON page), then passes requests through.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from client import (
    AsyncHerald,
    Event,
    Herald,
    HeraldAuthError,
    HeraldError,
    HeraldTransportError,
    WorkflowTriggerRequest,
)
from tests.client_fixtures import FlakyProxy, counted_herald, invoice_setup
from tests.harness import WorkspaceClient
from tests.vendors import Reply

UNAVAILABLE = Reply(503, text="upstream unavailable")
SLOW = Reply(200, json={"data": {}}, delay=1.0)
EXECUTIONS = '{ messages(filter: {workflow: "invoice-ready"}) { edges { node { executionId } } } }'


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    invoice_setup(workspace)
    return workspace


@pytest.fixture
def proxy(ws: WorkspaceClient) -> Iterator[FlakyProxy]:
    with FlakyProxy(ws.url) as running:
        yield running


def request(key: str | None = None) -> WorkflowTriggerRequest:
    body = {"workflow": "invoice-ready", "recipients": ["ada"]}
    return WorkflowTriggerRequest(body=body, idempotency_key=key)


def executions(ws: WorkspaceClient) -> set[str]:
    edges = ws.gql(EXECUTIONS)["messages"]["edges"]
    return {edge["node"]["executionId"] for edge in edges}


@pytest.mark.parametrize("failure", [UNAVAILABLE, SLOW], ids=["503", "timeout"])
def test_a_keyed_trigger_is_retried_and_runs_once(
    ws: WorkspaceClient, proxy: FlakyProxy, failure: Reply
) -> None:
    proxy.reply(failure)
    result = Herald(proxy.url, ws.key, timeout=0.5).workflows.trigger(request("retry-1"))
    assert result.ok and not result.replayed
    assert len(proxy.requests) == 2
    assert executions(ws) == {result.execution_id}


@pytest.mark.parametrize("failure", [UNAVAILABLE, SLOW], ids=["503", "timeout"])
def test_an_unkeyed_trigger_is_not_retried(
    ws: WorkspaceClient, proxy: FlakyProxy, failure: Reply
) -> None:
    proxy.reply(failure)
    with pytest.raises(HeraldTransportError) as failed:
        Herald(proxy.url, ws.key, timeout=0.5).workflows.trigger(request())
    assert len(proxy.requests) == 1
    assert failed.value.status_code == (503 if failure is UNAVAILABLE else None)
    assert ws.key not in str(failed.value)
    assert executions(ws) == set()


def test_bulk_is_retried_only_when_every_item_has_a_key(
    ws: WorkspaceClient, proxy: FlakyProxy
) -> None:
    herald = Herald(proxy.url, ws.key)
    proxy.reply(UNAVAILABLE)
    with pytest.raises(HeraldTransportError):
        herald.workflows.trigger_bulk([request("b-1"), request()])
    assert len(proxy.requests) == 1
    proxy.reply(UNAVAILABLE)
    results = herald.workflows.trigger_bulk([request("b-1"), request("b-2")])
    assert [r.ok for r in results] == [True, True] and len(proxy.requests) == 3


def test_keyed_events_and_reads_are_retried(ws: WorkspaceClient, proxy: FlakyProxy) -> None:
    herald = Herald(proxy.url, ws.key)
    herald.users.upsert("ada")
    proxy.reply(UNAVAILABLE)
    assert herald.track_event(Event("ada", "product_purchased", idempotency_key="e-1")).ok
    proxy.reply(UNAVAILABLE)
    assert herald.tenants.get("globex").name == "Globex"
    proxy.reply(UNAVAILABLE)
    with pytest.raises(HeraldTransportError):
        herald.track_event(Event("ada", "product_purchased"))
    assert len(proxy.requests) == 1 + 2 + 2 + 1


def test_retries_stop_at_the_limit(ws: WorkspaceClient, proxy: FlakyProxy) -> None:
    proxy.reply(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE)
    with pytest.raises(HeraldTransportError, match="HTTP 503"):
        Herald(proxy.url, ws.key, retries=1).workflows.trigger(request("limit"))
    assert len(proxy.requests) == 2
    assert executions(ws) == set()


def test_connect_errors_are_retried_even_without_a_key() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    secret = "hk_not-for-messages-8d1f"
    with (
        counted_herald(url, secret, retries=2) as counted,
        pytest.raises(HeraldTransportError, match="ConnectError") as failed,
    ):
        counted.herald.workflows.trigger(request())
    assert len(counted.sent) == 3  # the first attempt and two retries
    assert secret not in str(failed.value) and secret not in repr(failed.value)


def test_non_graphql_answers_are_transport_errors(ws: WorkspaceClient, proxy: FlakyProxy) -> None:
    proxy.reply(Reply(200, text="<html>maintenance</html>"), Reply(404, text="no such page"))
    herald = Herald(proxy.url, ws.key)
    with pytest.raises(HeraldTransportError, match="HTTP 200 .*maintenance"):
        herald.graphql("{ viewer { scope } }")
    with pytest.raises(HeraldTransportError) as not_found:
        herald.graphql("{ viewer { scope } }")
    assert not_found.value.status_code == 404


def test_a_wrong_key_is_an_auth_error_without_the_key(ws: WorkspaceClient) -> None:
    wrong = "hk_wrong-key-that-must-not-leak-5c2e"
    herald = Herald(ws.url, wrong)
    with pytest.raises(HeraldAuthError) as failed:
        herald.workflows.trigger(request("k"))
    assert isinstance(failed.value, HeraldError)
    assert "credentials" in str(failed.value)
    assert wrong not in str(failed.value) and wrong not in repr(failed.value)
    assert wrong not in repr(herald) and ws.key not in repr(Herald(ws.url, ws.key))


@pytest.mark.anyio
async def test_async_client_retries_the_same_way(ws: WorkspaceClient, proxy: FlakyProxy) -> None:
    async with AsyncHerald(proxy.url, ws.key) as herald:
        proxy.reply(UNAVAILABLE)
        assert (await herald.workflows.trigger(request("async-1"))).ok
        proxy.reply(UNAVAILABLE)
        with pytest.raises(HeraldTransportError):
            await herald.workflows.trigger(request())
    assert len(proxy.requests) == 3

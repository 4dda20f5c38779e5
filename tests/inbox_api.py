"""GraphQL documents and clients for the inbox: pages over HTTP, the live feed over websockets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from tests.delivery_api import category, settled, step, trigger, workflow
from tests.harness import Server, WorkspaceClient

NODE = "id tenantId title body data read createdAt"
INBOX = f"""query($distinctId: ID!, $tenantId: ID, $first: Int, $after: String, $unreadOnly: Boolean) {{
  user(distinctId: $distinctId) {{
    inbox(tenantId: $tenantId, first: $first, after: $after, unreadOnly: $unreadOnly) {{
      edges {{ cursor node {{ {NODE} }} }}
      pageInfo {{ hasNextPage endCursor }}
      unreadCount
    }}
  }}
}}"""
MARK = """mutation($distinctId: ID!, $ids: [ID!]!, $read: Boolean) {
  markInboxRead(distinctId: $distinctId, ids: $ids, read: $read)
}"""
SUBSCRIBE = f"""subscription($distinctId: ID!, $tenantId: ID) {{
  inboxMessages(distinctId: $distinctId, tenantId: $tenantId) {{ {NODE} }}
}}"""


def note_workflow(ws: WorkspaceClient) -> None:
    """`note`: an INBOX step (title and body from the data) and an EMAIL step, so every
    trigger also leaves a message of the same user on another channel."""
    category(ws)
    inbox = step("INBOX", "Note {{ data.n }}", "For {{ recipient.distinct_id }}")
    workflow(ws, "note", [inbox, step("EMAIL", "Mail {{ data.n }}", "Mail")])


def send_note(ws: WorkspaceClient, distinct_id: str, n: int, tenant_id: str = "acme") -> str:
    """Triggers `note` and returns the execution id (delivered only while a worker runs)."""
    accepted = trigger(ws, "note", [distinct_id], data={"n": n}, tenantId=tenant_id)
    assert accepted["errors"] == [], accepted
    return accepted["execution"]["id"]


def deliver_notes(server: Server, ws: WorkspaceClient, notes: list[tuple[str, int, str]]) -> None:
    """Sends (user, n, tenant) notes and waits until each is delivered or refused."""
    with server.delivering(ws):
        for execution_id in [send_note(ws, *note) for note in notes]:
            settled(ws, execution_id)


def inbox_response(ws: WorkspaceClient, distinct_id: str, key: str | None = None, **args: Any):
    return ws.post(INBOX, {"distinctId": distinct_id, **args}, key=key).json()


def inbox(ws: WorkspaceClient, distinct_id: str, key: str | None = None, **args: Any) -> dict:
    """The InboxConnection; fails the test on any error."""
    body = inbox_response(ws, distinct_id, key, **args)
    assert not body.get("errors"), body["errors"]
    return body["data"]["user"]["inbox"]


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


def node_ids(connection: dict) -> list[str]:
    return [node["id"] for node in nodes(connection)]


def mark(
    ws: WorkspaceClient, distinct_id: str, ids: list[str], key: str | None = None, **args: Any
) -> dict:
    variables = {"distinctId": distinct_id, "ids": ids, **args}
    return ws.post(MARK, variables, key=key).json()


@asynccontextmanager
async def inbox_socket(
    server: Server,
    init_payload: dict[str, Any] | None,
    distinct_id: str,
    tenant_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> AsyncIterator[ClientConnection]:
    """A graphql-transport-ws connection subscribed to `inboxMessages` (operation id "1")."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers or {}
    ) as sock:
        init: dict[str, Any] = {"type": "connection_init"}
        if init_payload is not None:
            init["payload"] = init_payload
        await sock.send(json.dumps(init))
        ack = json.loads(await asyncio.wait_for(sock.recv(), 5))
        assert ack["type"] == "connection_ack", ack
        variables = {"distinctId": distinct_id, "tenantId": tenant_id}
        payload = {"query": SUBSCRIBE, "variables": variables}
        await sock.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        yield sock


async def next_frame(sock: ClientConnection, timeout: float) -> dict[str, Any] | None:
    """The next frame within `timeout` seconds, or None when nothing came."""
    try:
        return json.loads(await asyncio.wait_for(sock.recv(), timeout))
    except TimeoutError:
        return None


def error_codes(frame: dict[str, Any] | None) -> list[str]:
    """Codes of a refused subscription, whichever frame carried them (`error` or `next`)."""
    assert frame is not None, "expected an error frame"
    errors = frame["payload"] if frame["type"] == "error" else frame["payload"]["errors"]
    return [e["extensions"]["code"] for e in errors]

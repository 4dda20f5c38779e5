"""messageUpdates over websockets (graphql-transport-ws), against the running server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import connect

from tests.delivery_api import category, step, trigger, workflow
from tests.harness import Server, WorkspaceClient

SUBSCRIBE = """subscription($id: ID!) {
  messageUpdates(executionId: $id) { id distinctId channel status body }
}"""


async def collect(server: Server, ws: WorkspaceClient, execution_id: str) -> list[dict[str, Any]]:
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Authorization": f"Bearer {ws.key}"}
    updates: list[dict[str, Any]] = []
    async with connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as sock:
        await sock.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await sock.recv())["type"] == "connection_ack"
        await sock.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": SUBSCRIBE, "variables": {"id": execution_id}},
                }
            )
        )
        while True:
            frame = json.loads(await asyncio.wait_for(sock.recv(), 10))
            if frame["type"] == "complete":
                return updates
            if frame["type"] == "error":  # refused before it started
                return frame["payload"]
            assert frame["type"] == "next", frame
            if frame["payload"].get("errors"):
                return frame["payload"]["errors"]
            updates.append(frame["payload"]["data"]["messageUpdates"])


def test_message_updates_stream_until_final(server: Server, workspace: WorkspaceClient) -> None:
    category(workspace)
    workflow(workspace, "hello", [step("INBOX", "Hello {{ recipient.distinct_id }}")])
    execution_id = trigger(workspace, "hello", ["u1", "u2"])["execution"]["id"]
    with server.delivering(workspace):
        updates = asyncio.run(collect(server, workspace, execution_id))
    final = {u["distinctId"]: u for u in updates}
    assert {u["status"] for u in final.values()} == {"SENT"}
    assert final["u1"]["body"] == "Hello u1"
    assert updates[0]["status"] in ("QUEUED", "SENDING", "SENT")


def test_unknown_execution_is_an_error(server: Server, workspace: WorkspaceClient) -> None:
    errors = asyncio.run(collect(server, workspace, "exe_missing"))
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("key", ["hk_wrong", ""])
def test_subscription_needs_a_key(server: Server, workspace: WorkspaceClient, key: str) -> None:
    workspace.key = key
    errors = asyncio.run(collect(server, workspace, "exe_any"))
    assert [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"]

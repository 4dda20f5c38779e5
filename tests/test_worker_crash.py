"""Worker processes dying: SIGKILL loses nothing (at-least-once), SIGTERM finishes its batch."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.delivery_api import category, step, trigger, workflow
from tests.harness import WorkspaceClient
from tests.processes import spawn
from tests.vendor_api import set_ok
from tests.vendors import HTTPVendor, Reply

RECIPIENTS = 60
LIST = """query($id: ID!) { execution(id: $id) { messages(first: 100) {
  edges { node { id status attempts } } } } }"""


@pytest.fixture
def receiver() -> Iterator[HTTPVendor]:
    with HTTPVendor() as vendor:
        vendor.default = Reply(200, delay=0.3)
        yield vendor


def setup(ws: WorkspaceClient, receiver: HTTPVendor) -> str:
    category(ws)
    workflow(ws, "hook", [step("WEBHOOK", "n={{ data.n }}")])
    set_ok(ws, "default", channel="WEBHOOK", provider="webhook", config={"url": receiver.url})
    recipients = [f"user-{i:03}" for i in range(RECIPIENTS)]
    return trigger(ws, "hook", recipients, data={"n": 1})["execution"]["id"]


def worker(ws: WorkspaceClient) -> subprocess.Popen:
    return spawn("worker", "--workspace", ws.name, env={"HERALD_LEASE_SECONDS": "1"})


def statuses(ws: WorkspaceClient, execution_id: str) -> dict[str, str]:
    edges = ws.gql(LIST, {"id": execution_id})["execution"]["messages"]["edges"]
    return {e["node"]["id"]: e["node"]["status"] for e in edges}


def wait_for(condition, timeout: float = 30) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigkill_mid_batch_loses_nothing(workspace: WorkspaceClient, receiver: HTTPVendor) -> None:
    execution_id = setup(workspace, receiver)
    first = worker(workspace)
    wait_for(lambda: len(receiver.requests) >= 5)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    in_flight = [s for s in statuses(workspace, execution_id).values() if s != "SENT"]
    assert in_flight, "the kill should land mid-batch"

    second = worker(workspace)
    try:
        wait_for(lambda: set(statuses(workspace, execution_id).values()) == {"SENT"})
    finally:
        second.terminate()
        second.wait(timeout=15)
    ids = set(statuses(workspace, execution_id))
    received = [r.headers["webhook-id"] for r in receiver.requests]
    assert set(received) == ids  # every message arrived, each under its own id
    assert len(received) >= len(ids)  # at least once; the receiver drops repeats by webhook-id


def test_sigterm_finishes_the_batch_in_flight(
    workspace: WorkspaceClient, receiver: HTTPVendor
) -> None:
    execution_id = setup(workspace, receiver)
    process = worker(workspace)
    wait_for(lambda: len(receiver.requests) >= 5)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    after = statuses(workspace, execution_id)
    assert "SENDING" not in after.values()  # nothing left claimed by a dead worker
    received = [r.headers["webhook-id"] for r in receiver.requests]
    assert len(received) == len(set(received))  # a graceful stop sends nothing twice
    assert {i for i, s in after.items() if s == "SENT"} == set(received)

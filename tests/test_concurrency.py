"""Concurrent duplicates across processes: one idempotency key, exactly one execution."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.delivery_api import TRIGGER, category, step, workflow
from tests.harness import WorkspaceClient
from tests.processes import api_process

CALLS = 24


def test_same_key_from_many_processes_runs_once(workspace: WorkspaceClient) -> None:
    category(workspace)
    workflow(workspace, "once", [step("INBOX", "hi"), step("EMAIL", "hi", "hi")])
    variables = {
        "workflow": "once",
        "recipients": [{"distinctId": "u1"}, {"distinctId": "u2"}],
        "idempotencyKey": "pay-7",
        "data": {"amount": 7},
    }
    with api_process() as second, api_process() as third:
        urls = [workspace.url, second, third]

        def call(i: int) -> dict:
            response = httpx.post(
                f"{urls[i % len(urls)]}/graphql",
                json={"query": TRIGGER, "variables": variables},
                headers={"Authorization": f"Bearer {workspace.key}"},
                timeout=30,
            )
            return response.json()["data"]["triggerWorkflow"]

        with ThreadPoolExecutor(CALLS) as pool:
            results = list(pool.map(call, range(CALLS)))

    assert all(r["errors"] == [] for r in results), [r["errors"] for r in results if r["errors"]]
    assert len({r["execution"]["id"] for r in results}) == 1
    assert sorted(r["replayed"] for r in results) == [False] + [True] * (CALLS - 1)
    messages = workspace.gql(
        '{ messages(filter: {idempotencyKey: "pay-7"}) { edges { node { id } } } }'
    )
    assert len(messages["messages"]["edges"]) == 4  # 2 recipients x 2 steps, once

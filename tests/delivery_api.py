"""GraphQL helpers for workflow, trigger and delivery tests."""

from __future__ import annotations

import time
from typing import Any

from tests.harness import WorkspaceClient

UPSERT_WORKFLOW = """mutation($input: WorkflowInput!) {
  upsertWorkflow(input: $input) { workflow { slug } errors { code field message } }
}"""
TRIGGER = """mutation($workflow: ID!, $recipients: [RecipientInput!]!, $data: JSON, $tenantId: ID,
                   $idempotencyKey: String, $cancellationKey: String, $actor: RecipientInput) {
  triggerWorkflow(workflow: $workflow, recipients: $recipients, data: $data, tenantId: $tenantId,
                  idempotencyKey: $idempotencyKey, cancellationKey: $cancellationKey, actor: $actor) {
    execution { id status idempotencyKey cancellationKey tenant { id } workflow { slug } }
    replayed
    errors { code field message }
  }
}"""
TRACK = """mutation($distinctId: ID!, $event: String!, $properties: JSON, $tenantId: ID,
                   $idempotencyKey: String) {
  trackEvent(distinctId: $distinctId, event: $event, properties: $properties,
             tenantId: $tenantId, idempotencyKey: $idempotencyKey) {
    event { id name distinctId tenantId executions { id workflow { slug } } }
    replayed
    errors { code field message }
  }
}"""
MESSAGE_FIELDS = """id executionId tenantId distinctId channel status skipReason vendor
  vendorTenantId subject body attempts lastError createdAt sentAt"""
EXECUTION = f"""query($id: ID!) {{
  execution(id: $id) {{ id status messages {{ edges {{ node {{ {MESSAGE_FIELDS} }} }} }} }}
}}"""
PENDING = ("ACCEPTED", "RUNNING")


def category(ws: WorkspaceClient, slug: str = "updates", **fields: Any) -> None:
    data = ws.gql(
        "mutation($input: CategoryInput!) { upsertCategory(input: $input) { errors { message } } }",
        {"input": {"slug": slug, "name": slug.title(), **fields}},
    )
    assert data["upsertCategory"]["errors"] == []


def step(channel: str, body: str, subject: str | None = None, **more: Any) -> dict[str, Any]:
    return {"channel": channel, "body": body, "subject": subject, **more}


def workflow(
    ws: WorkspaceClient,
    slug: str,
    steps: list[dict[str, Any]],
    category_slug: str = "updates",
    trigger_events: list[str] | None = None,
) -> None:
    data = ws.gql(
        UPSERT_WORKFLOW,
        {
            "input": {
                "slug": slug,
                "name": slug.replace("-", " ").title(),
                "category": category_slug,
                "triggerEvents": trigger_events or [],
                "steps": steps,
            }
        },
    )
    assert data["upsertWorkflow"]["errors"] == [], data


def trigger(ws: WorkspaceClient, workflow_slug: str, recipients: list[Any], **args: Any) -> dict:
    people = [{"distinctId": r} if isinstance(r, str) else r for r in recipients]
    variables = {"workflow": workflow_slug, "recipients": people, **args}
    return ws.gql(TRIGGER, variables)["triggerWorkflow"]


def track(ws: WorkspaceClient, distinct_id: str, event: str, **args: Any) -> dict:
    return ws.gql(TRACK, {"distinctId": distinct_id, "event": event, **args})["trackEvent"]


def settled(ws: WorkspaceClient, execution_id: str, timeout: float = 15) -> dict:
    """The execution once no message is pending any more.

    Status and messages are read by separate statements, so both must agree it is over.
    """
    deadline = time.monotonic() + timeout
    while True:
        execution = ws.gql(EXECUTION, {"id": execution_id})["execution"]
        done = all(m["status"] not in ("QUEUED", "SENDING") for m in messages_of(execution))
        if execution["status"] not in PENDING and done:
            return execution
        if time.monotonic() > deadline:
            raise AssertionError(f"execution still {execution['status']}: {execution}")
        time.sleep(0.05)


def messages_of(execution: dict) -> list[dict]:
    return [edge["node"] for edge in execution["messages"]["edges"]]

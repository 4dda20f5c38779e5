"""GraphQL documents and helpers for workflows, shared with the trigger tests."""

from __future__ import annotations

from typing import Any

from tests.harness import WorkspaceClient

WORKFLOW_FIELDS = """
  slug name category { slug name } triggerEvents updatedAt
  steps { channel subject body variants { tenantId subject body } }
"""
ERRORS = "errors { code field message }"

UPSERT_WORKFLOW = f"""mutation($input: WorkflowInput!) {{
  upsertWorkflow(input: $input) {{ workflow {{ {WORKFLOW_FIELDS} }} {ERRORS} }}
}}"""
GET_WORKFLOW = f"query($slug: ID!) {{ workflow(slug: $slug) {{ {WORKFLOW_FIELDS} }} }}"
LIST_WORKFLOWS = f"{{ workflows {{ {WORKFLOW_FIELDS} }} }}"

EMAIL_STEP = {
    "channel": "EMAIL",
    "subject": "Hello {{ recipient.properties.first_name }}",
    "body": "<p>News from {{ tenant.tenant_name }}</p>",
}


def upsert_workflow(
    ws: WorkspaceClient,
    slug: str,
    category: str,
    steps: list[dict[str, Any]] | None = None,
    trigger_events: list[str] | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """The upsertWorkflow payload; `steps` defaults to one EMAIL step, events are sent if given."""
    input: dict[str, Any] = {
        "slug": slug,
        "name": name or f"Workflow {slug}",
        "category": category,
        "steps": [EMAIL_STEP] if steps is None else steps,
    }
    if trigger_events is not None:
        input["triggerEvents"] = trigger_events
    return ws.gql(UPSERT_WORKFLOW, {"input": input})["upsertWorkflow"]


def get_workflow(ws: WorkspaceClient, slug: str) -> dict[str, Any] | None:
    return ws.gql(GET_WORKFLOW, {"slug": slug})["workflow"]


def list_workflows(ws: WorkspaceClient) -> list[dict[str, Any]]:
    return ws.gql(LIST_WORKFLOWS)["workflows"]

"""Workflow mutations: one transaction each, problems as UserErrors."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.permissions import SERVER_ONLY
from graph.workflows.types import Workflow, WorkflowInput, WorkflowPayload
from resolvers import workflows


@strawberry.type
class WorkflowMutations:
    @strawberry.mutation(
        permission_classes=SERVER_ONLY,
        description="Create a workflow, or replace the whole definition of the one with this "
        "slug. Templates that do not compile are TEMPLATE_ERROR; nothing is written on any error.",
    )
    async def upsert_workflow(self, info: Info, input: WorkflowInput) -> WorkflowPayload:
        row, errors = await attempt(workflows.upsert_workflow(info.context.req, provided(input)))
        return WorkflowPayload(workflow=Workflow.from_row(row) if row else None, errors=errors)

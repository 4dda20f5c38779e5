"""Workflow queries."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.permissions import SERVER_ONLY
from graph.workflows.types import Workflow
from resolvers import workflows


@strawberry.type
class WorkflowQueries:
    @strawberry.field(
        permission_classes=SERVER_ONLY, description="A workflow by slug; null if it does not exist."
    )
    async def workflow(self, info: Info, slug: strawberry.ID) -> Workflow | None:
        row = await workflows.get_workflow(info.context.req, slug)
        return Workflow.from_row(row) if row else None

    @strawberry.field(
        permission_classes=SERVER_ONLY, description="Every workflow of the workspace, by slug."
    )
    async def workflows(self, info: Info) -> list[Workflow]:
        return [Workflow.from_row(row) for row in await workflows.list_workflows(info.context.req)]

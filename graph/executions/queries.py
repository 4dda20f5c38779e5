"""Reading executions and messages, and previewing a workflow."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.executions.types import (
    ChannelDecision,
    DataArg,
    Execution,
    MessageConnection,
    MessageFilter,
    RecipientInput,
    RecipientPreview,
    WorkflowPreview,
    messages_page,
)
from graph.permissions import SERVER_ONLY
from graph.users.types import TenantIdArg
from models.execution import MessageQuery
from resolvers import executions, preview


@strawberry.type
class ExecutionQueries:
    @strawberry.field(
        permission_classes=SERVER_ONLY, description="An execution by id; null if it does not exist."
    )
    async def execution(self, info: Info, id: strawberry.ID) -> Execution | None:
        row = await executions.get_execution(info.context.req, id)
        return Execution.from_row(row) if row else None

    @strawberry.field(
        permission_classes=SERVER_ONLY,
        description="The message log, newest first, with keyset cursors.",
    )
    async def messages(
        self,
        info: Info,
        filter: MessageFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> MessageConnection:
        query = filter.to_query() if filter else MessageQuery()
        return await messages_page(info, query, first, after)

    @strawberry.field(
        permission_classes=SERVER_ONLY,
        description="What triggerWorkflow would do per recipient and channel: the preference "
        "decision and its reason, the vendor, the rendered content. Sends and stores nothing.",
    )
    async def preview_workflow(
        self,
        info: Info,
        workflow: strawberry.ID,
        recipients: list[RecipientInput],
        actor: RecipientInput | None = strawberry.UNSET,
        data: DataArg = strawberry.UNSET,
        tenant_id: TenantIdArg = strawberry.UNSET,
    ) -> WorkflowPreview:
        call = preview.preview_workflow(
            info.context.req,
            workflow,
            [provided(r) for r in recipients],
            provided(actor) if actor else None,
            None if data is strawberry.UNSET else data,
            None if tenant_id is strawberry.UNSET else tenant_id,
        )
        result, errors = await attempt(call)
        if result is None:
            fallback = "default" if tenant_id in (None, strawberry.UNSET) else tenant_id
            return WorkflowPreview(tenant_id=fallback, recipients=[], errors=errors)
        tenant, people = result
        return WorkflowPreview(
            tenant_id=strawberry.ID(tenant),
            recipients=[
                RecipientPreview(
                    distinct_id=strawberry.ID(p.distinct_id),
                    decisions=[ChannelDecision.from_preview(c) for c in p.channels],
                )
                for p in people
            ],
            errors=[],
        )

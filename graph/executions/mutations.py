"""triggerWorkflow, trackEvent and cancelWorkflowRuns."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from graph.context import Info
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.executions.types import (
    CancelPayload,
    DataArg,
    Execution,
    RecipientInput,
    TrackedEvent,
    TrackEventPayload,
    TriggerWorkflowPayload,
)
from graph.permissions import SERVER_ONLY
from graph.users.types import TenantIdArg
from resolvers import executions, triggers

Key = Annotated[
    str | None,
    strawberry.argument(
        description="Repeat-safe key, 1-255 chars after trimming, kept 24 hours: the same "
        "request with the same key returns the first result with replayed: true."
    ),
]
CancelKey = Annotated[
    str | None, strawberry.argument(description="Lets cancelWorkflowRuns cancel this run.")
]


def _given(value: Any) -> Any:
    return None if value is strawberry.UNSET else value


@strawberry.type
class ExecutionMutations:
    @strawberry.mutation(
        permission_classes=SERVER_ONLY,
        description="Run a workflow for 1-100 recipients in a tenant (default: `default`). "
        "Returns once the execution and its queued messages are stored.",
    )
    async def trigger_workflow(
        self,
        info: Info,
        workflow: strawberry.ID,
        recipients: list[RecipientInput],
        actor: RecipientInput | None = strawberry.UNSET,
        data: DataArg = strawberry.UNSET,
        tenant_id: TenantIdArg = strawberry.UNSET,
        idempotency_key: Key = strawberry.UNSET,
        cancellation_key: CancelKey = strawberry.UNSET,
    ) -> TriggerWorkflowPayload:
        call = triggers.trigger_workflow(
            info.context.req,
            workflow,
            [provided(r) for r in recipients],
            provided(actor) if actor else None,
            _given(data),
            _given(tenant_id),
            _given(idempotency_key),
            _given(cancellation_key),
        )
        accepted, errors = await attempt(call)
        if accepted is None:
            return TriggerWorkflowPayload(execution=None, replayed=False, errors=errors)
        return TriggerWorkflowPayload(
            execution=Execution.from_row(accepted.execution),
            replayed=accepted.replayed,
            errors=[],
        )

    @strawberry.mutation(
        permission_classes=SERVER_ONLY,
        description="Record that a user did something; every workflow listing the event in its "
        "triggerEvents runs for that user.",
    )
    async def track_event(
        self,
        info: Info,
        distinct_id: strawberry.ID,
        event: str,
        properties: DataArg = strawberry.UNSET,
        tenant_id: TenantIdArg = strawberry.UNSET,
        idempotency_key: Key = strawberry.UNSET,
    ) -> TrackEventPayload:
        call = triggers.track_event(
            info.context.req,
            distinct_id,
            event,
            _given(properties),
            _given(tenant_id),
            _given(idempotency_key),
        )
        tracked, errors = await attempt(call)
        if tracked is None:
            return TrackEventPayload(event=None, replayed=False, errors=errors)
        return TrackEventPayload(
            event=TrackedEvent.from_row(tracked.event), replayed=tracked.replayed, errors=[]
        )

    @strawberry.mutation(
        permission_classes=SERVER_ONLY,
        description="Cancel the still-queued messages of runs triggered with this cancellation "
        "key in a tenant (default: `default`).",
    )
    async def cancel_workflow_runs(
        self, info: Info, cancellation_key: str, tenant_id: TenantIdArg = strawberry.UNSET
    ) -> CancelPayload:
        call = executions.cancel_runs(info.context.req, cancellation_key, _given(tenant_id))
        count, errors = await attempt(call)
        return CancelPayload(cancelled_messages=count or 0, errors=errors)

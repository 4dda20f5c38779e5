"""Reading what triggers did: executions, their derived status, messages; and cancelling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from models.execution import (
    FINAL,
    Execution,
    ExecutionStatus,
    Message,
    MessageQuery,
    MessageStatus,
    cancel_queued,
    list_messages,
    messages_of_execution,
)
from models.tenant import Tenant
from models.workflow import Workflow
from resolvers import idempotency
from resolvers.errors import invalid, not_found
from resolvers.scope import Request
from resolvers.tenants import require_tenant

MAX_PAGE = 100
PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING)


async def get_execution(req: Request, execution_id: str) -> Execution | None:
    return await req.loaders.execution.load((req.workspace_id, execution_id))


def derive_status(counts: dict[str, int]) -> ExecutionStatus:
    """An execution's status is derived from its messages, never stored twice."""
    total = sum(counts.values())
    if total and counts.get(MessageStatus.QUEUED, 0) == total:
        return ExecutionStatus.ACCEPTED
    if any(counts.get(s, 0) for s in PENDING):
        return ExecutionStatus.RUNNING
    if total and counts.get(MessageStatus.CANCELLED, 0) == total:
        return ExecutionStatus.CANCELLED
    if total and counts.get(MessageStatus.FAILED, 0) == total:
        return ExecutionStatus.FAILED
    return ExecutionStatus.COMPLETED


async def execution_status(req: Request, execution: Execution) -> ExecutionStatus:
    return derive_status(await req.loaders.status_counts.load((req.workspace_id, execution.id)))


async def execution_workflow(req: Request, execution: Execution) -> Workflow:
    workflow = await req.loaders.workflow.load((req.workspace_id, execution.workflow_slug))
    assert workflow is not None, "workflows are never deleted"
    return workflow


async def execution_tenant(req: Request, execution: Execution) -> Tenant:
    """Deleted tenants still resolve here: their history is kept."""
    tenant = await req.loaders.tenant.load((req.workspace_id, execution.tenant_id))
    assert tenant is not None, "tenants are soft-deleted"
    return tenant


async def page_messages(
    req: Request, query: MessageQuery, first: int | None, before: str | None
) -> tuple[list[Message], bool]:
    size = MAX_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise invalid(["first"], f"first must be between 0 and {MAX_PAGE}")
    async with req.db.session() as session:
        return await list_messages(session, req.workspace_id, query, size, before)


async def cancel_runs(req: Request, cancellation_key: str, tenant_id: str | None) -> int:
    key = idempotency.normalise_key(cancellation_key, "cancellationKey")
    assert key is not None
    tenant = await require_tenant(req, tenant_id, ["tenantId"])
    async with req.db.transaction() as session:
        return await cancel_queued(session, req.workspace_id, tenant.id, key)


async def watch_messages(
    req: Request, execution_id: str, poll_seconds: float = 0.25
) -> AsyncIterator[Message]:
    """Each message now, then each change, until every message is final.

    Polls the table rather than listening in-process, so it sees workers in other processes.
    """
    if await get_execution(req, execution_id) is None:
        raise not_found(["executionId"], f"execution '{execution_id}' does not exist")
    seen: dict[str, tuple[str, int]] = {}
    while True:
        async with req.db.session() as session:
            rows = await messages_of_execution(session, req.workspace_id, execution_id)
        for row in rows:
            state = (row.status, row.attempts)
            if seen.get(row.id) != state:
                seen[row.id] = state
                yield row
        if all(row.status in FINAL for row in rows):
            return
        await asyncio.sleep(poll_seconds)

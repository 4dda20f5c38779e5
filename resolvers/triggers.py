"""triggerWorkflow and trackEvent: validate, reserve the idempotency key, write, return.

The execution, its queued messages, inline recipients and the idempotency record are written
in one transaction; the worker does the rest.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from delivery import wakeup
from models.execution import MESSAGE_ID_PREFIX, Execution, Message, TrackedEvent
from models.ids import new_id
from models.tenant import Tenant
from models.workflow import Workflow
from resolvers import idempotency
from resolvers import validation as v
from resolvers.errors import Code, not_found
from resolvers.scope import Request
from resolvers.tenants import require_tenant
from resolvers.users import check_user, upsert_users

MAX_RECIPIENTS = 100


@dataclass(frozen=True)
class Accepted:
    execution: Execution
    replayed: bool


@dataclass(frozen=True)
class Tracked:
    event: TrackedEvent
    replayed: bool


@dataclass(frozen=True)
class Recipient:
    distinct_id: str
    changes: dict[str, Any]


def check_recipients(
    checker: v.Checker, recipients: list[dict[str, Any]], actor: dict[str, Any] | None
) -> None:
    if not 1 <= len(recipients) <= MAX_RECIPIENTS:
        checker.fail(Code.INVALID, ["recipients"], f"recipients must list 1-{MAX_RECIPIENTS} users")
    seen: set[str] = set()
    for i, r in enumerate(recipients):
        at = ["recipients", str(i)]
        check_user(checker, r["distinct_id"], recipient_changes(r), [*at, "distinctId"], at)
        if r["distinct_id"] in seen:
            checker.fail(Code.INVALID, [*at, "distinctId"], "distinctId appears twice")
        seen.add(r["distinct_id"])
    if actor is not None:
        check_user(
            checker,
            actor["distinct_id"],
            recipient_changes(actor),
            ["actor", "distinctId"],
            ["actor"],
        )


def check_data(checker: v.Checker, field: str, data: Any) -> None:
    if data is not None:
        checker.check([field], v.check_json_object(data))


def recipient_changes(recipient: dict[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in recipient.items() if k != "distinct_id"}


async def require_workflow(req: Request, slug: str) -> Workflow:
    workflow = await req.loaders.workflow.load((req.workspace_id, slug))
    if workflow is None:
        raise not_found(["workflow"], f"workflow '{slug}' does not exist")
    return workflow


def queue_execution(
    session: Session,
    workflow: Workflow,
    tenant: Tenant,
    recipients: list[str],
    **fields: Any,
) -> Execution:
    """Adds the execution and one QUEUED message per recipient and step."""
    execution = Execution(
        workspace_id=tenant.workspace_id,
        id=fields.pop("id", None) or new_id("exe"),
        tenant_id=tenant.id,
        workflow_slug=workflow.slug,
        **fields,
    )
    session.add(execution)
    session.add_all(
        Message(
            workspace_id=tenant.workspace_id,
            id=new_id(MESSAGE_ID_PREFIX),
            execution_id=execution.id,
            tenant_id=tenant.id,
            distinct_id=distinct_id,
            workflow_slug=workflow.slug,
            channel=step["channel"],
        )
        for distinct_id in recipients
        for step in workflow.steps
    )
    return execution


async def targets(
    req: Request,
    workflow_slug: str,
    recipients: list[dict[str, Any]],
    actor: dict[str, Any] | None,
    data: Any,
    tenant_id: str | None,
) -> tuple[Workflow, Tenant]:
    """What triggerWorkflow and previewWorkflow both check first, then the workflow and tenant."""
    checker = v.Checker()
    check_recipients(checker, recipients, actor)
    check_data(checker, "data", data)
    checker.raise_if_any()
    return await asyncio.gather(
        require_workflow(req, workflow_slug), require_tenant(req, tenant_id, ["tenantId"])
    )


async def trigger_workflow(
    req: Request,
    workflow_slug: str,
    recipients: list[dict[str, Any]],
    actor: dict[str, Any] | None,
    data: Any,
    tenant_id: str | None,
    idempotency_key: str | None,
    cancellation_key: str | None,
) -> Accepted:
    key = idempotency.normalise_key(idempotency_key)
    cancellation_key = idempotency.normalise_key(cancellation_key, "cancellationKey")
    workflow, tenant = await targets(req, workflow_slug, recipients, actor, data, tenant_id)
    people = {r["distinct_id"]: recipient_changes(r) for r in recipients}
    if actor is not None:
        people.setdefault(actor["distinct_id"], recipient_changes(actor))
    fingerprint = idempotency.request_hash(
        {
            "workflow": workflow.slug,
            "recipients": recipients,
            "actor": actor,
            "data": data,
            "tenant": tenant.id,
            "cancellation_key": cancellation_key,
        }
    )
    execution_id = new_id("exe")

    def write(session: Session) -> Execution | str:
        if key is not None:
            reservation = idempotency.reserve(
                session,
                req.workspace_id,
                "triggerWorkflow",
                key,
                fingerprint,
                {"executionId": execution_id},
            )
            if reservation.replay is not None:
                return str(reservation.replay["executionId"])
        upsert_users(session, req.workspace_id, people)
        return queue_execution(
            session,
            workflow,
            tenant,
            [r["distinct_id"] for r in recipients],
            id=execution_id,
            idempotency_key=key,
            cancellation_key=cancellation_key,
            data=data or {},
            actor=actor_vars(actor),
        )

    written = await req.db.write(write)
    if isinstance(written, str):
        return Accepted(await _execution(req, written), True)
    _after_write(req, people)
    return Accepted(written, False)


def actor_vars(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "distinct_id": actor["distinct_id"],
        "channels": actor.get("channels") or {},
        "properties": actor.get("properties") or {},
    }


def _after_write(req: Request, people: dict[str, Any]) -> None:
    for distinct_id in people:
        req.loaders.forget_user(req.workspace_id, distinct_id)
    wakeup.queued()


async def _execution(req: Request, execution_id: str) -> Execution:
    execution = await req.loaders.execution.load((req.workspace_id, execution_id))
    assert execution is not None, "an idempotency record outlived its execution"
    return execution


async def track_event(
    req: Request,
    distinct_id: str,
    event: str,
    properties: Any,
    tenant_id: str | None,
    idempotency_key: str | None,
) -> Tracked:
    """Starts every workflow whose trigger events contain `event`, for that one user."""
    checker = v.Checker()
    checker.check(["event"], v.check_plain_text(event, 200))
    check_data(checker, "properties", properties)
    checker.raise_if_any()
    key = idempotency.normalise_key(idempotency_key)
    if await req.loaders.user.load((req.workspace_id, distinct_id)) is None:
        raise not_found(["distinctId"], f"user '{distinct_id}' does not exist")
    tenant = await require_tenant(req, tenant_id, ["tenantId"])
    workflows = [
        w for w in await req.loaders.workflows.load(req.workspace_id) if event in w.trigger_events
    ]
    tracked = TrackedEvent(
        workspace_id=req.workspace_id,
        id=new_id("evt"),
        name=event,
        distinct_id=distinct_id,
        tenant_id=tenant.id,
        properties=properties or {},
    )
    fingerprint = idempotency.request_hash(
        {"user": distinct_id, "event": event, "properties": properties, "tenant": tenant.id}
    )

    def write(session: Session) -> TrackedEvent:
        if key is not None:
            reservation = idempotency.reserve(
                session, req.workspace_id, "trackEvent", key, fingerprint, {"eventId": tracked.id}
            )
            if reservation.replay is not None:
                earlier = session.get(
                    TrackedEvent, (req.workspace_id, reservation.replay["eventId"])
                )
                assert earlier is not None, "an idempotency record outlived its event"
                return earlier
        session.add(tracked)
        for workflow in workflows:
            queue_execution(
                session,
                workflow,
                tenant,
                [distinct_id],
                event_id=tracked.id,
                idempotency_key=key,
                data=properties or {},
            )
        return tracked

    written = await req.db.write(write)
    if written is not tracked:
        return Tracked(written, True)
    if workflows:
        wakeup.queued()
    return Tracked(tracked, False)

"""previewWorkflow: what a trigger would do, per recipient and channel, sending nothing."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from typing import Any

from delivery.context import load_context
from delivery.plan import Plan, plan
from models.user import User
from resolvers import triggers
from resolvers.scope import Request
from resolvers.users import apply_changes


@dataclass(frozen=True)
class ChannelPreview:
    channel: str
    plan: Plan


@dataclass(frozen=True)
class RecipientPreview:
    distinct_id: str
    channels: list[ChannelPreview]


def _with_changes(stored: User | None, workspace_id: str, recipient: dict[str, Any]) -> User:
    """The stored user with the inline changes applied, on a copy that is never saved."""
    base = stored.model_copy(deep=True) if stored else None
    user = base or User(workspace_id=workspace_id, distinct_id=recipient["distinct_id"])
    apply_changes(user, triggers.recipient_changes(recipient))
    return user


async def preview_workflow(
    req: Request,
    workflow_slug: str,
    recipients: list[dict[str, Any]],
    actor: dict[str, Any] | None,
    data: Any,
    tenant_id: str | None,
) -> tuple[str, list[RecipientPreview]]:
    workflow, tenant = await triggers.targets(
        req, workflow_slug, recipients, actor, data, tenant_id
    )
    contexts = await asyncio.gather(
        *(
            load_context(req.loaders, req.workspace_id, tenant, workflow, r["distinct_id"])
            for r in recipients
        )
    )
    actor_vars = triggers.actor_vars(actor)
    previews = []
    for recipient, ctx in zip(recipients, contexts, strict=True):
        ctx = dataclasses.replace(ctx, user=_with_changes(ctx.user, req.workspace_id, recipient))
        channels = [
            ChannelPreview(
                step["channel"],
                plan(ctx, step["channel"], recipient["distinct_id"], data or {}, actor_vars),
            )
            for step in workflow.steps
        ]
        previews.append(RecipientPreview(recipient["distinct_id"], channels))
    return tenant.id, previews

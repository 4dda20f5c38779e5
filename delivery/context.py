"""Everything one message needs to be decided, routed and rendered, read through the loaders.

Loading all messages of a batch concurrently lets the DataLoaders batch each table into one
statement: a batch of 100 messages in one tenant reads the tenant, its preferences and its
vendors once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from models.branding import Branding, effective_branding
from models.category import Category, TenantCategoryPreference
from models.execution import Execution
from models.loaders import Loaders
from models.tenant import DEFAULT_TENANT, Tenant
from models.user import User
from models.user_preferences import UserCategoryPreference
from models.vendor import TenantVendor
from models.workflow import Workflow


@dataclass(frozen=True)
class MessageContext:
    tenant: Tenant
    branding: Branding
    workflow: Workflow
    category: Category | None
    tenant_preference: TenantCategoryPreference | None
    user: User | None
    user_preference: UserCategoryPreference | None
    restricted_channels: list[str]
    tenant_vendors: list[TenantVendor]
    default_vendors: list[TenantVendor]

    def step(self, channel: str) -> dict[str, Any] | None:
        return next((s for s in self.workflow.steps if s["channel"] == channel), None)


def _by_category(rows: list[Any], slug: str) -> Any:
    return next((r for r in rows if r.category_slug == slug), None)


async def load_context(
    loaders: Loaders,
    workspace_id: str,
    tenant: Tenant,
    workflow: Workflow,
    distinct_id: str,
) -> MessageContext:
    """Reads, concurrently so they batch, what the decision and the rendering need."""
    tenant_key = (workspace_id, tenant.id)
    user_key = (workspace_id, tenant.id, distinct_id)
    (
        default,
        categories,
        overrides,
        user,
        choices,
        restriction,
        own,
        fallback,
    ) = await asyncio.gather(
        loaders.tenant.load((workspace_id, DEFAULT_TENANT)),
        loaders.categories.load(workspace_id),
        loaders.tenant_category_preferences.load(tenant_key),
        loaders.user.load((workspace_id, distinct_id)),
        loaders.user_category_preferences.load(user_key),
        loaders.restriction.load(user_key),
        loaders.vendors.load(tenant_key),
        loaders.vendors.load((workspace_id, DEFAULT_TENANT)),
    )
    slug = workflow.category_slug
    return MessageContext(
        tenant=tenant,
        branding=effective_branding(tenant, default),
        workflow=workflow,
        category=next((c for c in categories if c.slug == slug), None),
        tenant_preference=_by_category(overrides, slug),
        user=user,
        user_preference=_by_category(choices, slug),
        restricted_channels=list(restriction.channels) if restriction else [],
        tenant_vendors=own,
        default_vendors=fallback if tenant.id != DEFAULT_TENANT else [],
    )


async def load_execution_parts(
    loaders: Loaders, workspace_id: str, execution_id: str
) -> tuple[Execution | None, Tenant | None, Workflow | None]:
    execution = await loaders.execution.load((workspace_id, execution_id))
    if execution is None:
        return None, None, None
    tenant, workflow = await asyncio.gather(
        loaders.tenant.load((workspace_id, execution.tenant_id)),
        loaders.workflow.load((workspace_id, execution.workflow_slug)),
    )
    return execution, tenant, workflow

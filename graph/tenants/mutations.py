"""Tenant mutations: each is one transaction and reports problems as UserErrors."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.permissions import SERVER_ONLY
from graph.tenants.types import DeletePayload, Tenant, TenantInput, TenantPayload
from resolvers import tenants


@strawberry.type
class TenantMutations:
    @strawberry.mutation(
        description="Create a tenant, or update the fields given.", permission_classes=SERVER_ONLY
    )
    async def upsert_tenant(
        self, info: Info, id: strawberry.ID, input: TenantInput
    ) -> TenantPayload:
        row, errors = await attempt(tenants.upsert_tenant(info.context.req, id, provided(input)))
        return TenantPayload(tenant=Tenant.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(
        description="Delete a tenant; its past executions and messages are kept.",
        permission_classes=SERVER_ONLY,
    )
    async def delete_tenant(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await attempt(tenants.delete_tenant(info.context.req, id))
        return DeletePayload(deleted=not errors, errors=errors)

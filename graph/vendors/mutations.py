"""Vendor mutations: each is one transaction and reports problems as UserErrors."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.enums import Channel
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.permissions import SERVER_ONLY
from graph.tenants.types import DeletePayload
from graph.vendors.types import TenantVendor, TenantVendorInput, TenantVendorPayload
from resolvers import vendors


@strawberry.type
class VendorMutations:
    @strawberry.mutation(
        description="Set the tenant's vendor for a channel (validated per provider).",
        permission_classes=SERVER_ONLY,
    )
    async def set_tenant_vendor(
        self, info: Info, tenant_id: strawberry.ID, input: TenantVendorInput
    ) -> TenantVendorPayload:
        row, errors = await attempt(
            vendors.set_vendor(info.context.req, tenant_id, provided(input))
        )
        return TenantVendorPayload(
            vendor=TenantVendor.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Remove the tenant's vendor for a channel; the default tenant's applies again.",
        permission_classes=SERVER_ONLY,
    )
    async def remove_tenant_vendor(
        self, info: Info, tenant_id: strawberry.ID, channel: Channel
    ) -> DeletePayload:
        _, errors = await attempt(vendors.remove_vendor(info.context.req, tenant_id, channel.value))
        return DeletePayload(deleted=not errors, errors=errors)

"""Tenant queries."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.errors import bad_argument
from graph.core.pagination import PageInfo, decode_cursor, encode_cursor
from graph.permissions import SERVER_ONLY, OwnTenant
from graph.tenants.types import Tenant, TenantConnection, TenantEdge
from resolvers import tenants
from resolvers.errors import UserErrors

CURSOR = "tenant"


@strawberry.type
class TenantQueries:
    @strawberry.field(
        description="A tenant by id; null if it does not exist.", permission_classes=[OwnTenant]
    )
    async def tenant(self, info: Info, id: strawberry.ID) -> Tenant | None:
        row = await tenants.get_tenant(info.context.req, id)
        return Tenant.from_row(row) if row else None

    @strawberry.field(
        description="Tenants ordered by id, searchable by id or name.",
        permission_classes=SERVER_ONLY,
    )
    async def tenants(
        self,
        info: Info,
        first: int | None = 100,
        after: str | None = None,
        search: str | None = None,
    ) -> TenantConnection:
        try:
            page = await tenants.page_tenants(
                info.context.req, first, decode_cursor(CURSOR, after), search
            )
        except UserErrors as exc:
            raise bad_argument("first", exc.errors[0].message) from None
        edges = [
            TenantEdge(cursor=encode_cursor(CURSOR, t.id), node=Tenant.from_row(t))
            for t in page.tenants
        ]
        end = edges[-1].cursor if edges else None
        return TenantConnection(
            search=search,
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=end),
        )

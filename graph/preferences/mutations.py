"""Category and tenant-override mutations: one transaction each, problems as UserErrors."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.errors import attempt
from graph.core.inputs import provided
from graph.permissions import SERVER_ONLY
from graph.preferences.types import (
    Category,
    CategoryInput,
    CategoryPayload,
    TenantCategoryPreference,
    TenantCategoryPreferenceInput,
    TenantCategoryPreferencePayload,
)
from resolvers import categories, tenant_preferences


@strawberry.type
class PreferenceMutations:
    @strawberry.mutation(
        description="Create a category, or update the one with this slug.",
        permission_classes=SERVER_ONLY,
    )
    async def upsert_category(self, info: Info, input: CategoryInput) -> CategoryPayload:
        row, errors = await attempt(categories.upsert_category(info.context.req, provided(input)))
        return CategoryPayload(category=Category.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(
        description="Override a category for one tenant: omitted fields are kept, null inherits.",
        permission_classes=SERVER_ONLY,
    )
    async def set_tenant_category_preference(
        self,
        info: Info,
        tenant_id: strawberry.ID,
        category: strawberry.ID,
        input: TenantCategoryPreferenceInput,
    ) -> TenantCategoryPreferencePayload:
        call = tenant_preferences.set_tenant_category_preference(
            info.context.req, tenant_id, category, provided(input)
        )
        value, errors = await attempt(call)
        return TenantCategoryPreferencePayload(
            category_preference=TenantCategoryPreference.from_value(value) if value else None,
            errors=errors,
        )

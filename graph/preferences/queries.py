"""Category queries."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.permissions import SERVER_ONLY
from graph.preferences.types import Category
from resolvers import categories


@strawberry.type
class PreferenceQueries:
    @strawberry.field(
        description="A category by slug; null if it does not exist.",
        permission_classes=SERVER_ONLY,
    )
    async def category(self, info: Info, slug: strawberry.ID) -> Category | None:
        row = await categories.get_category(info.context.req, slug)
        return Category.from_row(row) if row else None

    @strawberry.field(
        description="Every category of the workspace, by slug.", permission_classes=SERVER_ONLY
    )
    async def categories(self, info: Info) -> list[Category]:
        return [
            Category.from_row(row) for row in await categories.list_categories(info.context.req)
        ]

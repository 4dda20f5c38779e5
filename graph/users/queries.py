"""User queries."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.permissions import IsSelf
from graph.users.types import User
from resolvers import users


@strawberry.type
class UserQueries:
    @strawberry.field(
        description="A user by distinct id; null if unknown.", permission_classes=[IsSelf]
    )
    async def user(self, info: Info, distinct_id: strawberry.ID) -> User | None:
        row = await users.get_user(info.context.req, distinct_id)
        return User.from_row(row) if row else None

"""User mutations: the user's record and their choices per tenant."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.context import Info
from graph.core.enums import Channel, UserPreference
from graph.core.errors import attempt
from graph.core.inputs import or_none, provided
from graph.permissions import SERVER_ONLY, SelfInOwnTenant
from graph.preferences.types import UserPreferences, UserPreferencesPayload
from graph.users.types import TenantIdArg, User, UserInput, UserPayload
from resolvers import user_preferences, users
from resolvers.user_preferences import PreferencesView

OptedOutArg = Annotated[
    list[Channel] | None,
    strawberry.argument(
        description="Channels to turn off for this category (not mandatory ones). Omitted "
        "keeps the current list; null or a list replaces it."
    ),
]


def _payload(view: PreferencesView | None, errors: list) -> UserPreferencesPayload:
    preferences = UserPreferences.from_view(view) if view else None
    return UserPreferencesPayload(preferences=preferences, errors=errors)


@strawberry.type
class UserMutations:
    @strawberry.mutation(
        description="Create a user, or update the fields given.", permission_classes=SERVER_ONLY
    )
    async def upsert_user(
        self, info: Info, distinct_id: strawberry.ID, input: UserInput
    ) -> UserPayload:
        call = users.upsert_user(info.context.req, distinct_id, provided(input))
        row, errors = await attempt(call)
        return UserPayload(user=User.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(
        description="Set a user's choice for one category in one tenant.",
        permission_classes=[SelfInOwnTenant],
    )
    async def set_user_category_preference(
        self,
        info: Info,
        distinct_id: strawberry.ID,
        category: strawberry.ID,
        preference: UserPreference,
        opted_out_channels: OptedOutArg = strawberry.UNSET,
        tenant_id: TenantIdArg = strawberry.UNSET,
    ) -> UserPreferencesPayload:
        changes: dict = {"preference": preference.value}
        if opted_out_channels is not strawberry.UNSET:
            changes["opted_out_channels"] = [c.value for c in opted_out_channels or []]
        call = user_preferences.set_category_preference(
            info.context.req, distinct_id, category, changes, or_none(tenant_id)
        )
        return _payload(*await attempt(call))

    @strawberry.mutation(
        description="Replace the channels a user refuses in one tenant (mandatory ones still "
        "send).",
        permission_classes=[SelfInOwnTenant],
    )
    async def set_user_restricted_channels(
        self,
        info: Info,
        distinct_id: strawberry.ID,
        channels: list[Channel],
        tenant_id: TenantIdArg = strawberry.UNSET,
    ) -> UserPreferencesPayload:
        call = user_preferences.set_restricted_channels(
            info.context.req, distinct_id, [c.value for c in channels], or_none(tenant_id)
        )
        return _payload(*await attempt(call))

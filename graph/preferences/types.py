"""Preference types: categories, a tenant's overrides, a user's page in one tenant, inputs."""

from __future__ import annotations

import strawberry

from graph.core.enums import Channel, PreferenceSource, TenantPreference, UserPreference
from graph.core.errors import UserError
from models.category import Category as CategoryRow
from resolvers.tenant_preferences import TenantOverride
from resolvers.user_preferences import CategoryChoice, PreferencesView


def _channels(values: list[str]) -> list[Channel]:
    return [Channel(c) for c in values]


@strawberry.type(description="A kind of notification users can opt in to or out of.")
class Category:
    slug: strawberry.ID = strawberry.field(description="Immutable id: 1-64 of a-z 0-9 _ -.")
    name: str = strawberry.field(description="Display name, plain text.")
    description: str | None = strawberry.field(description="What the category is for.")
    default_preference: TenantPreference = strawberry.field(
        description="What users get until their tenant or they choose otherwise."
    )
    default_mandatory_channels: list[Channel] = strawberry.field(
        description="Channels that always send, unless a tenant sets its own list."
    )

    @classmethod
    def from_row(cls, row: CategoryRow) -> Category:
        return cls(
            slug=strawberry.ID(row.slug),
            name=row.name,
            description=row.description,
            default_preference=TenantPreference(row.default_preference),
            default_mandatory_channels=_channels(row.default_mandatory_channels),
        )


@strawberry.input(description="A category to create, or to update by slug.")
class CategoryInput:
    slug: strawberry.ID = strawberry.field(description="1-64 of a-z 0-9 _ -; immutable.")
    name: str = strawberry.field(description="Display name, plain text.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Plain text; omitted is kept, null clears."
    )
    default_preference: TenantPreference | None = strawberry.field(
        default=strawberry.UNSET, description="OPT_IN when created without one; null keeps it."
    )
    default_mandatory_channels: list[Channel] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the list; none when created without."
    )


@strawberry.type(description="The result of upsertCategory.")
class CategoryPayload:
    category: Category | None = strawberry.field(description="The category; null on errors.")
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")


@strawberry.type(
    description="A tenant's override of one category, with inherited values filled in."
)
class TenantCategoryPreference:
    category: Category = strawberry.field(description="The category overridden.")
    preference: TenantPreference = strawberry.field(
        description="The tenant's default for its users: its own, else the category's."
    )
    preference_source: PreferenceSource = strawberry.field(
        description="TENANT when the tenant set the preference, CATEGORY when inherited."
    )
    visible_to_subscriber: bool = strawberry.field(
        description="False hides the category from this tenant's users' preferences."
    )
    mandatory_channels: list[Channel] = strawberry.field(
        description="Channels that always send: the tenant's list, else the category's."
    )
    mandatory_channels_source: PreferenceSource = strawberry.field(
        description="TENANT when the tenant set the list, CATEGORY when inherited."
    )
    opt_in_channels: list[Channel] | None = strawberry.field(
        description="The only channels this category may use in the tenant. Null means every "
        "channel."
    )
    enabled_for_tenant: bool = strawberry.field(
        description="False: the category never sends in this tenant, and is hidden."
    )

    @classmethod
    def from_value(cls, o: TenantOverride) -> TenantCategoryPreference:
        return cls(
            category=Category.from_row(o.category),
            preference=TenantPreference(o.preference),
            preference_source=PreferenceSource(o.preference_source),
            visible_to_subscriber=o.visible_to_subscriber,
            mandatory_channels=_channels(o.mandatory_channels),
            mandatory_channels_source=PreferenceSource(o.mandatory_channels_source),
            opt_in_channels=None if o.opt_in_channels is None else _channels(o.opt_in_channels),
            enabled_for_tenant=o.enabled_for_tenant,
        )


def _inherit(what: str) -> object:
    return strawberry.field(
        default=strawberry.UNSET, description=f"{what} Omitted is kept; null inherits."
    )


@strawberry.input(description="Override fields to set. Omitted fields are kept; null inherits.")
class TenantCategoryPreferenceInput:
    preference: TenantPreference | None = _inherit("Default for the tenant's users.")
    visible_to_subscriber: bool | None = _inherit("Show to users (inherits true).")
    mandatory_channels: list[Channel] | None = _inherit(
        "Channels that always send; must be among optInChannels when both are set."
    )
    opt_in_channels: list[Channel] | None = _inherit("The only channels allowed (null: all).")
    enabled_for_tenant: bool | None = _inherit("Send this category at all (inherits true).")


@strawberry.type(description="The result of setTenantCategoryPreference.")
class TenantCategoryPreferencePayload:
    category_preference: TenantCategoryPreference | None = strawberry.field(
        description="The override as stored; null on errors."
    )
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")


@strawberry.type(description="One category as a user sees and edits it in one tenant.")
class UserCategoryPreference:
    category: Category = strawberry.field(description="The category.")
    preference: UserPreference = strawberry.field(
        description="The effective choice; a category users cannot leave reads OPT_IN."
    )
    opted_out_channels: list[Channel] = strawberry.field(
        description="Channels the user turned off for this category (mandatory ones excluded)."
    )
    mandatory_channels: list[Channel] = strawberry.field(
        description="Channels that send whatever the user chooses."
    )
    is_editable: bool = strawberry.field(
        description="False when the user cannot opt out of the category (CANT_UNSUBSCRIBE)."
    )
    source: PreferenceSource = strawberry.field(description="Who decided the preference.")

    @classmethod
    def from_value(cls, choice: CategoryChoice) -> UserCategoryPreference:
        e = choice.effective
        return cls(
            category=Category.from_row(choice.category),
            preference=UserPreference(e.preference),
            opted_out_channels=_channels(e.opted_out_channels),
            mandatory_channels=_channels(e.mandatory_channels),
            is_editable=e.is_editable,
            source=PreferenceSource(e.source),
        )


@strawberry.type(description="A user's preferences in one tenant: what their settings page shows.")
class UserPreferences:
    tenant_id: strawberry.ID = strawberry.field(description="The tenant these apply in.")
    restricted_channels: list[Channel] = strawberry.field(
        description="Channels the user refuses in this tenant, except for mandatory messages."
    )
    categories: list[UserCategoryPreference] = strawberry.field(
        description="Every category visible to this tenant's users, by slug."
    )

    @classmethod
    def from_view(cls, view: PreferencesView) -> UserPreferences:
        return cls(
            tenant_id=strawberry.ID(view.tenant_id),
            restricted_channels=_channels(view.restricted_channels),
            categories=[UserCategoryPreference.from_value(c) for c in view.categories],
        )


@strawberry.type(description="The result of a user preference change.")
class UserPreferencesPayload:
    preferences: UserPreferences | None = strawberry.field(
        description="The user's preferences in the tenant after the change; null on errors."
    )
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")

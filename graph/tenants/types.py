"""Tenant types: the stored tenant, its effective branding, and inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.context import Info
from graph.core.enums import Channel
from graph.core.errors import UserError
from graph.core.pagination import PageInfo
from graph.core.scalars import JSON
from graph.permissions import SERVER_ONLY
from graph.preferences.types import TenantCategoryPreference
from graph.vendors.types import TenantVendor
from models.branding import Branding as BrandingValue
from models.tenant import Tenant as TenantRow
from resolvers import tenant_preferences, tenants, vendors

LINKS = (
    "website",
    "facebook",
    "linkedin",
    "x",
    "instagram",
    "medium",
    "discord",
    "telegram",
    "youtube",
    "tiktok",
)


def _link(name: str, default: object = None) -> str | None:
    return strawberry.field(default=default, description=f"The {name} URL.")


@strawberry.type(description="Links to the tenant's website and social profiles.")
class SocialLinks:
    website: str | None = _link("website")
    facebook: str | None = _link("Facebook")
    linkedin: str | None = _link("LinkedIn")
    x: str | None = _link("X (Twitter)")
    instagram: str | None = _link("Instagram")
    medium: str | None = _link("Medium")
    discord: str | None = _link("Discord")
    telegram: str | None = _link("Telegram")
    youtube: str | None = _link("YouTube")
    tiktok: str | None = _link("TikTok")

    @classmethod
    def from_dict(cls, links: dict[str, str]) -> SocialLinks:
        return cls(**{k: v for k, v in links.items() if k in LINKS})


@strawberry.input(description="Social links; a link set to null is removed, omitted is kept.")
class SocialLinksInput:
    website: str | None = _link("website", strawberry.UNSET)
    facebook: str | None = _link("Facebook", strawberry.UNSET)
    linkedin: str | None = _link("LinkedIn", strawberry.UNSET)
    x: str | None = _link("X (Twitter)", strawberry.UNSET)
    instagram: str | None = _link("Instagram", strawberry.UNSET)
    medium: str | None = _link("Medium", strawberry.UNSET)
    discord: str | None = _link("Discord", strawberry.UNSET)
    telegram: str | None = _link("Telegram", strawberry.UNSET)
    youtube: str | None = _link("YouTube", strawberry.UNSET)
    tiktok: str | None = _link("TikTok", strawberry.UNSET)


@strawberry.type(
    description="Effective branding: the tenant's own value where set, else the default tenant's."
)
class Branding:
    tenant_id: strawberry.ID = strawberry.field(description="The tenant this branding is for.")
    tenant_name: str = strawberry.field(description="The tenant's name.")
    logo: str | None = strawberry.field(description="Logo URL.")
    primary_color: str | None = strawberry.field(description="Primary colour, hex.")
    secondary_color: str | None = strawberry.field(description="Secondary colour, hex.")
    tertiary_color: str | None = strawberry.field(description="Tertiary colour, hex.")
    social_links: SocialLinks = strawberry.field(description="Social links, merged per link.")
    properties: JSON = strawberry.field(description="Custom properties, merged per key.")
    timezone: str | None = strawberry.field(description="IANA timezone.")
    preference_page_url: str | None = strawberry.field(
        description="Where users manage their preferences."
    )

    @classmethod
    def from_value(cls, b: BrandingValue) -> Branding:
        return cls(
            tenant_id=strawberry.ID(b.tenant_id),
            tenant_name=b.tenant_name,
            logo=b.logo,
            primary_color=b.primary_color,
            secondary_color=b.secondary_color,
            tertiary_color=b.tertiary_color,
            social_links=SocialLinks.from_dict(b.social_links),
            properties=b.properties,
            timezone=b.timezone,
            preference_page_url=b.preference_page_url,
        )


@strawberry.type(
    description="An organisation, team or brand your users belong to, as stored (no fallback)."
)
class Tenant:
    row: strawberry.Private[TenantRow]
    id: strawberry.ID = strawberry.field(description="Immutable id: 1-64 of a-z 0-9 _ -.")
    name: str = strawberry.field(description="Display name, plain text.")
    logo: str | None = strawberry.field(description="Logo URL.")
    primary_color: str | None = strawberry.field(description="Primary colour, hex.")
    secondary_color: str | None = strawberry.field(description="Secondary colour, hex.")
    tertiary_color: str | None = strawberry.field(description="Tertiary colour, hex.")
    social_links: SocialLinks = strawberry.field(description="The tenant's own social links.")
    properties: JSON = strawberry.field(description="Custom properties for templates.")
    timezone: str | None = strawberry.field(description="IANA timezone.")
    preference_page_url: str | None = strawberry.field(
        description="Where this tenant's users manage their preferences."
    )
    blocked_channels: list[Channel] = strawberry.field(
        description="Channels never used for this tenant, in any category."
    )
    created_at: datetime = strawberry.field(description="When the tenant was created.")
    updated_at: datetime = strawberry.field(description="When the tenant last changed.")

    @strawberry.field(description="What templates see: own values, else the default tenant's.")
    async def branding(self, info: Info) -> Branding:
        return Branding.from_value(await tenants.branding(info.context.req, self.row))

    @strawberry.field(
        description="The tenant's category overrides, by category slug.",
        permission_classes=SERVER_ONLY,
    )
    async def category_preferences(self, info: Info) -> list[TenantCategoryPreference]:
        overrides = await tenant_preferences.tenant_overrides(info.context.req, self.row)
        return [TenantCategoryPreference.from_value(o) for o in overrides]

    @strawberry.field(
        description="The tenant's own vendors, one per channel (not the default tenant's).",
        permission_classes=SERVER_ONLY,
    )
    async def vendors(self, info: Info) -> list[TenantVendor]:
        rows = await vendors.list_vendors(info.context.req, self.row)
        return [TenantVendor.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: TenantRow) -> Tenant:
        return cls(
            row=row,
            id=strawberry.ID(row.id),
            name=row.name,
            logo=row.logo,
            primary_color=row.primary_color,
            secondary_color=row.secondary_color,
            tertiary_color=row.tertiary_color,
            social_links=SocialLinks.from_dict(row.social_links),
            properties=row.properties,
            timezone=row.timezone,
            preference_page_url=row.preference_page_url,
            blocked_channels=[Channel(c) for c in row.blocked_channels],
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="A tenant in a page of tenants.")
class TenantEdge:
    cursor: str = strawberry.field(description="Opaque position of this tenant.")
    node: Tenant = strawberry.field(description="The tenant.")


@strawberry.type(description="A page of tenants, ordered by id.")
class TenantConnection:
    search: strawberry.Private[str | None]
    edges: list[TenantEdge] = strawberry.field(description="The tenants of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow.")

    @strawberry.field(description="How many tenants match, across all pages.")
    async def total_count(self, info: Info) -> int:
        return await tenants.total_tenants(info.context.req, self.search)


@strawberry.input(
    description="Tenant fields to set. Omitted fields are kept; null clears (except name)."
)
class TenantInput:
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Required on create; plain text, no HTML."
    )
    logo: str | None = strawberry.field(default=strawberry.UNSET, description="http(s) URL.")
    primary_color: str | None = strawberry.field(
        default=strawberry.UNSET, description="#RGB or #RRGGBB."
    )
    secondary_color: str | None = strawberry.field(
        default=strawberry.UNSET, description="#RGB or #RRGGBB."
    )
    tertiary_color: str | None = strawberry.field(
        default=strawberry.UNSET, description="#RGB or #RRGGBB."
    )
    social_links: SocialLinksInput | None = strawberry.field(
        default=strawberry.UNSET, description="Merged per link; a null link is removed."
    )
    properties: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="A JSON object merged by top-level key; a key set to null is removed.",
    )
    timezone: str | None = strawberry.field(
        default=strawberry.UNSET, description="IANA timezone, e.g. Europe/Berlin."
    )
    preference_page_url: str | None = strawberry.field(
        default=strawberry.UNSET, description="http(s) URL of the preference page."
    )
    blocked_channels: list[Channel] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the blocked channels."
    )


@strawberry.type(description="The result of upsertTenant.")
class TenantPayload:
    tenant: Tenant | None = strawberry.field(description="The tenant as stored; null on errors.")
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")


@strawberry.type(description="The result of a delete.")
class DeletePayload:
    deleted: bool = strawberry.field(description="True when something was deleted.")
    errors: list[UserError] = strawberry.field(description="Why nothing was deleted.")

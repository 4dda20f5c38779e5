"""A tenant's overrides of categories, shown with what they inherit filled in."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from delivery.preferences import mandatory_channels, tenant_default
from models.category import Category, TenantCategoryPreference
from models.columns import utcnow
from models.preference_values import PreferenceSource
from models.tenant import Tenant
from resolvers import validation as v
from resolvers.errors import Code, invalid
from resolvers.scope import Request
from resolvers.tenants import tenant_in_write
from resolvers.writes import flush_or_conflict

# Input fields; null means "inherit": the category's value, or true for the two switches.
INHERITED = {
    "preference": None,
    "visible_to_subscriber": True,
    "mandatory_channels": None,
    "opt_in_channels": None,
    "enabled_for_tenant": True,
}
CHANNEL_LISTS = ("mandatory_channels", "opt_in_channels")


@dataclass(frozen=True)
class TenantOverride:
    """One override as the API shows it: inherited values resolved, with where they came from."""

    category: Category
    preference: str
    preference_source: str
    visible_to_subscriber: bool
    mandatory_channels: list[str]
    mandatory_channels_source: str
    opt_in_channels: list[str] | None
    enabled_for_tenant: bool


def resolve_override(category: Category, row: TenantCategoryPreference) -> TenantOverride:
    preference, source = tenant_default(category, row)
    own_mandatory = row.mandatory_channels is not None
    mandatory_source = PreferenceSource.TENANT if own_mandatory else PreferenceSource.CATEGORY
    return TenantOverride(
        category=category,
        preference=preference,
        preference_source=source,
        visible_to_subscriber=row.visible_to_subscriber,
        mandatory_channels=mandatory_channels(category, row),
        mandatory_channels_source=mandatory_source,
        opt_in_channels=row.opt_in_channels,
        enabled_for_tenant=row.enabled_for_tenant,
    )


async def tenant_overrides(req: Request, tenant: Tenant) -> list[TenantOverride]:
    """The tenant's overrides by category slug; both reads batch across tenants in a request."""
    rows, categories = await asyncio.gather(
        req.loaders.tenant_category_preferences.load((tenant.workspace_id, tenant.id)),
        req.loaders.categories.load(tenant.workspace_id),
    )
    by_slug = {c.slug: c for c in categories}
    return [resolve_override(by_slug[row.category_slug], row) for row in rows]


def _apply(row: TenantCategoryPreference, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if value is None:
            value = INHERITED[name]
        elif name in CHANNEL_LISTS:
            value = sorted(set(value))
        setattr(row, name, value)
    row.updated_at = utcnow()


def _check_consistent(row: TenantCategoryPreference) -> None:
    """A mandatory channel outside the opt-in channels could never send: refuse it."""
    if row.mandatory_channels is None or row.opt_in_channels is None:
        return
    outside = sorted(set(row.mandatory_channels) - set(row.opt_in_channels))
    if outside:
        raise invalid(
            ["input", "mandatoryChannels"],
            f"mandatoryChannels must be among the opt-in channels; not opted in: "
            f"{', '.join(outside)}",
        )


async def set_tenant_category_preference(
    req: Request, tenant_id: str, slug: str, changes: dict[str, Any]
) -> TenantOverride:
    """Omitted input fields keep their value, null inherits; one transaction."""
    ws = req.workspace_id
    async with req.db.transaction() as session:
        checker = v.Checker()
        if await tenant_in_write(session, ws, tenant_id) is None:
            checker.fail(Code.NOT_FOUND, ["tenantId"], f"tenant '{tenant_id}' does not exist")
        category = await session.get(Category, (ws, slug))
        if category is None:
            checker.fail(Code.NOT_FOUND, ["category"], f"category '{slug}' does not exist")
        checker.raise_if_any()
        row = await session.get(TenantCategoryPreference, (ws, tenant_id, slug))
        if row is None:
            row = TenantCategoryPreference(workspace_id=ws, tenant_id=tenant_id, category_slug=slug)
            session.add(row)
        _apply(row, changes)
        _check_consistent(row)
        await flush_or_conflict(session, ["category"], f"the override of '{slug}'")
    req.loaders.forget_tenant_category_preferences(ws, tenant_id)
    return resolve_override(category, row)

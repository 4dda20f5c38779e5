"""A user's preferences in one tenant: the page they see, and the choices they make on it.

What a user sees is `delivery.preferences.effective_preference`, the same rules the delivery
path uses, over rows read by the shared loaders (a fixed number of statements per page).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from delivery.preferences import EffectivePreference, effective_preference, mandatory_channels
from models.category import Category, TenantCategoryPreference
from models.columns import utcnow
from models.preference_values import UserPreference
from models.user import User
from models.user_preferences import UserCategoryPreference, UserChannelRestriction
from resolvers import validation as v
from resolvers.errors import Code, invalid
from resolvers.scope import Request
from resolvers.tenants import require_tenant, tenant_in_write, tenant_or_default
from resolvers.writes import flush_or_conflict


@dataclass(frozen=True)
class CategoryChoice:
    category: Category
    effective: EffectivePreference


@dataclass(frozen=True)
class PreferencesView:
    """What the user's preference page in one tenant shows: visible categories only."""

    tenant_id: str
    restricted_channels: list[str]
    categories: list[CategoryChoice]


async def preferences_view(req: Request, user: User, tenant_id: str | None) -> PreferencesView:
    """Every category visible to the tenant's users, with the user's effective choice."""
    tenant = await require_tenant(req, tenant_id, ["tenantId"])
    ws, key = req.workspace_id, (req.workspace_id, tenant.id, user.distinct_id)
    categories, overrides, choices, restriction = await asyncio.gather(
        req.loaders.categories.load(ws),
        req.loaders.tenant_category_preferences.load((ws, tenant.id)),
        req.loaders.user_category_preferences.load(key),
        req.loaders.restriction.load(key),
    )
    override_of = {o.category_slug: o for o in overrides}
    choice_of = {c.category_slug: c for c in choices}
    shown = [
        CategoryChoice(c, effective_preference(c, override_of.get(c.slug), choice_of.get(c.slug)))
        for c in categories
    ]
    return PreferencesView(
        tenant_id=tenant.id,
        restricted_channels=restriction.channels if restriction else [],
        categories=[choice for choice in shown if choice.effective.visible],
    )


async def _targets(
    session: AsyncSession, ws: str, tenant_id: str, distinct_id: str, slug: str | None = None
) -> tuple[User, Category | None]:
    """The user and category a write names, once the tenant is known to be live; read in the
    write's session. NOT_FOUND for each that is missing, all reported at once."""
    checker = v.Checker()
    if await tenant_in_write(session, ws, tenant_id) is None:
        checker.fail(Code.NOT_FOUND, ["tenantId"], f"tenant '{tenant_id}' does not exist")
    user = await session.get(User, (ws, distinct_id))
    if user is None:
        checker.fail(Code.NOT_FOUND, ["distinctId"], f"user '{distinct_id}' does not exist")
    category = await session.get(Category, (ws, slug)) if slug is not None else None
    if slug is not None and category is None:
        checker.fail(Code.NOT_FOUND, ["category"], f"category '{slug}' does not exist")
    checker.raise_if_any()
    assert user is not None
    return user, category


def _check_choice(
    category: Category, override: TenantCategoryPreference | None, changes: dict[str, Any]
) -> None:
    """Refuse what the rules would ignore: opting out of a locked category or a mandatory
    channel. Channel opt-outs of other channels stay allowed, even when locked."""
    locked = not effective_preference(category, override, None).is_editable
    if locked and changes["preference"] == UserPreference.OPT_OUT:
        raise invalid(
            ["preference"], f"category '{category.slug}' cannot be unsubscribed in this tenant"
        )
    mandatory = set(mandatory_channels(category, override))
    refused = sorted(mandatory & set(changes.get("opted_out_channels") or []))
    if refused:
        raise invalid(
            ["optedOutChannels"],
            f"optedOutChannels cannot include mandatory channels: {', '.join(refused)}",
        )


async def set_category_preference(
    req: Request, distinct_id: str, slug: str, changes: dict[str, Any], tenant_id: str | None
) -> PreferencesView:
    """The user's choice for one category in one tenant. `opted_out_channels` omitted keeps
    the stored channel opt-outs; null or a list replaces them."""
    ws, tenant_id = req.workspace_id, tenant_or_default(tenant_id, req.viewer)
    async with req.db.transaction() as session:
        user, category = await _targets(session, ws, tenant_id, distinct_id, slug)
        assert category is not None
        override = await session.get(TenantCategoryPreference, (ws, tenant_id, slug))
        _check_choice(category, override, changes)
        key = (ws, tenant_id, distinct_id, slug)
        row = await session.get(UserCategoryPreference, key)
        if row is None:
            row = UserCategoryPreference(
                workspace_id=ws, tenant_id=tenant_id, distinct_id=distinct_id, category_slug=slug
            )
            session.add(row)
        row.preference = changes["preference"]
        if "opted_out_channels" in changes:
            row.opted_out_channels = sorted(set(changes["opted_out_channels"] or []))
        row.updated_at = utcnow()
        await flush_or_conflict(session, ["category"], f"the preference for '{slug}'")
    req.loaders.forget_user_category_preferences((ws, tenant_id, distinct_id))
    return await preferences_view(req, user, tenant_id)


async def set_restricted_channels(
    req: Request, distinct_id: str, channels: list[str], tenant_id: str | None
) -> PreferencesView:
    """Replaces the channels the user refuses for non-mandatory messages in one tenant."""
    ws, tenant_id = req.workspace_id, tenant_or_default(tenant_id, req.viewer)
    async with req.db.transaction() as session:
        user, _ = await _targets(session, ws, tenant_id, distinct_id)
        row = await session.get(UserChannelRestriction, (ws, tenant_id, distinct_id))
        if row is None:
            row = UserChannelRestriction(
                workspace_id=ws, tenant_id=tenant_id, distinct_id=distinct_id
            )
            session.add(row)
        row.channels = sorted(set(channels))
        row.updated_at = utcnow()
        await flush_or_conflict(session, ["distinctId"], "the restricted channels")
    req.loaders.prime_restriction(row)
    return await preferences_view(req, user, tenant_id)

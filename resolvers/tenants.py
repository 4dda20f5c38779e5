"""Tenant reads and writes: validation, the upsert merge rules and soft delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models.branding import Branding, effective_branding
from models.category import delete_tenant_overrides
from models.columns import utcnow
from models.tenant import DEFAULT_TENANT, Tenant, TenantPage, count_tenants, list_tenants
from models.vendor import delete_vendors
from resolvers import validation as v
from resolvers.errors import invalid, not_found
from resolvers.scope import Request, Viewer
from resolvers.writes import flush_or_conflict, merge_top_level

COLOUR_FIELDS = ("primary_color", "secondary_color", "tertiary_color")
URL_FIELDS = ("logo", "preference_page_url")
MAX_PAGE = 100


async def get_tenant(req: Request, tenant_id: str) -> Tenant | None:
    """A live tenant of the caller's workspace (deleted ones read as absent)."""
    tenant = await req.loaders.tenant.load((req.workspace_id, tenant_id))
    return tenant if tenant is not None and tenant.is_live else None


def tenant_or_default(tenant_id: str | None, viewer: Viewer | None = None) -> str:
    """The tenant a call names. When it names none: a user token's own tenant (the only one
    it may act in), else `default`."""
    if tenant_id is not None:
        return tenant_id
    return viewer.tenant_id if viewer is not None and viewer.tenant_id else DEFAULT_TENANT


async def require_tenant(req: Request, tenant_id: str | None, field: list[str]) -> Tenant:
    """The tenant a call names (see `tenant_or_default`); NOT_FOUND otherwise."""
    wanted = tenant_or_default(tenant_id, req.viewer)
    tenant = await get_tenant(req, wanted)
    if tenant is None:
        raise not_found(field, f"tenant '{wanted}' does not exist")
    return tenant


async def tenant_in_write(
    session: AsyncSession, workspace_id: str, tenant_id: str
) -> Tenant | None:
    """A live tenant read in a write's own session, so the check and the write agree."""
    tenant = await session.get(Tenant, (workspace_id, tenant_id))
    return tenant if tenant is not None and tenant.is_live else None


async def branding(req: Request, tenant: Tenant) -> Branding:
    default = await req.loaders.tenant.load((tenant.workspace_id, DEFAULT_TENANT))
    return effective_branding(tenant, default)


async def page_tenants(
    req: Request, first: int | None, after: str | None, search: str | None
) -> TenantPage:
    size = MAX_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise invalid(["first"], f"first must be between 0 and {MAX_PAGE}")
    async with req.db.session() as session:
        page = await list_tenants(session, req.workspace_id, size, after, search)
    for tenant in page.tenants:
        req.loaders.prime_tenant(tenant)
    return page


async def total_tenants(req: Request, search: str | None) -> int:
    async with req.db.session() as session:
        return await count_tenants(session, req.workspace_id, search)


def _check(tenant_id: str, changes: dict[str, Any], creating: bool) -> None:
    checker = v.Checker()
    checker.check(["id"], v.check_slug(tenant_id))
    if "name" in changes or creating:
        name = changes.get("name")
        checker.check(
            ["input", "name"], "is required" if name is None else v.check_plain_text(name)
        )
    for key in COLOUR_FIELDS:
        if changes.get(key) is not None:
            checker.check(["input", v.camel(key)], v.check_colour(changes[key]))
    for key in URL_FIELDS:
        if changes.get(key) is not None:
            checker.check(["input", v.camel(key)], v.check_url(changes[key]))
    for link, url in (changes.get("social_links") or {}).items():
        if url is not None:
            checker.check(["input", "socialLinks", link], v.check_url(url))
    if changes.get("timezone") is not None:
        checker.check(["input", "timezone"], v.check_timezone(changes["timezone"]))
    if "properties" in changes and changes["properties"] is not None:
        checker.check(["input", "properties"], v.check_json_object(changes["properties"]))
    checker.raise_if_any()


def _apply(tenant: Tenant, changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key == "social_links":
            tenant.social_links = merge_top_level(tenant.social_links, value)
        elif key == "properties":
            tenant.properties = merge_top_level(tenant.properties, value)
        elif key == "blocked_channels":
            tenant.blocked_channels = sorted(set(value or []))
        else:
            setattr(tenant, key, value)
    tenant.updated_at = utcnow()


async def upsert_tenant(req: Request, tenant_id: str, changes: dict[str, Any]) -> Tenant:
    """Creates or updates in one transaction; a deleted id is created afresh."""
    async with req.db.transaction() as session:
        tenant = await session.get(Tenant, (req.workspace_id, tenant_id))
        creating = tenant is None or not tenant.is_live
        _check(tenant_id, changes, creating)
        if tenant is None:
            tenant = Tenant(workspace_id=req.workspace_id, id=tenant_id, name=changes["name"])
            session.add(tenant)
        elif creating:
            _reset(tenant)
        _apply(tenant, changes)
        await flush_or_conflict(session, ["id"], f"tenant '{tenant_id}'")
    req.loaders.prime_tenant(tenant)
    return tenant


def _reset(tenant: Tenant) -> None:
    fresh = Tenant(workspace_id=tenant.workspace_id, id=tenant.id, name=tenant.name)
    for name in Tenant.model_fields:
        if name not in ("workspace_id", "id"):
            setattr(tenant, name, getattr(fresh, name))


async def delete_tenant(req: Request, tenant_id: str) -> None:
    """Soft delete: executions and messages that name the tenant keep resolving.

    Its vendors and category overrides go for good: credentials should not outlive the
    tenant, and a tenant re-created under the same id starts fresh. Users' own choices in
    the tenant are kept (they record consent).
    """
    if tenant_id == DEFAULT_TENANT:
        raise invalid(["id"], "the default tenant cannot be deleted")
    async with req.db.transaction() as session:
        tenant = await session.get(Tenant, (req.workspace_id, tenant_id))
        if tenant is None or not tenant.is_live:
            raise not_found(["id"], f"tenant '{tenant_id}' does not exist")
        tenant.deleted_at = tenant.updated_at = utcnow()
        await delete_vendors(session, req.workspace_id, tenant_id)
        await delete_tenant_overrides(session, req.workspace_id, tenant_id)
    req.loaders.prime_tenant(tenant)
    req.loaders.clear_vendors(req.workspace_id, tenant_id)
    req.loaders.forget_tenant_category_preferences(req.workspace_id, tenant_id)

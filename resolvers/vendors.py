"""Tenant vendors: set (validated, secrets write-only), remove, list, and route.

Secrets never leave this module except sealed into the row or inside a
Route for a sender; no message built here contains an input value.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.providers import ValidatedVendor, VendorConfigError, validate_vendor
from delivery.routing import Route, route_vendor
from models.columns import utcnow
from models.tenant import DEFAULT_TENANT, Tenant
from models.vendor import TenantVendor, get_vendor, new_vendor
from resolvers.errors import Code, UserError, UserErrors, invalid, not_found
from resolvers.scope import Request
from resolvers.tenants import get_tenant


async def list_vendors(req: Request, tenant: Tenant) -> list[TenantVendor]:
    return await req.loaders.vendors.load((tenant.workspace_id, tenant.id))


async def route_for(req: Request, tenant_id: str, channel: str) -> Route:
    """The vendor a message to `tenant_id` on `channel` goes through (the trigger path's call).

    Both reads go through the loader, so routing many recipients costs one batch.
    """
    own, default = await asyncio.gather(
        req.loaders.vendors.load((req.workspace_id, tenant_id)),
        req.loaders.vendors.load((req.workspace_id, DEFAULT_TENANT)),
    )
    return route_vendor(channel, own, default)


async def set_vendor(req: Request, tenant_id: str, changes: dict[str, Any]) -> TenantVendor:
    """Create or replace the tenant's vendor for `changes["channel"]`, in one transaction."""
    tenant = await _live_tenant(req, tenant_id)
    channel = changes["channel"]
    async with req.db.transaction() as session:
        row = await get_vendor(session, req.workspace_id, tenant.id, channel)
        vendor = _validate(changes, row)
        if row is None:
            row = new_vendor(req.workspace_id, tenant.id, channel, vendor.provider)
            session.add(row)
        _apply(row, vendor, changes.get("enabled"))
        await _flush(session, channel)
    req.loaders.clear_vendors(req.workspace_id, tenant.id)
    return row


async def remove_vendor(req: Request, tenant_id: str, channel: str) -> None:
    tenant = await _live_tenant(req, tenant_id)
    async with req.db.transaction() as session:
        row = await get_vendor(session, req.workspace_id, tenant.id, channel)
        if row is None:
            raise not_found(["channel"], f"tenant '{tenant_id}' has no {channel} vendor")
        await session.delete(row)
    req.loaders.clear_vendors(req.workspace_id, tenant.id)


async def _live_tenant(req: Request, tenant_id: str) -> Tenant:
    """Unlike `require_tenant`, an empty id is not read as `default`: that would
    silently replace the workspace's default vendor."""
    tenant = await get_tenant(req, tenant_id) if tenant_id else None
    if tenant is None:
        raise not_found(["tenantId"], f"tenant '{tenant_id}' does not exist")
    return tenant


def _validate(changes: dict[str, Any], row: TenantVendor | None) -> ValidatedVendor:
    secrets = merged_secrets(changes, row)
    try:
        return validate_vendor(changes["channel"], changes["provider"], changes["config"], secrets)
    except VendorConfigError as exc:
        raise invalid(["input", *exc.field], exc.message) from None


def merged_secrets(changes: dict[str, Any], row: TenantVendor | None) -> dict[str, Any]:
    """Secrets are write-only, so an update names only what changes.

    Omitted: keep the stored secrets. Null: clear them all. An object: its
    keys replace the stored ones, a key set to null is removed. Stored secrets
    carry over only while the provider stays the same.
    """
    if "secrets" in changes and changes["secrets"] is None:
        return {}
    given = changes.get("secrets", {})
    if not isinstance(given, dict):
        raise invalid(["input", "secrets"], "secrets must be a JSON object")
    stored = row.unseal() if row is not None and row.provider == changes["provider"] else {}
    merged = {**stored, **given}
    return {key: value for key, value in merged.items() if value is not None}


def _apply(row: TenantVendor, vendor: ValidatedVendor, enabled: bool | None) -> None:
    row.provider = vendor.provider
    row.config = vendor.config
    row.seal(vendor.secrets)
    if enabled is not None:
        row.enabled = enabled
    row.updated_at = utcnow()


async def _flush(session: AsyncSession, channel: str) -> None:
    try:
        await session.flush()
    except IntegrityError:
        message = f"the {channel} vendor was written concurrently; try again"
        raise UserErrors([UserError(Code.CONFLICT, ["input", "channel"], message)]) from None

"""Per-request DataLoaders over the batch reads: every tenant read goes through these.

Keys lead with the workspace id, so one loader never mixes workspaces' rows by accident.
"""

from __future__ import annotations

from contextlib import suppress

from strawberry.dataloader import DataLoader

from models.db import Database
from models.tenant import Tenant, tenants_by_keys
from models.vendor import TenantVendor, vendors_by_tenants

TenantKey = tuple[str, str]


class Loaders:
    """Made fresh for each request (or trigger); never shared between requests."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.tenant: DataLoader[TenantKey, Tenant | None] = DataLoader(self._load_tenants)
        self.vendors: DataLoader[TenantKey, list[TenantVendor]] = DataLoader(self._load_vendors)

    async def _load_tenants(self, keys: list[TenantKey]) -> list[Tenant | None]:
        async with self.db.session() as session:
            return await tenants_by_keys(session, keys)

    async def _load_vendors(self, keys: list[TenantKey]) -> list[list[TenantVendor]]:
        async with self.db.session() as session:
            return await vendors_by_tenants(session, keys)

    def prime_tenant(self, tenant: Tenant) -> None:
        self.tenant.prime((tenant.workspace_id, tenant.id), tenant, force=True)

    def clear_vendors(self, workspace_id: str, tenant_id: str) -> None:
        """After a vendor write: the next read of this tenant's vendors goes to the database."""
        with suppress(KeyError):  # strawberry raises for a key it never loaded
            self.vendors.clear((workspace_id, tenant_id))

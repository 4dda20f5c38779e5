"""Per-request DataLoaders over the batch reads: every tenant read goes through these.

Keys lead with the workspace id, so one loader never mixes workspaces' rows by accident.
"""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from models.db import Database
from models.tenant import Tenant, tenants_by_keys

TenantKey = tuple[str, str]


class Loaders:
    """Made fresh for each request (or trigger); never shared between requests."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.tenant: DataLoader[TenantKey, Tenant | None] = DataLoader(self._load_tenants)

    async def _load_tenants(self, keys: list[TenantKey]) -> list[Tenant | None]:
        async with self.db.session() as session:
            return await tenants_by_keys(session, keys)

    def prime_tenant(self, tenant: Tenant) -> None:
        self.tenant.prime((tenant.workspace_id, tenant.id), tenant, force=True)

"""Tenant vendors: one provider per tenant and channel, its secrets sealed at rest.

Secrets are stored as one Fernet token of the JSON secrets dict, so the
plaintext never reaches the database, its logs or its backups; only the
names of the secret fields are kept in the clear, for `secretFields`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import ForeignKeyConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.crypto import decrypt, encrypt
from models.keys import KeyedSelect


class TenantVendor(SQLModel, table=True):
    __tablename__ = "tenant_vendor"
    __table_args__ = (
        ForeignKeyConstraint(["workspace_id", "tenant_id"], ["tenant.workspace_id", "tenant.id"]),
    )

    workspace_id: str = Field(primary_key=True, max_length=32)
    tenant_id: str = Field(primary_key=True, max_length=64)
    channel: str = Field(primary_key=True, max_length=16)
    provider: str = Field(max_length=32)
    config: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    secrets_encrypted: str = Field(description="Fernet token of the JSON secrets dict")
    secret_fields: list[str] = Field(default_factory=list, sa_column=json_column())
    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())

    def seal(self, secrets: dict[str, str]) -> None:
        """Store `secrets` encrypted, and their names in the clear."""
        self.secrets_encrypted = encrypt(json.dumps(secrets, sort_keys=True))
        self.secret_fields = sorted(secrets)

    def unseal(self) -> dict[str, str]:
        """The decrypted secrets; only routing and the merge on update need them."""
        return dict(_opened(self.secrets_encrypted))


@lru_cache(maxsize=1024)
def _opened(sealed: str) -> MappingProxyType[str, str]:
    """A worker routes every message of a batch through the same few vendors: decrypt each
    sealed value once. Keyed by the ciphertext, so a changed secret is a new entry."""
    return MappingProxyType(json.loads(decrypt(sealed)))


def new_vendor(workspace_id: str, tenant_id: str, channel: str, provider: str) -> TenantVendor:
    """An unsaved row with no secrets yet (the caller seals the real ones)."""
    row = TenantVendor(
        workspace_id=workspace_id,
        tenant_id=tenant_id,
        channel=channel,
        provider=provider,
        secrets_encrypted="",
    )
    row.seal({})
    return row


_BY_TENANTS = KeyedSelect(
    select(TenantVendor).order_by(TenantVendor.tenant_id, TenantVendor.channel),
    (TenantVendor.workspace_id, TenantVendor.tenant_id),
)


async def vendors_by_tenants(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[list[TenantVendor]]:
    """Batch read for the vendors loader: each (workspace, tenant)'s rows, one statement."""
    found: dict[tuple[str, str], list[TenantVendor]] = defaultdict(list)
    for row in (await _BY_TENANTS.execute(session, keys)).scalars():
        found[(row.workspace_id, row.tenant_id)].append(row)
    return [found.get(key, []) for key in keys]


async def get_vendor(
    session: AsyncSession, workspace_id: str, tenant_id: str, channel: str
) -> TenantVendor | None:
    return await session.get(TenantVendor, (workspace_id, tenant_id, channel))


async def delete_vendors(session: AsyncSession, workspace_id: str, tenant_id: str) -> None:
    """Drop every vendor of a tenant (its credentials must not outlive it)."""
    await session.execute(
        delete(TenantVendor).where(
            TenantVendor.workspace_id == workspace_id, TenantVendor.tenant_id == tenant_id
        )
    )

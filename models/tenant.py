"""Tenants: the organisations a product's users belong to, with their branding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.keys import KeyedSelect

DEFAULT_TENANT = "default"


class Tenant(SQLModel, table=True):
    __tablename__ = "tenant"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    logo: str | None = None
    primary_color: str | None = Field(default=None, max_length=7)
    secondary_color: str | None = Field(default=None, max_length=7)
    tertiary_color: str | None = Field(default=None, max_length=7)
    social_links: dict[str, str] = Field(default_factory=dict, sa_column=json_column())
    properties: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    timezone: str | None = Field(default=None, max_length=64)
    preference_page_url: str | None = None
    blocked_channels: list[str] = Field(default_factory=list, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    deleted_at: datetime | None = Field(
        default=None, sa_column=time_column(nullable=True), description="Soft delete: history stays"
    )

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None


_BY_KEYS = KeyedSelect(select(Tenant), (Tenant.workspace_id, Tenant.id))


async def tenants_by_keys(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[Tenant | None]:
    """Batch read for the tenant loader: one statement for any number of keys."""
    found = {(t.workspace_id, t.id): t for t in (await _BY_KEYS.execute(session, keys)).scalars()}
    return [found.get(key) for key in keys]


@dataclass(frozen=True)
class TenantPage:
    tenants: list[Tenant]
    has_next: bool


def _live_tenants(workspace_id: str, search: str | None) -> Any:
    stmt = select(Tenant).where(Tenant.workspace_id == workspace_id, Tenant.deleted_at.is_(None))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Tenant.id).like(pattern), func.lower(Tenant.name).like(pattern))
        )
    return stmt


async def list_tenants(
    session: AsyncSession, workspace_id: str, first: int, after: str | None, search: str | None
) -> TenantPage:
    """Keyset page ordered by id."""
    stmt = _live_tenants(workspace_id, search)
    if after is not None:
        stmt = stmt.where(Tenant.id > after)
    rows = list((await session.execute(stmt.order_by(Tenant.id).limit(first + 1))).scalars())
    return TenantPage(rows[:first], len(rows) > first)


async def count_tenants(session: AsyncSession, workspace_id: str, search: str | None) -> int:
    stmt = select(func.count()).select_from(_live_tenants(workspace_id, search).subquery())
    return (await session.execute(stmt)).scalar_one()

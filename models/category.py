"""Categories (workspace-level defaults) and each tenant's overrides of them.

Column names match the attributes `delivery.preferences` reads, so rows go straight in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.keys import KeyedSelect
from models.preference_values import TenantPreference


class Category(SQLModel, table=True):
    __tablename__ = "category"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    slug: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=1000)
    default_preference: str = Field(default=TenantPreference.OPT_IN, max_length=16)
    default_mandatory_channels: list[str] = Field(default_factory=list, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


class TenantCategoryPreference(SQLModel, table=True):
    """A tenant's override of one category; a None column inherits the category's value."""

    __tablename__ = "tenant_category_preference"
    __table_args__ = (
        ForeignKeyConstraint(["workspace_id", "tenant_id"], ["tenant.workspace_id", "tenant.id"]),
        ForeignKeyConstraint(
            ["workspace_id", "category_slug"], ["category.workspace_id", "category.slug"]
        ),
    )

    workspace_id: str = Field(primary_key=True, max_length=32)
    tenant_id: str = Field(primary_key=True, max_length=64)
    category_slug: str = Field(primary_key=True, max_length=64)
    preference: str | None = Field(default=None, max_length=16)
    visible_to_subscriber: bool = True
    mandatory_channels: list[str] | None = Field(default=None, sa_column=json_column(True))
    opt_in_channels: list[str] | None = Field(default=None, sa_column=json_column(True))
    enabled_for_tenant: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


async def categories_by_workspaces(
    session: AsyncSession, workspace_ids: Sequence[str]
) -> list[list[Category]]:
    """Batch read for the categories loader: every category of each workspace, by slug."""
    stmt = (
        select(Category)
        .where(Category.workspace_id.in_(list(set(workspace_ids))))
        .order_by(Category.slug)
    )
    found: dict[str, list[Category]] = {ws: [] for ws in workspace_ids}
    for category in (await session.execute(stmt)).scalars():
        found[category.workspace_id].append(category)
    return [found[ws] for ws in workspace_ids]


_OVERRIDES = KeyedSelect(
    select(TenantCategoryPreference).order_by(TenantCategoryPreference.category_slug),
    (TenantCategoryPreference.workspace_id, TenantCategoryPreference.tenant_id),
)


async def tenant_category_preferences_by_keys(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[list[TenantCategoryPreference]]:
    """Batch read: the overrides of each (workspace, tenant), ordered by category slug."""
    found: dict[tuple[str, str], list[TenantCategoryPreference]] = {key: [] for key in keys}
    for pref in (await _OVERRIDES.execute(session, keys)).scalars():
        found[(pref.workspace_id, pref.tenant_id)].append(pref)
    return [found[key] for key in keys]


async def delete_tenant_overrides(session: AsyncSession, workspace_id: str, tenant_id: str) -> None:
    """A deleted tenant's overrides go with it, so a tenant re-created under its id starts fresh."""
    row = TenantCategoryPreference
    await session.execute(
        delete(row).where(row.workspace_id == workspace_id, row.tenant_id == tenant_id)
    )

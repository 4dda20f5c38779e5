"""What a user chose in one tenant: per-category preferences and restricted channels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKeyConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.keys import KeyedSelect

UserTenantKey = tuple[str, str, str]  # (workspace_id, tenant_id, distinct_id)


def _tenant_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["workspace_id", "tenant_id"], ["tenant.workspace_id", "tenant.id"])


def _user_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["workspace_id", "distinct_id"], ["app_user.workspace_id", "app_user.distinct_id"]
    )


class UserCategoryPreference(SQLModel, table=True):
    __tablename__ = "user_category_preference"
    __table_args__ = (
        _tenant_fk(),
        _user_fk(),
        ForeignKeyConstraint(
            ["workspace_id", "category_slug"], ["category.workspace_id", "category.slug"]
        ),
    )

    workspace_id: str = Field(primary_key=True, max_length=32)
    tenant_id: str = Field(primary_key=True, max_length=64)
    distinct_id: str = Field(primary_key=True, max_length=255)
    category_slug: str = Field(primary_key=True, max_length=64)
    preference: str = Field(max_length=16)
    opted_out_channels: list[str] = Field(default_factory=list, sa_column=json_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


class UserChannelRestriction(SQLModel, table=True):
    """Channels a user refuses for every non-mandatory message in one tenant."""

    __tablename__ = "user_channel_restriction"
    __table_args__ = (_tenant_fk(), _user_fk())

    workspace_id: str = Field(primary_key=True, max_length=32)
    tenant_id: str = Field(primary_key=True, max_length=64)
    distinct_id: str = Field(primary_key=True, max_length=255)
    channels: list[str] = Field(default_factory=list, sa_column=json_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


def _keyed(row: type[UserCategoryPreference | UserChannelRestriction], stmt: Any) -> KeyedSelect:
    return KeyedSelect(stmt, (row.workspace_id, row.tenant_id, row.distinct_id))


_CHOICES = _keyed(
    UserCategoryPreference,
    select(UserCategoryPreference).order_by(UserCategoryPreference.category_slug),
)
_RESTRICTIONS = _keyed(UserChannelRestriction, select(UserChannelRestriction))


async def user_category_preferences_by_keys(
    session: AsyncSession, keys: Sequence[UserTenantKey]
) -> list[list[UserCategoryPreference]]:
    """Batch read: each user's choices in each tenant, ordered by category slug."""
    found: dict[UserTenantKey, list[UserCategoryPreference]] = {key: [] for key in keys}
    for pref in (await _CHOICES.execute(session, keys)).scalars():
        found[(pref.workspace_id, pref.tenant_id, pref.distinct_id)].append(pref)
    return [found[key] for key in keys]


async def restrictions_by_keys(
    session: AsyncSession, keys: Sequence[UserTenantKey]
) -> list[UserChannelRestriction | None]:
    """Batch read: each user's restricted channels in each tenant (None: never set)."""
    rows = (await _RESTRICTIONS.execute(session, keys)).scalars()
    found = {(r.workspace_id, r.tenant_id, r.distinct_id): r for r in rows}
    return [found.get(key) for key in keys]

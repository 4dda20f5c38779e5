"""Users (recipients): their channel addresses, properties and timezone, per workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.db import insert_ignoring_duplicates
from models.keys import KeyedSelect

# Keys of `User.channels`; `slack` holds an object with these keys of its own.
CHANNEL_KEYS = ("email", "sms", "whatsapp", "slack", "ms_teams_webhook_url", "webhook_url")
SLACK_KEYS = ("webhook_url", "user_id", "channel_id")


class User(SQLModel, table=True):
    # "user" is reserved in PostgreSQL.
    __tablename__ = "app_user"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    distinct_id: str = Field(primary_key=True, max_length=255)
    channels: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    properties: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    timezone: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


_BY_KEYS = KeyedSelect(select(User), (User.workspace_id, User.distinct_id))


async def users_by_keys(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[User | None]:
    """Batch read for the user loader: one statement for any number of (workspace, id)."""
    rows = (await _BY_KEYS.execute(session, keys)).scalars()
    found = {(u.workspace_id, u.distinct_id): u for u in rows}
    return [found.get(key) for key in keys]


def insert_missing(session: Session, workspace_id: str, distinct_ids: list[str]) -> None:
    """Creates the users that do not exist yet, in one statement, touching no existing row."""
    if not distinct_ids:
        return
    now = utcnow()
    rows = [
        {
            "workspace_id": workspace_id,
            "distinct_id": d,
            "channels": {},
            "properties": {},
            "created_at": now,
            "updated_at": now,
        }
        for d in distinct_ids
    ]
    insert_ignoring_duplicates(session, User, rows)

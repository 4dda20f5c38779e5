"""Idempotency records: the unique key that makes concurrent duplicates run exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow

RETENTION = timedelta(hours=24)


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    operation: str = Field(primary_key=True, max_length=32)
    key: str = Field(primary_key=True, max_length=255)
    request_hash: str = Field(max_length=64)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


async def find_record(
    session: AsyncSession, workspace_id: str, operation: str, key: str
) -> IdempotencyRecord | None:
    stmt = select(IdempotencyRecord).where(
        IdempotencyRecord.workspace_id == workspace_id,
        IdempotencyRecord.operation == operation,
        IdempotencyRecord.key == key,
        IdempotencyRecord.created_at > utcnow() - RETENTION,
    )
    return (await session.execute(stmt)).scalar()


async def drop_expired(session: AsyncSession, workspace_id: str, operation: str, key: str) -> None:
    """An expired record no longer reserves its key."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.workspace_id == workspace_id,
            IdempotencyRecord.operation == operation,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at <= utcnow() - RETENTION,
        )
    )

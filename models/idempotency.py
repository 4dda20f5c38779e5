"""Idempotency records: the unique key that makes concurrent duplicates run exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.db import insert_ignoring_duplicates

RETENTION = timedelta(hours=24)


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    operation: str = Field(primary_key=True, max_length=32)
    key: str = Field(primary_key=True, max_length=255)
    request_hash: str = Field(max_length=64)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())

    @property
    def expired(self) -> bool:
        created = self.created_at
        if created.tzinfo is None:  # SQLite returns naive UTC
            created = created.replace(tzinfo=UTC)
        return created <= utcnow() - RETENTION


def insert_if_absent(session: Session, record: IdempotencyRecord) -> bool:
    """True if this call took the key (a unique insert, never a read-then-write)."""
    return insert_ignoring_duplicates(session, IdempotencyRecord, [record.model_dump()]) == 1


def find_record(
    session: Session, workspace_id: str, operation: str, key: str
) -> IdempotencyRecord | None:
    stmt = select(IdempotencyRecord).where(
        IdempotencyRecord.workspace_id == workspace_id,
        IdempotencyRecord.operation == operation,
        IdempotencyRecord.key == key,
    )
    return session.execute(stmt).scalar()


def drop(session: Session, record: IdempotencyRecord) -> None:
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.workspace_id == record.workspace_id,
            IdempotencyRecord.operation == record.operation,
            IdempotencyRecord.key == record.key,
        )
    )

"""Executions, tracked events and messages. The message table is the delivery queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.keys import KeyedSelect

MESSAGE_ID_PREFIX = "msg"


class MessageStatus(StrEnum):
    QUEUED = "QUEUED"
    SENDING = "SENDING"
    SENT = "SENT"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"
    CANCELLED = "CANCELLED"


class ExecutionStatus(StrEnum):
    """Derived from the execution's messages (see resolvers.executions.derive_status)."""

    ACCEPTED = "ACCEPTED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"


FINAL = frozenset(
    {MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.SKIPPED, MessageStatus.CANCELLED}
)


class Execution(SQLModel, table=True):
    """One accepted trigger of one workflow for one tenant."""

    __tablename__ = "execution"
    __table_args__ = (
        Index("ix_execution_cancellation", "workspace_id", "tenant_id", "cancellation_key"),
    )

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(max_length=64)
    workflow_slug: str = Field(max_length=64)
    event_id: str | None = Field(default=None, max_length=40)
    idempotency_key: str | None = Field(default=None, max_length=255)
    cancellation_key: str | None = Field(default=None, max_length=255)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    actor: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


class TrackedEvent(SQLModel, table=True):
    __tablename__ = "tracked_event"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    distinct_id: str = Field(max_length=255)
    tenant_id: str = Field(max_length=64)
    properties: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


class Message(SQLModel, table=True):
    """One recipient on one channel of one execution; also a job in the delivery queue."""

    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_queue", "status", "next_attempt_at"),
        Index("ix_message_execution", "workspace_id", "execution_id"),
        Index("ix_message_tenant", "workspace_id", "tenant_id", "id"),
        Index("ix_message_inbox", "workspace_id", "distinct_id", "channel", "tenant_id", "id"),
    )

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    id: str = Field(primary_key=True, max_length=40)
    execution_id: str = Field(max_length=40)
    tenant_id: str = Field(max_length=64)
    distinct_id: str = Field(max_length=255)
    workflow_slug: str = Field(max_length=64)
    channel: str = Field(max_length=16)
    status: str = Field(default=MessageStatus.QUEUED, max_length=16)
    skip_reason: str | None = None
    vendor: str | None = Field(default=None, max_length=32)
    vendor_tenant_id: str | None = Field(default=None, max_length=64)
    provider_message_id: str | None = Field(default=None, max_length=255)
    subject: str | None = None
    body: str | None = None
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    sent_at: datetime | None = Field(default=None, sa_column=time_column(nullable=True))
    read_at: datetime | None = Field(
        default=None, sa_column=time_column(nullable=True), description="Inbox messages only"
    )


_EXECUTIONS = KeyedSelect(select(Execution), (Execution.workspace_id, Execution.id))
_EVENT_EXECUTIONS = KeyedSelect(
    select(Execution).order_by(Execution.id), (Execution.workspace_id, Execution.event_id)
)
_STATUS_COUNTS = KeyedSelect(
    select(Message.workspace_id, Message.execution_id, Message.status, func.count()).group_by(
        Message.workspace_id, Message.execution_id, Message.status
    ),
    (Message.workspace_id, Message.execution_id),
)


async def executions_by_keys(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[Execution | None]:
    rows = (await _EXECUTIONS.execute(session, keys)).scalars()
    found = {(e.workspace_id, e.id): e for e in rows}
    return [found.get(key) for key in keys]


async def status_counts_by_executions(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[dict[str, int]]:
    """How many of each execution's messages are in each status: one grouped statement."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for ws, execution_id, status, n in await _STATUS_COUNTS.execute(session, keys):
        counts.setdefault((ws, execution_id), {})[status] = n
    return [counts.get(key, {}) for key in keys]


async def executions_of_events(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[list[Execution]]:
    found: dict[tuple[str, str | None], list[Execution]] = {}
    for e in (await _EVENT_EXECUTIONS.execute(session, keys)).scalars():
        found.setdefault((e.workspace_id, e.event_id), []).append(e)
    return [found.get(key, []) for key in keys]


@dataclass(frozen=True)
class MessageQuery:
    """Filters of the `messages` query; None means no filter on that column."""

    tenant_id: str | None = None
    distinct_id: str | None = None
    workflow_slug: str | None = None
    execution_id: str | None = None
    idempotency_key: str | None = None
    channel: str | None = None
    statuses: tuple[str, ...] | None = None


async def list_messages(
    session: AsyncSession, workspace_id: str, query: MessageQuery, first: int, before: str | None
) -> tuple[list[Message], bool]:
    """Newest first, keyset on the time-ordered id; returns (page, has_next)."""
    stmt = select(Message).where(Message.workspace_id == workspace_id)
    for column, value in (
        (Message.tenant_id, query.tenant_id),
        (Message.distinct_id, query.distinct_id),
        (Message.workflow_slug, query.workflow_slug),
        (Message.execution_id, query.execution_id),
        (Message.channel, query.channel),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if query.statuses:
        stmt = stmt.where(Message.status.in_(query.statuses))
    if query.idempotency_key is not None:
        keyed = select(Execution.id).where(
            Execution.workspace_id == workspace_id,
            Execution.idempotency_key == query.idempotency_key,
        )
        stmt = stmt.where(Message.execution_id.in_(keyed))
    if before is not None:
        stmt = stmt.where(Message.id < before)
    rows = list(
        (await session.execute(stmt.order_by(Message.id.desc()).limit(first + 1))).scalars()
    )
    return rows[:first], len(rows) > first


async def cancel_queued(
    session: AsyncSession, workspace_id: str, tenant_id: str, cancellation_key: str
) -> int:
    """Cancels messages still queued (not those being sent right now)."""
    executions = select(Execution.id).where(
        Execution.workspace_id == workspace_id,
        Execution.tenant_id == tenant_id,
        Execution.cancellation_key == cancellation_key,
    )
    stmt = (
        update(Message)
        .where(
            Message.workspace_id == workspace_id,
            Message.status == MessageStatus.QUEUED,
            Message.execution_id.in_(executions),
        )
        .values(status=MessageStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).rowcount


async def messages_of_execution(
    session: AsyncSession, workspace_id: str, execution_id: str
) -> list[Message]:
    stmt = select(Message).where(
        Message.workspace_id == workspace_id, Message.execution_id == execution_id
    )
    return list((await session.execute(stmt.order_by(Message.id))).scalars())

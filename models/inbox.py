"""The in-app inbox: the message table read per user and tenant.

There is no inbox table. An INBOX-channel message whose status is SENT is an inbox message;
`read_at` is its only inbox-specific column. Every read here leads with the columns of
`ix_message_inbox` (workspace, user, channel, tenant, id), so a page or a poll is an index
range scan, and the time-ordered id doubles as the keyset position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.channels import Channel
from models.columns import utcnow
from models.execution import Execution, Message, MessageStatus

# Statuses that may still become SENT: a watcher must keep looking at them.
PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING)


@dataclass(frozen=True)
class InboxKey:
    """One user's inbox in one tenant of one workspace."""

    workspace_id: str
    distinct_id: str
    tenant_id: str


@dataclass(frozen=True)
class InboxItem:
    """An inbox message and the data of the trigger that produced it (the message's data)."""

    message: Message
    data: dict[str, Any]


def _owned(workspace_id: str, distinct_id: str) -> list[ColumnElement[bool]]:
    return [
        Message.workspace_id == workspace_id,
        Message.distinct_id == distinct_id,
        Message.channel == Channel.INBOX,
    ]


def _in_inbox(key: InboxKey) -> list[ColumnElement[bool]]:
    """The index's leading columns, then what makes a message an inbox message."""
    return [
        *_owned(key.workspace_id, key.distinct_id),
        Message.tenant_id == key.tenant_id,
        Message.status == MessageStatus.SENT,
    ]


def _with_data() -> Select[tuple[Message, dict[str, Any]]]:
    """Messages joined to their execution's data: one statement however many messages."""
    return select(Message, Execution.data).join(
        Execution,
        (Execution.workspace_id == Message.workspace_id) & (Execution.id == Message.execution_id),
    )


async def list_inbox(
    session: AsyncSession, key: InboxKey, first: int, before: str | None, unread_only: bool
) -> tuple[list[InboxItem], bool]:
    """Newest first, keyset on the id; returns (page, has_next)."""
    stmt = _with_data().where(*_in_inbox(key))
    if unread_only:
        stmt = stmt.where(Message.read_at.is_(None))
    if before is not None:
        stmt = stmt.where(Message.id < before)
    rows = (await session.execute(stmt.order_by(Message.id.desc()).limit(first + 1))).all()
    items = [InboxItem(message, data or {}) for message, data in rows]
    return items[:first], len(items) > first


async def count_unread(session: AsyncSession, key: InboxKey) -> int:
    stmt = select(func.count()).where(*_in_inbox(key), Message.read_at.is_(None))
    return (await session.execute(stmt)).scalar_one()


async def set_read(
    session: AsyncSession,
    workspace_id: str,
    distinct_id: str,
    tenant_id: str | None,
    ids: Sequence[str],
    read: bool,
) -> int:
    """Marks the user's own inbox messages among `ids` read (or unread); how many changed.

    One UPDATE: ids of other users, channels, tenants (when `tenant_id` is given) or messages
    not yet sent simply match nothing, and rows already in the wanted state are not counted.
    """
    stmt = update(Message).where(
        *_owned(workspace_id, distinct_id),
        Message.status == MessageStatus.SENT,
        Message.id.in_(list(ids)),
        Message.read_at.is_(None) if read else Message.read_at.is_not(None),
    )
    if tenant_id is not None:
        stmt = stmt.where(Message.tenant_id == tenant_id)
    stmt = stmt.values(read_at=utcnow() if read else None)
    result = await session.execute(stmt.execution_options(synchronize_session=False))
    return result.rowcount


async def inbox_states(session: AsyncSession, key: InboxKey, floor: str) -> list[tuple[str, str]]:
    """(id, status) of the messages from `floor` on that are, or may still become, inbox
    messages: what a watcher compares with what it has already told its subscriber."""
    stmt = (
        select(Message.id, Message.status)
        .where(*_owned(key.workspace_id, key.distinct_id))
        .where(Message.tenant_id == key.tenant_id, Message.id >= floor)
        .where(Message.status.in_((*PENDING, MessageStatus.SENT)))
        .order_by(Message.id)
    )
    return [(row.id, row.status) for row in await session.execute(stmt)]


async def oldest_pending(session: AsyncSession, key: InboxKey) -> str | None:
    """The oldest message that may still become an inbox message, however old: where a new
    watcher starts looking."""
    stmt = select(func.min(Message.id)).where(
        *_owned(key.workspace_id, key.distinct_id),
        Message.tenant_id == key.tenant_id,
        Message.status.in_(PENDING),
    )
    return (await session.execute(stmt)).scalar_one()


async def inbox_items(session: AsyncSession, key: InboxKey, ids: Sequence[str]) -> list[InboxItem]:
    """The inbox messages among `ids`, oldest first."""
    stmt = _with_data().where(*_in_inbox(key), Message.id.in_(list(ids)))
    rows = await session.execute(stmt.order_by(Message.id))
    return [InboxItem(message, data or {}) for message, data in rows.all()]

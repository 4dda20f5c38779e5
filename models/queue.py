"""The message table as a durable queue: batch claims under a lease, batch outcomes.

While a message is SENDING, `next_attempt_at` holds its lease expiry, so one index
(status, next_attempt_at) finds both due messages and abandoned leases.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, true, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.columns import utcnow
from models.execution import Message, MessageStatus

CLAIMABLE = (MessageStatus.QUEUED, MessageStatus.SENDING)


async def claim(
    session: AsyncSession,
    limit: int,
    lease: timedelta,
    workspace_ids: tuple[str, ...] | None = None,
) -> list[Message]:
    """Atomically takes up to `limit` due messages; concurrent workers never get the same one.

    PostgreSQL: FOR UPDATE SKIP LOCKED in the subquery. SQLite: the UPDATE holds the database
    write lock for the whole statement, so the claim is atomic there too. `workspace_ids`
    dedicates a worker to some workspaces (capacity for a large one; isolation in tests).
    """
    now = utcnow()
    due = (
        select(Message.workspace_id, Message.id)
        .where(Message.status.in_(CLAIMABLE), Message.next_attempt_at <= now)
        .where(Message.workspace_id.in_(workspace_ids) if workspace_ids else true())
        .order_by(Message.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(Message)
        .where(tuple_(Message.workspace_id, Message.id).in_(due))
        .values(
            status=MessageStatus.SENDING,
            next_attempt_at=now + lease,
            attempts=Message.attempts + 1,
        )
        .returning(Message)
        .execution_options(synchronize_session=False)
    )
    return list((await session.execute(stmt)).scalars())


async def record(session: AsyncSession, outcomes: list[dict[str, Any]]) -> None:
    """Writes a batch's outcomes by primary key in one executemany."""
    if outcomes:
        await session.execute(update(Message), outcomes)


async def release(session: AsyncSession, messages: list[Message]) -> None:
    """Hands claimed-but-unsent messages back (graceful shutdown): the attempt did not happen."""
    await record(
        session,
        [
            {
                "workspace_id": m.workspace_id,
                "id": m.id,
                "status": MessageStatus.QUEUED,
                "next_attempt_at": utcnow(),
                "attempts": m.attempts - 1,
            }
            for m in messages
        ],
    )


async def queue_depth(session: AsyncSession) -> int:
    stmt = select(func.count()).select_from(Message).where(Message.status.in_(CLAIMABLE))
    return (await session.execute(stmt)).scalar_one()

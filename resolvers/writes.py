"""What every write shares: the top-level JSON merge and flushing with a CONFLICT error."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from resolvers.errors import Code, UserError, UserErrors


def merge_top_level(current: dict[str, Any], patch: dict[str, Any] | None) -> dict[str, Any]:
    """Top-level merge: a key set to null is removed, omitted keys are kept."""
    merged = dict(current)
    for key, value in (patch or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


async def flush_or_conflict(session: AsyncSession, field: list[str], what: str) -> None:
    """Flush now so a concurrent create of the same key is a CONFLICT, not a crash at commit."""
    try:
        await session.flush()
    except IntegrityError:
        raise UserErrors(
            [UserError(Code.CONFLICT, field, f"{what} was written concurrently")]
        ) from None

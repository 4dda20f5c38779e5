"""Users (recipients): reads through the loader, and the upsert with its merge rules."""

from __future__ import annotations

from typing import Any

from models.columns import utcnow
from models.user import User
from resolvers import validation as v
from resolvers.scope import Request
from resolvers.user_channels import check_channels, merge_channels
from resolvers.writes import flush_or_conflict, merge_top_level


async def get_user(req: Request, distinct_id: str) -> User | None:
    return await req.loaders.user.load((req.workspace_id, distinct_id))


def _check(distinct_id: str, changes: dict[str, Any]) -> None:
    checker = v.Checker()
    checker.check(["distinctId"], v.check_distinct_id(distinct_id))
    check_channels(checker, changes.get("channels") or {}, ["input", "channels"])
    if changes.get("properties") is not None:
        checker.check(["input", "properties"], v.check_json_object(changes["properties"]))
    if changes.get("timezone") is not None:
        checker.check(["input", "timezone"], v.check_timezone(changes["timezone"]))
    checker.raise_if_any()


def _apply(user: User, changes: dict[str, Any]) -> None:
    """Channels merge per key, properties per top-level key (null removes); timezone replaces."""
    if "channels" in changes:
        user.channels = merge_channels(user.channels, changes["channels"])
    if "properties" in changes:
        user.properties = merge_top_level(user.properties, changes["properties"])
    if "timezone" in changes:
        user.timezone = changes["timezone"]
    user.updated_at = utcnow()


async def upsert_user(req: Request, distinct_id: str, changes: dict[str, Any]) -> User:
    """Creates or updates in one transaction; nothing is written when any field is invalid."""
    _check(distinct_id, changes)
    async with req.db.transaction() as session:
        user = await session.get(User, (req.workspace_id, distinct_id))
        if user is None:
            user = User(workspace_id=req.workspace_id, distinct_id=distinct_id)
            session.add(user)
        _apply(user, changes)
        await flush_or_conflict(session, ["distinctId"], f"user '{distinct_id}'")
    req.loaders.prime_user(user)
    return user

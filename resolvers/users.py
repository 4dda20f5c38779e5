"""Users (recipients): reads through the loader, and the upsert with its merge rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.columns import utcnow
from models.user import User, insert_missing
from resolvers import validation as v
from resolvers.scope import Request
from resolvers.user_channels import check_channels, merge_channels
from resolvers.writes import flush_or_conflict, merge_top_level


async def get_user(req: Request, distinct_id: str) -> User | None:
    return await req.loaders.user.load((req.workspace_id, distinct_id))


def check_user(
    checker: v.Checker, distinct_id: str, changes: dict[str, Any], id_path: list[str], at: list[str]
) -> None:
    """Shared by upsertUser and inline trigger recipients: `at` is where the changes sit."""
    checker.check(id_path, v.check_distinct_id(distinct_id))
    check_channels(checker, changes.get("channels") or {}, [*at, "channels"])
    if changes.get("properties") is not None:
        checker.check([*at, "properties"], v.check_json_object(changes["properties"]))
    if changes.get("timezone") is not None:
        checker.check([*at, "timezone"], v.check_timezone(changes["timezone"]))


def apply_changes(user: User, changes: dict[str, Any]) -> None:
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
    checker = v.Checker()
    check_user(checker, distinct_id, changes, ["distinctId"], ["input"])
    checker.raise_if_any()
    async with req.db.transaction() as session:
        user = await session.get(User, (req.workspace_id, distinct_id))
        if user is None:
            user = User(workspace_id=req.workspace_id, distinct_id=distinct_id)
            session.add(user)
        apply_changes(user, changes)
        await flush_or_conflict(session, ["distinctId"], f"user '{distinct_id}'")
    req.loaders.prime_user(user)
    return user


def upsert_users(session: Session, workspace_id: str, changes: dict[str, dict[str, Any]]) -> None:
    """Inline recipients of a trigger: bare ids are created if missing in one statement; users
    with changes are read once, then created or merged."""
    insert_missing(session, workspace_id, [d for d, patch in changes.items() if not patch])
    changed = {d: patch for d, patch in changes.items() if patch}
    if not changed:
        return
    stmt = select(User).where(
        User.workspace_id == workspace_id, User.distinct_id.in_(list(changed))
    )
    existing = {u.distinct_id: u for u in session.execute(stmt).scalars()}
    for distinct_id, patch in changed.items():
        user = existing.get(distinct_id)
        if user is None:
            user = User(workspace_id=workspace_id, distinct_id=distinct_id)
            session.add(user)
        apply_changes(user, patch)

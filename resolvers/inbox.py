"""A user's inbox: pages of it, its unread count, and marking messages read or unread.

Who may read or mark which inbox is decided by the field permissions (graph/permissions.py);
what a call names is resolved here: an omitted tenant is a user token's own (else `default`),
and a user token marks messages only in the tenant it is bound to.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.inbox import InboxItem, InboxKey, count_unread, list_inbox, set_read
from resolvers.errors import invalid
from resolvers.scope import Request
from resolvers.tenants import require_tenant

MAX_PAGE = 100
MAX_IDS = 1000  # one UPDATE's IN list; a page is at most MAX_PAGE, so this is generous


async def inbox_key(req: Request, distinct_id: str, tenant_id: str | None) -> InboxKey:
    """The inbox a call names; an unknown (or deleted) tenant is NOT_FOUND on `tenantId`."""
    tenant = await require_tenant(req, tenant_id, ["tenantId"])
    return InboxKey(req.workspace_id, distinct_id, tenant.id)


async def page_inbox(
    req: Request, key: InboxKey, first: int | None, before: str | None, unread_only: bool
) -> tuple[list[InboxItem], bool]:
    """Newest first; `before` is the keyset position of the previous page's last message."""
    size = MAX_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise invalid(["first"], f"first must be between 0 and {MAX_PAGE}")
    async with req.db.session() as session:
        return await list_inbox(session, key, size, before, unread_only)


async def unread_count(req: Request, key: InboxKey) -> int:
    """Unread inbox messages of the user in the tenant, whatever page was asked for."""
    async with req.db.session() as session:
        return await count_unread(session, key)


async def mark_read(req: Request, distinct_id: str, ids: Sequence[str], read: bool) -> int:
    """How many of the user's own inbox messages among `ids` changed; others are ignored.

    A server key reaches the user's inbox in every tenant; a user token only in its own.
    """
    unique = sorted(set(ids))
    if len(unique) > MAX_IDS:
        raise invalid(["ids"], f"at most {MAX_IDS} ids per call")
    if not unique:
        return 0
    async with req.db.transaction() as session:
        return await set_read(
            session, req.workspace_id, distinct_id, req.viewer.tenant_id, unique, read
        )

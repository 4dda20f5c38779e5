"""Inbox types and the paging of `User.inbox`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph.context import Info
from graph.core.errors import argument_error
from graph.core.pagination import PageInfo, decode_cursor, encode_cursor
from graph.core.scalars import JSON
from models.inbox import InboxItem, InboxKey
from resolvers import inbox
from resolvers.errors import UserErrors

INBOX_CURSOR = "inbox"

FirstArg = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page size, 0-{inbox.MAX_PAGE}; omitted means {inbox.MAX_PAGE}."
    ),
]
AfterArg = Annotated[
    str | None,
    strawberry.argument(description="The `endCursor` of the previous page."),
]
UnreadOnlyArg = Annotated[
    bool | None,
    strawberry.argument(description="Only messages not marked read; omitted means all."),
]


@strawberry.type(description="A message in a user's in-app inbox (the INBOX channel).")
class InboxMessage:
    id: strawberry.ID = strawberry.field(description="The message id; markInboxRead takes it.")
    tenant_id: strawberry.ID = strawberry.field(description="The tenant it was sent for.")
    title: str | None = strawberry.field(description="The INBOX step's rendered subject.")
    body: str = strawberry.field(description="The INBOX step's rendered body.")
    data: JSON = strawberry.field(
        description="The data of the trigger that sent it (a JSON object), e.g. for a link."
    )
    read: bool = strawberry.field(description="True once marked read.")
    created_at: datetime = strawberry.field(description="When the trigger was accepted.")

    @classmethod
    def from_item(cls, item: InboxItem) -> InboxMessage:
        row = item.message
        return cls(
            id=strawberry.ID(row.id),
            tenant_id=strawberry.ID(row.tenant_id),
            title=row.subject,
            body=row.body or "",
            data=item.data,
            read=row.read_at is not None,
            created_at=row.created_at,
        )


@strawberry.type(description="A message in a page of an inbox.")
class InboxEdge:
    cursor: str = strawberry.field(description="Opaque position of this message.")
    node: InboxMessage = strawberry.field(description="The message.")


@strawberry.type(description="A page of one user's inbox in one tenant, newest first.")
class InboxConnection:
    key: strawberry.Private[InboxKey]
    edges: list[InboxEdge] = strawberry.field(description="The messages of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow.")

    @strawberry.field(description="Unread messages in this inbox, whatever the page shows.")
    async def unread_count(self, info: Info) -> int:
        # A field of its own so the count is only run when asked for.
        return await inbox.unread_count(info.context.req, self.key)

    @classmethod
    def from_page(cls, key: InboxKey, items: list[InboxItem], has_next: bool) -> InboxConnection:
        edges = [
            InboxEdge(
                cursor=encode_cursor(INBOX_CURSOR, i.message.id), node=InboxMessage.from_item(i)
            )
            for i in items
        ]
        end = edges[-1].cursor if edges else None
        page_info = PageInfo(has_next_page=has_next, end_cursor=end)
        return cls(key=key, edges=edges, page_info=page_info)


async def inbox_page(
    info: Info,
    distinct_id: str,
    tenant_id: str | None,
    first: int | None,
    after: str | None,
    unread_only: bool,
) -> InboxConnection:
    """Query arguments have no payload for errors: a bad one is a coded GraphQL error."""
    req = info.context.req
    try:
        key = await inbox.inbox_key(req, distinct_id, tenant_id)
        before = decode_cursor(INBOX_CURSOR, after)
        items, more = await inbox.page_inbox(req, key, first, before, unread_only)
    except UserErrors as exc:
        raise argument_error(exc) from None
    return InboxConnection.from_page(key, items, more)

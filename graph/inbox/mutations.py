"""markInboxRead."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.context import Info
from graph.core.errors import argument_error
from graph.permissions import SelfInbox
from resolvers import inbox
from resolvers.errors import UserErrors

ReadArg = Annotated[
    bool | None,
    strawberry.argument(description="true (the default) marks read; false marks unread."),
]


@strawberry.type
class InboxMutations:
    @strawberry.mutation(
        description="Mark the user's own inbox messages among `ids` read (or unread); ids of "
        "other users or channels, and for a user token of other tenants, are ignored (at most "
        f"{inbox.MAX_IDS} ids). Returns how many messages changed.",
        permission_classes=[SelfInbox],
    )
    async def mark_inbox_read(
        self,
        info: Info,
        distinct_id: strawberry.ID,
        ids: list[strawberry.ID],
        read: ReadArg = strawberry.UNSET,
    ) -> int:
        wanted = read is not False  # omitted or null: read
        try:
            return await inbox.mark_read(info.context.req, distinct_id, ids, wanted)
        except UserErrors as exc:
            raise argument_error(exc) from None

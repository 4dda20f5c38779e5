"""The live inbox over websockets (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing

import strawberry

from graph.context import Info
from graph.core.errors import argument_error, unauthenticated
from graph.core.inputs import or_none
from graph.inbox.types import InboxMessage
from graph.permissions import SelfInbox
from graph.users.types import TenantIdArg
from resolvers import inbox_feed
from resolvers.errors import UserErrors


@strawberry.type
class InboxSubscriptions:
    @strawberry.subscription(
        description="Each new message in the user's inbox in one tenant, as it arrives (sent "
        "after the subscription started). A frontend authenticates with its user token in the "
        'connection_init payload: {"Authorization": "Bearer <token>"} or {"authToken": "<token>"}.',
        permission_classes=[SelfInbox],
    )
    async def inbox_messages(
        self, info: Info, distinct_id: strawberry.ID, tenant_id: TenantIdArg = strawberry.UNSET
    ) -> AsyncGenerator[InboxMessage, None]:
        feed = inbox_feed.watch_inbox(info.context.req, distinct_id, or_none(tenant_id))
        try:
            async with aclosing(feed):  # ends the poll loop with the subscription
                async for item in feed:
                    yield InboxMessage.from_item(item)
        except UserErrors as exc:
            raise argument_error(exc) from None
        if info.context.viewer is not None and info.context.viewer.expired:
            raise unauthenticated()

"""Live message updates over websockets (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from graph.context import Info
from graph.core.errors import argument_error
from graph.executions.types import Message
from graph.permissions import SERVER_ONLY
from resolvers import executions
from resolvers.errors import UserErrors


@strawberry.type
class ExecutionSubscriptions:
    @strawberry.subscription(
        permission_classes=SERVER_ONLY,
        description="Each message of an execution now, then every status change, until all "
        "are final (SENT, FAILED, SKIPPED or CANCELLED).",
    )
    async def message_updates(
        self, info: Info, execution_id: strawberry.ID
    ) -> AsyncGenerator[Message, None]:
        try:
            async for row in executions.watch_messages(info.context.req, execution_id):
                yield Message.from_row(row)
        except UserErrors as exc:
            raise argument_error(exc) from None

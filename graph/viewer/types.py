"""The Viewer type: the identity behind the request's credential."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.core.enums import ViewerScope
from graph.permissions import ANY_VIEWER


@strawberry.type(description="Who is calling: the credential's scope and workspace.")
class Viewer:
    scope: ViewerScope = strawberry.field(description="SERVER for server keys, USER for tokens.")
    workspace: str = strawberry.field(description="The workspace's name.")
    tenant_id: strawberry.ID | None = strawberry.field(
        description="The tenant a user token is bound to; null for server keys."
    )
    distinct_id: strawberry.ID | None = strawberry.field(
        description="The user a user token speaks for; null for server keys."
    )


@strawberry.type
class ViewerQueries:
    @strawberry.field(description="Who is calling.", permission_classes=ANY_VIEWER)
    def viewer(self, info: Info) -> Viewer:
        v = info.context.req.viewer
        return Viewer(
            scope=v.scope,
            workspace=v.workspace,
            tenant_id=v.tenant_id,
            distinct_id=v.distinct_id,
        )

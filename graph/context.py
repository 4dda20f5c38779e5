"""The per-request context: who is calling, the database, and fresh DataLoaders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import strawberry

from graph.core.errors import unauthenticated
from models.db import Database
from models.loaders import Loaders
from resolvers.scope import Request, Viewer


@dataclass
class Context:
    db: Database
    viewer: Viewer | None
    request: Any = None
    # A websocket's connection_init payload, set by strawberry before `on_ws_connect`.
    connection_params: dict[str, Any] | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    @property
    def req(self) -> Request:
        """The resolvers' view of this request; only reachable once authenticated."""
        if self.viewer is None:
            raise unauthenticated()
        return Request(self.viewer, self.db, self.loaders)


Info = strawberry.Info[Context, None]

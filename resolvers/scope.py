"""What every resolver works within: the caller's workspace, the database and the loaders."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from models.db import Database
from models.loaders import Loaders


class Scope(StrEnum):
    SERVER = "SERVER"
    USER = "USER"


@dataclass(frozen=True)
class Viewer:
    """Who is calling: a server key (whole workspace) or a user token (one user in one tenant)."""

    scope: Scope
    workspace_id: str
    workspace: str
    tenant_id: str | None = None
    distinct_id: str | None = None
    expires_at: float | None = None  # a user token's `exp`; server keys do not expire

    @property
    def expired(self) -> bool:
        """Checked again by long-lived subscriptions, which outlive the request that began them."""
        return self.expires_at is not None and time.time() >= self.expires_at


@dataclass(frozen=True)
class Request:
    viewer: Viewer
    db: Database
    loaders: Loaders

    @property
    def workspace_id(self) -> str:
        return self.viewer.workspace_id

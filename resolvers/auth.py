"""Turns a bearer credential into a Viewer; server keys are looked up by hash and cached briefly."""

from __future__ import annotations

from cachetools import TTLCache

from models.crypto import hash_key
from models.db import Database
from models.workspace import workspace_for_key
from resolvers.scope import Scope, Viewer

# Keyed by the key's hash, so plaintext keys never sit in memory longer than a request.
_server_keys: TTLCache[str, Viewer] = TTLCache(maxsize=4096, ttl=30)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def authenticate(db: Database, token: str | None) -> Viewer | None:
    if not token:
        return None
    digest = hash_key(token)
    viewer = _server_keys.get(digest)
    if viewer is None:
        async with db.session() as session:
            workspace = await workspace_for_key(session, token)
        if workspace is None:
            return None
        viewer = Viewer(Scope.SERVER, workspace.id, workspace.name)
        _server_keys[digest] = viewer
    return viewer

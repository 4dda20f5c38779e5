"""Turns a bearer credential into a Viewer: a server key (whole workspace) or a user token
(one user in one tenant). Anything else, or anything that fails a check, is no Viewer at all,
so every failure looks the same to the caller (UNAUTHENTICATED)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cachetools import TTLCache

from models.crypto import hash_key
from models.db import Database
from models.workspace import signing_secret, workspace_by_id, workspace_for_key
from resolvers import user_tokens
from resolvers.scope import Scope, Viewer

SERVER_KEY_PREFIX = "hk_"

# Keyed by the key's hash, so plaintext keys never sit in memory longer than a request.
_server_keys: TTLCache[str, Viewer] = TTLCache(maxsize=4096, ttl=30)


@dataclass(frozen=True)
class _Signer:
    workspace_name: str
    secret: str


# Decrypted signing secrets by workspace id: a token check costs no query and no Fernet
# decryption while warm. Short-lived, so a rotated secret takes effect within the TTL.
_signers: TTLCache[str, _Signer] = TTLCache(maxsize=4096, ttl=30)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def connection_token(params: Mapping[str, Any] | None) -> tuple[bool, str | None]:
    """(sent, token): the credential in a websocket's connection_init payload, where browsers,
    which cannot set websocket headers, send it: `{"Authorization": "Bearer <t>"}` (any case
    of the key) or `{"authToken": "<t>"}`. `sent` with no usable token is a bad credential."""
    for key, value in (params or {}).items():
        name = key.lower() if isinstance(key, str) else ""
        if name == "authorization":
            return True, bearer_token(value) if isinstance(value, str) else None
        if name == "authtoken":
            return True, value.strip() or None if isinstance(value, str) else None
    return False, None


async def authenticate(db: Database, token: str | None) -> Viewer | None:
    if not token:
        return None
    if token.startswith(SERVER_KEY_PREFIX):
        return await _server_viewer(db, token)
    if user_tokens.looks_like_jwt(token):
        return await _user_viewer(db, token)
    return None


async def _server_viewer(db: Database, token: str) -> Viewer | None:
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


async def _user_viewer(db: Database, token: str) -> Viewer | None:
    workspace_id = user_tokens.key_id(token)
    if workspace_id is None:
        return None
    signer = await _signer(db, workspace_id)
    claims = user_tokens.verify(token, signer.secret) if signer else None
    if signer is None or claims is None:
        return None
    return Viewer(
        Scope.USER,
        workspace_id,
        signer.workspace_name,
        tenant_id=claims.tenant_id,
        distinct_id=claims.distinct_id,
        expires_at=claims.expires_at,
    )


async def _signer(db: Database, workspace_id: str) -> _Signer | None:
    signer = _signers.get(workspace_id)
    if signer is None:
        async with db.session() as session:
            workspace = await workspace_by_id(session, workspace_id)
        if workspace is None:
            return None
        signer = _Signer(workspace.name, signing_secret(workspace))
        _signers[workspace_id] = signer
    return signer

"""User tokens: HS256 JWTs signed with a workspace's signing secret, for frontends.

The workspace travels in the JOSE `kid` header (key id), the standard place for "which key
verifies this". The verifier reads it before checking the signature only to pick the secret;
the header is part of the signed input, so a token whose `kid` was changed fails verification.
The claims stay the ones the design names: `sub` (distinct id), `tenant`, `exp` (and `iat`).
The HMAC key is the signing secret exactly as `herald workspace create` prints it, so a
backend can mint tokens with any JWT library.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

from models.tenant import DEFAULT_TENANT

ALGORITHM = "HS256"
DEFAULT_TTL_SECONDS = 3600
MAX_CLAIM_LENGTH = 256
MAX_KEY_ID_LENGTH = 64  # workspace ids are 16 hex characters; anything longer is not one
REQUIRED_CLAIMS = ("sub", "tenant", "exp")


@dataclass(frozen=True)
class UserClaims:
    """What a verified token says: who the user is and the tenant they act in."""

    distinct_id: str
    tenant_id: str
    expires_at: float


def mint(
    workspace_id: str,
    secret: str,
    distinct_id: str,
    tenant_id: str = DEFAULT_TENANT,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> str:
    now = int(time.time())
    claims = {"sub": distinct_id, "tenant": tenant_id, "iat": now, "exp": now + ttl_seconds}
    return jwt.encode(claims, secret, algorithm=ALGORITHM, headers={"kid": workspace_id})


def looks_like_jwt(token: str) -> bool:
    """Three dot-separated parts: worth a JWT parse (server keys never contain a dot)."""
    return token.count(".") == 2


def key_id(token: str) -> str | None:
    """The unverified `kid`: only used to choose which workspace's secret to verify with."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        return None
    return kid if _usable(kid, MAX_KEY_ID_LENGTH) else None


def verify(token: str, secret: str) -> UserClaims | None:
    """The claims of a token signed by `secret` with HS256 and not expired; None otherwise.

    `algorithms` is pinned, so `alg: none` and any other algorithm are refused."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": list(REQUIRED_CLAIMS)}
        )
    except jwt.PyJWTError:
        return None
    distinct_id, tenant_id = claims.get("sub"), claims.get("tenant")
    if not (_usable(distinct_id) and _usable(tenant_id)):
        return None
    return UserClaims(distinct_id=distinct_id, tenant_id=tenant_id, expires_at=float(claims["exp"]))


def _usable(value: object, max_length: int = MAX_CLAIM_LENGTH) -> bool:
    return isinstance(value, str) and 0 < len(value) <= max_length

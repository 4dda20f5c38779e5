"""Idempotency keys: one home for trimming, hashing, replay and conflict.

The key is reserved by inserting a row under a unique key in the same transaction that
writes the work, so concurrent duplicates (also across processes) run exactly once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from models.idempotency import IdempotencyRecord, drop, find_record, insert_if_absent
from resolvers.errors import Code, UserError, UserErrors, invalid

MAX_KEY = 255


def normalise_key(raw: str | None, field: str = "idempotencyKey") -> str | None:
    if raw is None:
        return None
    key = raw.strip()
    if not 1 <= len(key) <= MAX_KEY:
        raise invalid([field], f"{field} must be 1-{MAX_KEY} characters after trimming")
    return key


def request_hash(request: dict[str, Any]) -> str:
    """The fingerprint that tells 'same request' from 'different request, same key'."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Reservation:
    """Either a fresh reservation (replay is None) or the earlier call's stored result."""

    replay: dict[str, Any] | None


def reserve(
    session: Session,
    workspace_id: str,
    operation: str,
    key: str,
    fingerprint: str,
    result: dict[str, Any],
) -> Reservation:
    """Reserves `key` storing `result`, or returns the earlier result; conflicts raise."""
    record = IdempotencyRecord(
        workspace_id=workspace_id,
        operation=operation,
        key=key,
        request_hash=fingerprint,
        result=result,
    )
    if insert_if_absent(session, record):
        return Reservation(replay=None)
    existing = find_record(session, workspace_id, operation, key)
    if existing is None:  # the other writer rolled back; the caller may simply retry
        raise _conflict(key, "was being used by a concurrent request; retry")
    if existing.expired:  # kept 24 hours, then the key is free again
        drop(session, existing)
        return reserve(session, workspace_id, operation, key, fingerprint, result)
    if existing.request_hash != fingerprint:
        raise _conflict(key, "was already used with a different request")
    return Reservation(replay=existing.result)


def _conflict(key: str, why: str) -> UserErrors:
    return UserErrors(
        [UserError(Code.IDEMPOTENCY_CONFLICT, ["idempotencyKey"], f"idempotency key {why}")]
    )

"""Time-ordered ids: sortable by creation, so they double as keyset positions."""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    """`<prefix>_<13 hex of ms time><10 hex random>`: sorts in creation order within a prefix."""
    return f"{prefix}_{time.time_ns() // 1_000_000:013x}{secrets.token_hex(5)}"


def first_id_at(prefix: str, unix_seconds: float) -> str:
    """A position no greater than any id of `prefix` made at or after that time (ids compare
    as strings), so "id >= first_id_at(...)" selects by creation time on the id index."""
    return f"{prefix}_{max(int(unix_seconds * 1000), 0):013x}"

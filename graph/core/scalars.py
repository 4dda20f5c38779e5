"""Scalars: JSON, and DateTime always rendered in UTC with an offset."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

__all__ = ["JSON", "DateTime"]


def _serialize(value: datetime) -> str:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


DateTime = strawberry.scalar(
    name="DateTime",
    description="An ISO-8601 timestamp in UTC, e.g. 2026-01-31T12:00:00Z.",
    serialize=_serialize,
    parse_value=datetime.fromisoformat,
)

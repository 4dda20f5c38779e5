"""Typed results: small frozen dataclasses parsed from GraphQL payloads, never raw dicts.

Field names are snake_case; timestamps are timezone-aware `datetime`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from client.channels import channels_from_graphql


@dataclass(frozen=True)
class UserError:
    """A problem Herald reported as data: `code` (e.g. NOT_FOUND, INVALID,
    IDEMPOTENCY_CONFLICT), the argument path in `field` (e.g. ["tenantId"]), a message."""

    code: str
    field: list[str] | None
    message: str

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> UserError:
        return cls(code=raw["code"], field=raw.get("field"), message=raw["message"])


def parse_errors(raw: list[dict[str, Any]] | None) -> list[UserError]:
    return [UserError.parse(e) for e in raw or []]


@dataclass(frozen=True)
class TriggerResult:
    """The outcome of one workflow trigger.

    `execution_id` is set when Herald accepted the trigger (or replayed an earlier one:
    `replayed` is then True and nothing new ran); otherwise `errors` says why not.
    """

    execution_id: str | None
    replayed: bool
    errors: list[UserError]

    @property
    def ok(self) -> bool:
        return not self.errors and self.execution_id is not None

    @classmethod
    def parse(cls, payload: dict[str, Any]) -> TriggerResult:
        execution = payload.get("execution") or {}
        return cls(
            execution_id=execution.get("id"),
            replayed=bool(payload.get("replayed")),
            errors=parse_errors(payload.get("errors")),
        )


@dataclass(frozen=True)
class TrackResult:
    """The outcome of one tracked event: the event's id and one execution id per workflow
    whose trigger events include it (none when no workflow listens)."""

    event_id: str | None
    execution_ids: list[str]
    replayed: bool
    errors: list[UserError]

    @property
    def ok(self) -> bool:
        return not self.errors and self.event_id is not None

    @classmethod
    def parse(cls, payload: dict[str, Any]) -> TrackResult:
        event = payload.get("event") or {}
        return cls(
            event_id=event.get("id"),
            execution_ids=[e["id"] for e in event.get("executions") or []],
            replayed=bool(payload.get("replayed")),
            errors=parse_errors(payload.get("errors")),
        )


def _time(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


def _present(raw: dict[str, Any] | None) -> dict[str, Any]:
    """Drops the nulls GraphQL returns for unset fields."""
    return {k: v for k, v in (raw or {}).items() if v is not None}


@dataclass(frozen=True)
class Tenant:
    """A tenant as stored (no fallback to the default tenant's branding)."""

    id: str
    name: str
    logo: str | None
    primary_color: str | None
    secondary_color: str | None
    tertiary_color: str | None
    social_links: dict[str, str]
    properties: dict[str, Any]
    timezone: str | None
    preference_page_url: str | None
    blocked_channels: list[str]
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Tenant:
        return cls(
            id=raw["id"],
            name=raw["name"],
            logo=raw.get("logo"),
            primary_color=raw.get("primaryColor"),
            secondary_color=raw.get("secondaryColor"),
            tertiary_color=raw.get("tertiaryColor"),
            social_links=_present(raw.get("socialLinks")),
            properties=raw.get("properties") or {},
            timezone=raw.get("timezone"),
            preference_page_url=raw.get("preferencePageUrl"),
            blocked_channels=raw.get("blockedChannels") or [],
            created_at=_time(raw.get("createdAt")),
            updated_at=_time(raw.get("updatedAt")),
        )


@dataclass(frozen=True)
class Vendor:
    """A tenant's provider for one channel. Secrets are write-only: only their names."""

    channel: str
    provider: str
    config: dict[str, Any]
    secret_fields: list[str]
    enabled: bool
    updated_at: datetime | None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Vendor:
        return cls(
            channel=raw["channel"],
            provider=raw["provider"],
            config=raw.get("config") or {},
            secret_fields=raw.get("secretFields") or [],
            enabled=bool(raw.get("enabled")),
            updated_at=_time(raw.get("updatedAt")),
        )


@dataclass(frozen=True)
class User:
    """A user. `channels` uses the same `$`-keys a recipient takes (only those set), so
    `users.upsert(u.distinct_id, channels=u.channels)` round-trips."""

    distinct_id: str
    channels: dict[str, Any]
    properties: dict[str, Any]
    timezone: str | None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> User:
        return cls(
            distinct_id=raw["distinctId"],
            channels=channels_from_graphql(raw.get("channels") or {}),
            properties=raw.get("properties") or {},
            timezone=raw.get("timezone"),
        )


@dataclass(frozen=True)
class CategoryPreference:
    """One category as the user sees it in one tenant."""

    category: str
    preference: str
    opted_out_channels: list[str]
    mandatory_channels: list[str]
    is_editable: bool
    source: str

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> CategoryPreference:
        return cls(
            category=raw["category"]["slug"],
            preference=raw["preference"],
            opted_out_channels=raw.get("optedOutChannels") or [],
            mandatory_channels=raw.get("mandatoryChannels") or [],
            is_editable=bool(raw.get("isEditable")),
            source=raw["source"],
        )


@dataclass(frozen=True)
class Preferences:
    """A user's preferences in one tenant, after a change."""

    tenant_id: str
    restricted_channels: list[str]
    categories: list[CategoryPreference]

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Preferences:
        return cls(
            tenant_id=raw["tenantId"],
            restricted_channels=raw.get("restrictedChannels") or [],
            categories=[CategoryPreference.parse(c) for c in raw.get("categories") or []],
        )


@dataclass(frozen=True)
class TenantPage:
    """One page of `tenants`; `tenants.list` follows `end_cursor` while `has_next`."""

    tenants: list[Tenant]
    end_cursor: str | None
    has_next: bool

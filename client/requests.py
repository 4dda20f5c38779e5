"""Request shapes callers build (SuprSend's `WorkflowTriggerRequest` and `Event`), checked
locally and mapped onto Herald's GraphQL arguments.

Every check raises `ValueError` naming the offending key, e.g.
"body['recipients'][1]: missing 'distinct_id'", before anything is sent: a malformed
request is a bug in the calling code, and finding it without a round trip (and without a
half-sent bulk) is cheaper. Herald still validates everything it receives (addresses,
slugs, tenant ids) and reports those problems as `UserError`s in the result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from client.channels import channels_to_graphql

MAX_RECIPIENTS = 100
MAX_KEY_LENGTH = 255
BODY_KEYS = ("workflow", "recipients", "actor", "data")
TENANT_FIELDS = {
    "name": "name",
    "tenant_name": "name",  # SuprSend's name for it
    "logo": "logo",
    "primary_color": "primaryColor",
    "secondary_color": "secondaryColor",
    "tertiary_color": "tertiaryColor",
    "social_links": "socialLinks",
    "properties": "properties",
    "timezone": "timezone",
    "preference_page_url": "preferencePageUrl",
    "blocked_channels": "blockedChannels",
}


@dataclass(frozen=True)
class WorkflowTriggerRequest:
    """One workflow run, in SuprSend's shape.

    `body` keys: `workflow` (slug, required), `recipients` (1-100; each a distinct id string
    or a dict with `distinct_id`, channel keys `$email`, `$sms`, `$whatsapp`, `$slack`,
    `$ms_teams`, `$webhook`, and any other keys, which become user properties), `actor`
    (same shape as a recipient) and `data` (a dict the templates see). The shape is checked
    when the request is built and again when it is sent.
    """

    body: dict[str, Any]
    tenant_id: str | None = None
    idempotency_key: str | None = None
    cancellation_key: str | None = None

    def __post_init__(self) -> None:
        self.to_variables()

    def to_variables(self) -> dict[str, Any]:
        """triggerWorkflow's arguments, only those given; ValueError on a bad shape."""
        body = self.body
        if not isinstance(body, dict):
            raise ValueError("body: must be a dict with 'workflow' and 'recipients'")
        _known_keys(body, BODY_KEYS, "body")
        variables: dict[str, Any] = {
            "workflow": _text(body.get("workflow"), "body['workflow']"),
            "recipients": _recipients(body.get("recipients")),
        }
        if body.get("actor") is not None:
            variables["actor"] = recipient_input(body["actor"], "body['actor']")
        if body.get("data") is not None:
            variables["data"] = _object(body["data"], "body['data']")
        variables.update(_common(self.tenant_id, self.idempotency_key))
        if self.cancellation_key is not None:
            variables["cancellationKey"] = _text(self.cancellation_key, "cancellation_key")
        return _json_safe(variables, "body")


@dataclass(frozen=True)
class Event:
    """Something a user did, in SuprSend's shape; every workflow listing `event_name` in
    its trigger events runs for that user. The user must exist (create it with
    `users.upsert` or as a trigger recipient)."""

    distinct_id: str
    event_name: str
    properties: dict[str, Any] | None = None
    tenant_id: str | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.to_variables()

    def to_variables(self) -> dict[str, Any]:
        """trackEvent's arguments, only those given; ValueError on a bad shape."""
        variables: dict[str, Any] = {
            "distinctId": _text(self.distinct_id, "distinct_id"),
            "event": _text(self.event_name, "event_name"),
        }
        if self.properties is not None:
            variables["properties"] = _object(self.properties, "properties")
        variables.update(_common(self.tenant_id, self.idempotency_key))
        return _json_safe(variables, "properties")


def recipient_input(value: Any, where: str) -> dict[str, Any]:
    """A distinct id string, or a SuprSend recipient dict, as a RecipientInput."""
    if isinstance(value, str):
        return {"distinctId": _text(value, where)}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: must be a distinct id string or a dict with 'distinct_id'")
    if "distinct_id" not in value:
        raise ValueError(f"{where}: missing 'distinct_id'")
    result: dict[str, Any] = {"distinctId": _text(value["distinct_id"], f"{where}['distinct_id']")}
    channels = {k: v for k, v in value.items() if k.startswith("$")}
    properties = {k: v for k, v in value.items() if k != "distinct_id" and not k.startswith("$")}
    if channels:
        result["channels"] = channels_to_graphql(channels, where)
    if properties:
        result["properties"] = properties
    return result


def tenant_input(fields: dict[str, Any]) -> dict[str, Any]:
    """TenantInput from snake_case (or camelCase) keys; `None` values clear, as in the API."""
    known = {**TENANT_FIELDS, **{camel: camel for camel in TENANT_FIELDS.values()}}
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise ValueError(f"tenant fields: unknown {unknown} (known: {sorted(TENANT_FIELDS)})")
    return {known[key]: value for key, value in fields.items()}


def user_input(
    channels: dict[str, Any] | None, properties: dict[str, Any] | None, timezone: str | None
) -> dict[str, Any]:
    """UserInput with only the parts given; channels use the recipient `$` keys."""
    result: dict[str, Any] = {}
    if channels is not None:
        result["channels"] = channels_to_graphql(_object(channels, "channels"), "channels")
    if properties is not None:
        result["properties"] = _object(properties, "properties")
    if timezone is not None:
        result["timezone"] = _text(timezone, "timezone")
    return _json_safe(result, "properties")


def enum_value(value: str, where: str) -> str:
    """`"email"`, `"ms_teams"` or `"MS_TEAMS"` as the GraphQL enum value."""
    return _text(value, where).strip().upper()


def _recipients(value: Any) -> list[dict[str, Any]]:
    where = "body['recipients']"
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: must be a non-empty list")
    if len(value) > MAX_RECIPIENTS:
        raise ValueError(f"{where}: at most {MAX_RECIPIENTS} recipients, got {len(value)}")
    return [recipient_input(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _common(tenant_id: str | None, idempotency_key: str | None) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    if tenant_id is not None:
        variables["tenantId"] = _text(tenant_id, "tenant_id")
    if idempotency_key is not None:
        key = _text(idempotency_key, "idempotency_key")
        if len(key.strip()) > MAX_KEY_LENGTH:
            raise ValueError(f"idempotency_key: at most {MAX_KEY_LENGTH} characters")
        variables["idempotencyKey"] = key
    return variables


def _known_keys(value: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in value:
        if key not in allowed:
            raise ValueError(f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})")


def _text(value: Any, where: str) -> str:
    if value is None:
        raise ValueError(f"{where}: required")
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: must be a non-empty string")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: must be a dict, got {type(value).__name__}")
    return value


def _json_safe(variables: dict[str, Any], where: str) -> dict[str, Any]:
    """Fails here, naming the part, rather than deep inside httpx's JSON encoder."""
    try:
        json.dumps(variables)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: not JSON-serializable ({exc})") from None
    return variables

"""Each client call as an `Operation`: a GraphQL document, its variables, how to parse the
answer, and whether re-sending it is safe. Shared by `Herald` and `AsyncHerald`, which
differ only in how they do the I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from client.errors import HeraldUserError
from client.requests import (
    Event,
    WorkflowTriggerRequest,
    enum_value,
    tenant_input,
    user_input,
)
from client.results import (
    Preferences,
    Tenant,
    TenantPage,
    TrackResult,
    TriggerResult,
    User,
    UserError,
    Vendor,
    parse_errors,
)

T = TypeVar("T")

# The server refuses documents with more aliases than this (HERALD_MAX_ALIASES, default 30).
MAX_ALIASES = 30
PAGE_SIZE = 100

TRIGGER_ARGS = (
    ("workflow", "ID!"),
    ("recipients", "[RecipientInput!]!"),
    ("actor", "RecipientInput"),
    ("data", "JSON"),
    ("tenantId", "ID"),
    ("idempotencyKey", "String"),
    ("cancellationKey", "String"),
)
TRIGGER_FRAGMENT = """fragment TriggerFields on TriggerWorkflowPayload {
  execution { id } replayed errors { code field message }
}"""
TRACK = """mutation Track($distinctId: ID!, $event: String!, $properties: JSON, $tenantId: ID,
                      $idempotencyKey: String) {
  trackEvent(distinctId: $distinctId, event: $event, properties: $properties,
             tenantId: $tenantId, idempotencyKey: $idempotencyKey) {
    event { id executions { id } } replayed errors { code field message }
  }
}"""
TENANT_FIELDS = """id name logo primaryColor secondaryColor tertiaryColor
  socialLinks { website facebook linkedin x instagram medium discord telegram youtube tiktok }
  properties timezone preferencePageUrl blockedChannels createdAt updatedAt"""
UPSERT_TENANT = f"""mutation UpsertTenant($id: ID!, $input: TenantInput!) {{
  upsertTenant(id: $id, input: $input) {{
    tenant {{ {TENANT_FIELDS} }} errors {{ code field message }}
  }}
}}"""
GET_TENANT = f"""query Tenant($id: ID!) {{ tenant(id: $id) {{ {TENANT_FIELDS} }} }}"""
LIST_TENANTS = f"""query Tenants($first: Int, $after: String, $search: String) {{
  tenants(first: $first, after: $after, search: $search) {{
    edges {{ node {{ {TENANT_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
DELETE_TENANT = """mutation DeleteTenant($id: ID!) {
  deleteTenant(id: $id) { deleted errors { code field message } }
}"""
SET_VENDOR = """mutation SetVendor($tenantId: ID!, $input: TenantVendorInput!) {
  setTenantVendor(tenantId: $tenantId, input: $input) {
    vendor { channel provider config secretFields enabled updatedAt } errors { code field message }
  }
}"""
USER_FIELDS = """distinctId properties timezone
  channels {
    email sms whatsapp slack { webhookUrl userId channelId } msTeamsWebhookUrl webhookUrl
  }"""
UPSERT_USER = f"""mutation UpsertUser($distinctId: ID!, $input: UserInput!) {{
  upsertUser(distinctId: $distinctId, input: $input) {{
    user {{ {USER_FIELDS} }} errors {{ code field message }}
  }}
}}"""
SET_PREFERENCE = """mutation SetPreference($distinctId: ID!, $category: ID!,
    $preference: UserPreference!, $optedOutChannels: [Channel!], $tenantId: ID) {
  setUserCategoryPreference(distinctId: $distinctId, category: $category,
      preference: $preference, optedOutChannels: $optedOutChannels, tenantId: $tenantId) {
    preferences {
      tenantId restrictedChannels
      categories {
        category { slug } preference optedOutChannels mandatoryChannels isEditable source
      }
    }
    errors { code field message }
  }
}"""


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One HTTP request's worth of GraphQL.

    `retry_safe` says whether the request may be sent again after it may already have
    reached the server (see `transport.RetryPolicy`): true for reads and for writes that
    carry an idempotency key, which Herald answers with the first result on a repeat.
    Variables that are not given are left out, so Herald sees the argument as omitted
    (which, for some arguments, differs from null: null clears).
    """

    document: str
    variables: dict[str, Any]
    parse: Callable[[dict[str, Any]], T]
    retry_safe: bool = False

    def payload(self) -> dict[str, Any]:
        return {"query": self.document, "variables": self.variables}


def trigger(request: WorkflowTriggerRequest) -> Operation[TriggerResult]:
    """One trigger is a bulk of one: the same document shape and arguments, so a key used
    in `trigger` and again in `trigger_bulk` is recognised as the same request."""
    if not isinstance(request, WorkflowTriggerRequest):
        raise ValueError("request: must be a WorkflowTriggerRequest")
    single = _trigger_operation([request.to_variables()])
    return Operation(
        single.document, single.variables, lambda data: single.parse(data)[0], single.retry_safe
    )


def trigger_chunks(
    requests: Sequence[WorkflowTriggerRequest], size: int = MAX_ALIASES
) -> list[Operation[list[TriggerResult]]]:
    """One operation per `size` requests; every request is checked before any is sent."""
    if not 1 <= size <= MAX_ALIASES:
        raise ValueError(f"chunk_size: must be 1-{MAX_ALIASES} (the server's alias limit)")
    variables = [_item_variables(i, request) for i, request in enumerate(requests)]
    return [
        _trigger_operation(variables[start : start + size])
        for start in range(0, len(requests), size)
    ]


def _item_variables(index: int, request: WorkflowTriggerRequest) -> dict[str, Any]:
    if not isinstance(request, WorkflowTriggerRequest):
        raise ValueError(f"requests[{index}]: must be a WorkflowTriggerRequest")
    try:
        return request.to_variables()
    except ValueError as exc:
        raise ValueError(f"requests[{index}]: {exc}") from None


def _trigger_operation(items: list[dict[str, Any]]) -> Operation[list[TriggerResult]]:
    variables = {
        f"{name}{i}": value for i, item in enumerate(items) for name, value in item.items()
    }
    count = len(items)

    def parse(data: dict[str, Any]) -> list[TriggerResult]:
        return [TriggerResult.parse(data[f"t{i}"]) for i in range(count)]

    keyed = all("idempotencyKey" in item for item in items)
    return Operation(trigger_document(count), variables, parse, retry_safe=keyed)


@lru_cache(maxsize=MAX_ALIASES)
def trigger_document(count: int) -> str:
    """`count` aliased triggerWorkflow fields (t0, t1, ...), each with its own variables.

    The shape depends only on `count`, so the server's parser cache sees few documents.
    """
    definitions = ", ".join(f"${n}{i}: {t}" for i in range(count) for n, t in TRIGGER_ARGS)
    fields = "\n".join(
        f"  t{i}: triggerWorkflow({', '.join(f'{n}: ${n}{i}' for n, _ in TRIGGER_ARGS)})"
        " { ...TriggerFields }"
        for i in range(count)
    )
    return f"mutation Trigger({definitions}) {{\n{fields}\n}}\n{TRIGGER_FRAGMENT}"


def track(event: Event) -> Operation[TrackResult]:
    if not isinstance(event, Event):
        raise ValueError("event: must be an Event")
    variables = event.to_variables()
    return Operation(
        TRACK,
        variables,
        lambda data: TrackResult.parse(data["trackEvent"]),
        retry_safe="idempotencyKey" in variables,
    )


def upsert_tenant(tenant_id: str, fields: dict[str, Any]) -> Operation[Tenant]:
    variables = {"id": tenant_id, "input": tenant_input(fields)}
    return Operation(UPSERT_TENANT, variables, _payload("upsertTenant", "tenant", Tenant.parse))


def get_tenant(tenant_id: str) -> Operation[Tenant | None]:
    def parse(data: dict[str, Any]) -> Tenant | None:
        return Tenant.parse(data["tenant"]) if data["tenant"] else None

    return Operation(GET_TENANT, {"id": tenant_id}, parse, retry_safe=True)


def tenant_page(search: str | None, after: str | None) -> Operation[TenantPage]:
    def parse(data: dict[str, Any]) -> TenantPage:
        page = data["tenants"]
        return TenantPage(
            tenants=[Tenant.parse(edge["node"]) for edge in page["edges"]],
            end_cursor=page["pageInfo"]["endCursor"],
            has_next=page["pageInfo"]["hasNextPage"],
        )

    variables = {"first": PAGE_SIZE, "after": after, "search": search}
    return Operation(LIST_TENANTS, variables, parse, retry_safe=True)


def delete_tenant(tenant_id: str) -> Operation[bool]:
    """True when deleted, False when there was no such tenant; other errors raise."""

    def parse(data: dict[str, Any]) -> bool:
        payload = data["deleteTenant"]
        errors = parse_errors(payload["errors"])
        if errors and all(e.code == "NOT_FOUND" for e in errors):
            return False
        _raise_for(errors, "deleteTenant")
        return bool(payload["deleted"])

    return Operation(DELETE_TENANT, {"id": tenant_id}, parse)


def set_vendor(
    tenant_id: str,
    channel: str,
    provider: str,
    config: dict[str, Any],
    secrets: dict[str, Any] | None,
    enabled: bool | None,
) -> Operation[Vendor]:
    vendor: dict[str, Any] = {
        "channel": enum_value(channel, "channel"),
        "provider": provider,
        "config": config,
    }
    if secrets is not None:  # omitted keeps the stored secrets; null would clear them
        vendor["secrets"] = secrets
    if enabled is not None:
        vendor["enabled"] = enabled
    variables = {"tenantId": tenant_id, "input": vendor}
    return Operation(SET_VENDOR, variables, _payload("setTenantVendor", "vendor", Vendor.parse))


def upsert_user(
    distinct_id: str,
    channels: dict[str, Any] | None,
    properties: dict[str, Any] | None,
    timezone: str | None,
) -> Operation[User]:
    variables = {"distinctId": distinct_id, "input": user_input(channels, properties, timezone)}
    return Operation(UPSERT_USER, variables, _payload("upsertUser", "user", User.parse))


def set_preference(
    distinct_id: str,
    category: str,
    preference: str,
    opted_out_channels: list[str] | None,
    tenant_id: str | None,
) -> Operation[Preferences]:
    variables: dict[str, Any] = {
        "distinctId": distinct_id,
        "category": category,
        "preference": enum_value(preference, "preference"),
    }
    if opted_out_channels is not None:  # omitted keeps the user's list
        variables["optedOutChannels"] = [
            enum_value(c, f"opted_out_channels[{i}]") for i, c in enumerate(opted_out_channels)
        ]
    if tenant_id is not None:
        variables["tenantId"] = tenant_id
    parse = _payload("setUserCategoryPreference", "preferences", Preferences.parse)
    return Operation(SET_PREFERENCE, variables, parse)


def raw(query: str, variables: dict[str, Any] | None, idempotent: bool) -> Operation[dict]:
    if not isinstance(query, str) or not query.strip():
        raise ValueError("query: must be a non-empty GraphQL document")
    return Operation(query, variables or {}, lambda data: data, retry_safe=idempotent)


def _payload(field: str, key: str, parse: Callable[[dict[str, Any]], T]) -> Callable[..., T]:
    """Parses `data[field][key]`, raising HeraldUserError when the payload has errors."""

    def parse_payload(data: dict[str, Any]) -> T:
        payload = data[field]
        _raise_for(parse_errors(payload["errors"]), field)
        return parse(payload[key])

    return parse_payload


def _raise_for(errors: list[UserError], field: str) -> None:
    if errors:
        detail = "; ".join(f"{e.code} at {'.'.join(e.field or [])}: {e.message}" for e in errors)
        raise HeraldUserError(f"{field}: {detail}", errors)

"""GraphQL documents and helpers for categories, tenant overrides, users and preferences."""

from __future__ import annotations

from typing import Any

from tests.harness import WorkspaceClient

CATEGORY_FIELDS = "slug name description defaultPreference defaultMandatoryChannels"
OVERRIDE_FIELDS = """
  category { slug } preference preferenceSource visibleToSubscriber mandatoryChannels
  mandatoryChannelsSource optInChannels enabledForTenant
"""
PREFERENCES_FIELDS = """
  tenantId restrictedChannels
  categories { category { slug } preference source isEditable optedOutChannels mandatoryChannels }
"""
ERRORS = "errors { code field message }"

UPSERT_CATEGORY = f"""mutation($input: CategoryInput!) {{
  upsertCategory(input: $input) {{ category {{ {CATEGORY_FIELDS} }} {ERRORS} }}
}}"""
SET_OVERRIDE = f"""mutation($tenantId: ID!, $category: ID!, $input: TenantCategoryPreferenceInput!) {{
  setTenantCategoryPreference(tenantId: $tenantId, category: $category, input: $input) {{
    categoryPreference {{ {OVERRIDE_FIELDS} }} {ERRORS}
  }}
}}"""
OVERRIDES = (
    f"""query($id: ID!) {{ tenant(id: $id) {{ categoryPreferences {{ {OVERRIDE_FIELDS} }} }} }}"""
)
SET_CHOICE = f"""mutation($distinctId: ID!, $category: ID!, $preference: UserPreference!,
                   $optedOutChannels: [Channel!], $tenantId: ID) {{
  setUserCategoryPreference(distinctId: $distinctId, category: $category, preference: $preference,
                            optedOutChannels: $optedOutChannels, tenantId: $tenantId) {{
    preferences {{ {PREFERENCES_FIELDS} }} {ERRORS}
  }}
}}"""
RESTRICT = f"""mutation($distinctId: ID!, $channels: [Channel!]!, $tenantId: ID) {{
  setUserRestrictedChannels(distinctId: $distinctId, channels: $channels, tenantId: $tenantId) {{
    preferences {{ {PREFERENCES_FIELDS} }} {ERRORS}
  }}
}}"""
PREFERENCES = f"""query($distinctId: ID!, $tenantId: ID) {{
  user(distinctId: $distinctId) {{ preferences(tenantId: $tenantId) {{ {PREFERENCES_FIELDS} }} }}
}}"""
UPSERT_USER = """mutation($distinctId: ID!, $input: UserInput!) {
  upsertUser(distinctId: $distinctId, input: $input) {
    user { distinctId properties timezone
           channels { email sms whatsapp msTeamsWebhookUrl webhookUrl
                      slack { webhookUrl userId channelId } } }
    errors { code field message }
  }
}"""


def upsert_category(ws: WorkspaceClient, slug: str, **fields: Any) -> dict:
    fields.setdefault("name", slug.title())
    return ws.gql(UPSERT_CATEGORY, {"input": {"slug": slug, **fields}})["upsertCategory"]


def upsert_tenant(ws: WorkspaceClient, tenant_id: str) -> None:
    mutation = """mutation($id: ID!, $name: String!) {
      upsertTenant(id: $id, input: {name: $name}) { errors { code } }
    }"""
    assert ws.gql(mutation, {"id": tenant_id, "name": tenant_id})["upsertTenant"]["errors"] == []


def set_override(ws: WorkspaceClient, tenant_id: str, slug: str, **fields: Any) -> dict:
    variables = {"tenantId": tenant_id, "category": slug, "input": fields}
    return ws.gql(SET_OVERRIDE, variables)["setTenantCategoryPreference"]


def overrides(ws: WorkspaceClient, tenant_id: str) -> list[dict]:
    return ws.gql(OVERRIDES, {"id": tenant_id})["tenant"]["categoryPreferences"]


def upsert_user(ws: WorkspaceClient, distinct_id: str, **fields: Any) -> dict:
    return ws.gql(UPSERT_USER, {"distinctId": distinct_id, "input": fields})["upsertUser"]


def set_choice(
    ws: WorkspaceClient, distinct_id: str, slug: str, preference: str, **more: Any
) -> dict:
    variables = {"distinctId": distinct_id, "category": slug, "preference": preference, **more}
    return ws.gql(SET_CHOICE, variables)["setUserCategoryPreference"]


def restrict(ws: WorkspaceClient, distinct_id: str, channels: list[str], **more: Any) -> dict:
    variables = {"distinctId": distinct_id, "channels": channels, **more}
    return ws.gql(RESTRICT, variables)["setUserRestrictedChannels"]


def preferences(ws: WorkspaceClient, distinct_id: str, tenant_id: str | None = None) -> dict:
    variables = {"distinctId": distinct_id, "tenantId": tenant_id}
    return ws.gql(PREFERENCES, variables)["user"]["preferences"]


def by_slug(prefs: dict) -> dict[str, dict]:
    return {c["category"]["slug"]: c for c in prefs["categories"]}


def codes_and_fields(payload: dict) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]

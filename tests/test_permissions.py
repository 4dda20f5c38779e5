"""What a user token may do, over HTTP, and the schema walk that keeps permissions default-deny.

The user token below is `ada` in tenant `acme`; `bob` is another user, `globex` another tenant.
"""

from __future__ import annotations

import pytest
from graphql import GraphQLField, GraphQLObjectType, get_named_type

from graph.permissions import ALL_FIELDS, USER_READABLE, IsServer
from graph.schema import build_schema
from models.settings import Settings
from tests.harness import WorkspaceClient
from tests.preferences_api import (
    PREFERENCES_FIELDS,
    by_slug,
    preferences,
    upsert_category,
    upsert_tenant,
    upsert_user,
)

# ---------------------------------------------------------------- the schema walk


def graphql_schema():
    return build_schema(Settings())._schema


def roots() -> list[GraphQLObjectType]:
    schema = graphql_schema()
    return [t for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t]


def permissions_of(field: GraphQLField) -> set[type]:
    definition = field.extensions.get("strawberry-definition")
    return set(definition.permission_classes) if definition else set()


def test_every_root_field_has_a_permission() -> None:
    """Default-deny: a new Query, Mutation or Subscription field must say who may call it."""
    missing = [
        f"{root.name}.{name}"
        for root in roots()
        for name, field in root.fields.items()
        if not permissions_of(field)
    ]
    assert missing == [], "add permission_classes (SERVER_ONLY for backends-only fields)"


def test_every_field_a_user_token_can_reach_is_decided() -> None:
    """Past a field that lets a user token in, each field is listed in USER_READABLE or has a
    permission of its own: a new field is not readable by user tokens until someone decides."""
    undecided: list[str] = []
    seen: set[str] = set()

    def walk(object_type: GraphQLObjectType) -> None:
        if object_type.name in seen:
            return
        seen.add(object_type.name)
        readable = USER_READABLE.get(object_type.name, frozenset())
        for name, field in object_type.fields.items():
            permissions = permissions_of(field)
            if not permissions and not (readable == ALL_FIELDS or name in readable):
                undecided.append(f"{object_type.name}.{name}")
            elif permissions != {IsServer}:
                inner = get_named_type(field.type)
                if isinstance(inner, GraphQLObjectType):
                    walk(inner)

    for root in roots():
        walk(root)
    assert undecided == [], "list these in USER_READABLE or give them a permission"


def test_user_readable_names_real_fields() -> None:
    schema = graphql_schema()
    stale = [
        f"{type_name}.{name}"
        for type_name, names in USER_READABLE.items()
        for name in names - ALL_FIELDS
        if name not in getattr(schema.get_type(type_name), "fields", {})
    ]
    assert stale == []


# ---------------------------------------------------------------- over HTTP


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    upsert_category(workspace, "news")
    upsert_category(workspace, "security", defaultPreference="CANT_UNSUBSCRIBE")
    upsert_tenant(workspace, "acme")
    upsert_tenant(workspace, "globex")
    upsert_user(workspace, "ada", channels={"email": "ada@example.com"}, properties={"vip": True})
    upsert_user(workspace, "bob")
    return workspace


def as_ada(ws: WorkspaceClient, query: str, variables: dict | None = None) -> dict:
    return ws.post(query, variables, key=ws.user_token("ada", "acme")).json()


FORBIDDEN = {
    "tenants": ("{ tenants { totalCount } }", "Query.tenants"),
    "other-tenant": ('{ tenant(id: "globex") { id } }', "Query.tenant"),
    "default-tenant": ('{ tenant(id: "default") { name } }', "Query.tenant"),
    "vendors": ('{ tenant(id: "acme") { vendors { channel } } }', "Tenant.vendors"),
    "category-overrides": (
        '{ tenant(id: "acme") { categoryPreferences { preference } } }',
        "Tenant.categoryPreferences",
    ),
    "categories": ("{ categories { slug } }", "Query.categories"),
    "category": ('{ category(slug: "news") { slug } }', "Query.category"),
    "other-user": ('{ user(distinctId: "bob") { distinctId } }', "Query.user"),
    "own-channels": ('{ user(distinctId: "ada") { channels { email } } }', "User.channels"),
    "own-properties": ('{ user(distinctId: "ada") { properties } }', "User.properties"),
    "preferences-other-tenant": (
        '{ user(distinctId: "ada") { preferences(tenantId: "globex") { tenantId } } }',
        "User.preferences",
    ),
    "upsert-tenant": (
        'mutation { upsertTenant(id: "acme", input: {name: "Hacked"}) { errors { code } } }',
        "Mutation.upsertTenant",
    ),
    "delete-tenant": (
        'mutation { deleteTenant(id: "acme") { deleted } }',
        "Mutation.deleteTenant",
    ),
    "set-vendor": (
        'mutation { setTenantVendor(tenantId: "acme", input: {channel: WEBHOOK, provider: "webhook", config: {url: "https://evil.example"}}) { errors { code } } }',
        "Mutation.setTenantVendor",
    ),
    "remove-vendor": (
        'mutation { removeTenantVendor(tenantId: "acme", channel: EMAIL) { deleted } }',
        "Mutation.removeTenantVendor",
    ),
    "upsert-category": (
        'mutation { upsertCategory(input: {slug: "news", name: "Hacked"}) { errors { code } } }',
        "Mutation.upsertCategory",
    ),
    "tenant-category-preference": (
        'mutation { setTenantCategoryPreference(tenantId: "acme", category: "security", input: {preference: OPT_OUT}) { errors { code } } }',
        "Mutation.setTenantCategoryPreference",
    ),
    "upsert-self": (
        'mutation { upsertUser(distinctId: "ada", input: {properties: {vip: false}}) { errors { code } } }',
        "Mutation.upsertUser",
    ),
    "choice-for-other-user": (
        'mutation { setUserCategoryPreference(distinctId: "bob", category: "news", preference: OPT_OUT) { errors { code } } }',
        "Mutation.setUserCategoryPreference",
    ),
    "choice-in-other-tenant": (
        'mutation { setUserCategoryPreference(distinctId: "ada", category: "news", preference: OPT_OUT, tenantId: "globex") { errors { code } } }',
        "Mutation.setUserCategoryPreference",
    ),
    "restrict-other-user": (
        'mutation { setUserRestrictedChannels(distinctId: "bob", channels: [SMS]) { errors { code } } }',
        "Mutation.setUserRestrictedChannels",
    ),
    "restrict-in-other-tenant": (
        'mutation { setUserRestrictedChannels(distinctId: "ada", channels: [SMS], tenantId: "default") { errors { code } } }',
        "Mutation.setUserRestrictedChannels",
    ),
}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_user_token_is_forbidden(ws: WorkspaceClient, case: str) -> None:
    query, field = FORBIDDEN[case]
    body = as_ada(ws, query)
    [error] = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert field in error["message"]


def test_forbidden_writes_change_nothing(ws: WorkspaceClient) -> None:
    for case in ("upsert-tenant", "upsert-category", "choice-for-other-user", "upsert-self"):
        as_ada(ws, FORBIDDEN[case][0])
    assert ws.gql('{ tenant(id: "acme") { name } }')["tenant"]["name"] == "acme"
    assert ws.gql('{ category(slug: "news") { name } }')["category"]["name"] == "News"
    assert by_slug(preferences(ws, "bob"))["news"]["preference"] == "OPT_IN"
    assert ws.gql('{ user(distinctId: "ada") { properties } }')["user"]["properties"] == {
        "vip": True
    }


def test_reads_its_tenants_branding(ws: WorkspaceClient) -> None:
    ws.gql(
        'mutation { upsertTenant(id: "default", input: {logo: "https://cdn.example/l.png"}) { errors { code } } }'
    )
    query = """{ tenant(id: "acme") { id name primaryColor blockedChannels createdAt
                 branding { tenantId tenantName logo socialLinks { website } properties } } }"""
    tenant = as_ada(ws, query)["data"]["tenant"]
    assert tenant["id"] == "acme"
    assert tenant["branding"]["logo"] == "https://cdn.example/l.png"  # the default's, inherited


def test_reads_itself_and_its_preferences_in_its_tenant(ws: WorkspaceClient) -> None:
    query = f"""{{ user(distinctId: "ada") {{
        distinctId timezone
        own: preferences {{ {PREFERENCES_FIELDS} }}
        named: preferences(tenantId: "acme") {{ tenantId }}
    }} }}"""
    user = as_ada(ws, query)["data"]["user"]
    assert user["distinctId"] == "ada"
    assert user["own"]["tenantId"] == "acme"  # null tenantId means the token's own tenant
    assert user["named"]["tenantId"] == "acme"
    assert [c["category"]["slug"] for c in user["own"]["categories"]] == ["news", "security"]


def test_sets_its_own_choices_in_its_tenant(ws: WorkspaceClient) -> None:
    choice = 'mutation { setUserCategoryPreference(distinctId: "ada", category: "news", preference: OPT_OUT) { preferences { tenantId } errors { code } } }'
    restrict = 'mutation { setUserRestrictedChannels(distinctId: "ada", channels: [SMS], tenantId: "acme") { errors { code } } }'
    payload = as_ada(ws, choice)["data"]["setUserCategoryPreference"]
    assert payload == {"preferences": {"tenantId": "acme"}, "errors": []}
    assert as_ada(ws, restrict)["data"]["setUserRestrictedChannels"]["errors"] == []

    in_acme = preferences(ws, "ada", "acme")  # seen with the server key
    assert by_slug(in_acme)["news"]["preference"] == "OPT_OUT"
    assert in_acme["restrictedChannels"] == ["SMS"]
    assert by_slug(preferences(ws, "ada"))["news"]["preference"] == "OPT_IN"  # default tenant


def test_cannot_leave_a_locked_category(ws: WorkspaceClient) -> None:
    choice = 'mutation { setUserCategoryPreference(distinctId: "ada", category: "security", preference: OPT_OUT) { errors { code field } } }'
    errors = as_ada(ws, choice)["data"]["setUserCategoryPreference"]["errors"]
    assert errors == [{"code": "INVALID", "field": ["preference"]}]


def test_unknown_self_reads_as_null(ws: WorkspaceClient) -> None:
    token = ws.user_token("newcomer", "acme")
    body = ws.post('{ user(distinctId: "newcomer") { distinctId } }', key=token).json()
    assert body == {"data": {"user": None}}


def test_server_key_is_not_limited(ws: WorkspaceClient) -> None:
    data = ws.gql(
        '{ tenants { totalCount } user(distinctId: "ada") { channels { email } properties } }'
    )
    assert data["tenants"]["totalCount"] == 3
    assert data["user"]["channels"]["email"] == "ada@example.com"

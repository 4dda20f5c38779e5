"""Tenants over HTTP: upsert rules, validation that writes nothing, branding, paging, delete."""

from __future__ import annotations

import pytest

from tests.harness import WorkspaceClient

TENANT_FIELDS = """
  id name logo primaryColor secondaryColor tertiaryColor timezone preferencePageUrl
  properties blockedChannels createdAt updatedAt
  socialLinks { website x linkedin }
"""
UPSERT = f"""
mutation($id: ID!, $input: TenantInput!) {{
  upsertTenant(id: $id, input: $input) {{
    tenant {{ {TENANT_FIELDS} }}
    errors {{ code field message }}
  }}
}}"""
GET = f"query($id: ID!) {{ tenant(id: $id) {{ {TENANT_FIELDS} }} }}"
BRANDING = """
query($id: ID!) { tenant(id: $id) { branding {
  tenantId tenantName logo primaryColor secondaryColor timezone preferencePageUrl properties
  socialLinks { website x }
} } }"""


def upsert(ws: WorkspaceClient, tenant_id: str, **input: object) -> dict:
    return ws.gql(UPSERT, {"id": tenant_id, "input": input})["upsertTenant"]


def get(ws: WorkspaceClient, tenant_id: str) -> dict | None:
    return ws.gql(GET, {"id": tenant_id})["tenant"]


def test_create_then_get(workspace: WorkspaceClient) -> None:
    result = upsert(
        workspace,
        "acme",
        name="Acme Inc",
        logo="https://cdn.example.com/acme.png",
        primaryColor="#112233",
        timezone="Europe/Berlin",
        socialLinks={"website": "https://acme.example.com"},
        properties={"plan": "pro"},
        blockedChannels=["SMS", "SMS", "EMAIL"],
    )
    assert result["errors"] == []
    stored = get(workspace, "acme")
    assert stored == result["tenant"]
    assert stored["name"] == "Acme Inc"
    assert stored["blockedChannels"] == ["EMAIL", "SMS"]
    assert stored["socialLinks"] == {
        "website": "https://acme.example.com",
        "x": None,
        "linkedin": None,
    }
    assert stored["createdAt"].endswith("Z")


def test_update_merges_properties_and_links_and_keeps_omitted_fields(
    workspace: WorkspaceClient,
) -> None:
    upsert(
        workspace,
        "acme",
        name="Acme",
        primaryColor="#111",
        properties={"plan": "pro", "seats": 5, "region": "eu"},
        socialLinks={"website": "https://a.example", "x": "https://x.com/acme"},
    )
    result = upsert(
        workspace,
        "acme",
        properties={"seats": 10, "region": None, "new": {"nested": True}},
        socialLinks={"x": None, "linkedin": "https://linkedin.com/acme"},
        logo=None,
    )
    tenant = result["tenant"]
    assert tenant["name"] == "Acme"
    assert tenant["primaryColor"] == "#111"
    assert tenant["properties"] == {"plan": "pro", "seats": 10, "new": {"nested": True}}
    assert tenant["socialLinks"] == {
        "website": "https://a.example",
        "x": None,
        "linkedin": "https://linkedin.com/acme",
    }


def test_null_clears_a_field(workspace: WorkspaceClient) -> None:
    upsert(workspace, "acme", name="Acme", timezone="UTC")
    assert upsert(workspace, "acme", timezone=None)["tenant"]["timezone"] is None


@pytest.mark.parametrize(
    ("tenant_id", "input", "field"),
    [
        ("Bad Id!", {"name": "x"}, ["id"]),
        ("x" * 65, {"name": "x"}, ["id"]),
        ("new-tenant", {"logo": "https://a.example/l.png"}, ["input", "name"]),
        ("acme", {"name": "<b>Acme</b>"}, ["input", "name"]),
        ("acme", {"name": "   "}, ["input", "name"]),
        ("acme", {"name": "A", "primaryColor": "red"}, ["input", "primaryColor"]),
        ("acme", {"name": "A", "tertiaryColor": "#12345"}, ["input", "tertiaryColor"]),
        ("acme", {"name": "A", "logo": "javascript:alert(1)"}, ["input", "logo"]),
        ("acme", {"name": "A", "preferencePageUrl": "ftp://x"}, ["input", "preferencePageUrl"]),
        ("acme", {"name": "A", "socialLinks": {"x": "not a url"}}, ["input", "socialLinks", "x"]),
        ("acme", {"name": "A", "timezone": "Mars/Olympus"}, ["input", "timezone"]),
        ("acme", {"name": "A", "properties": [1, 2]}, ["input", "properties"]),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
    workspace: WorkspaceClient, tenant_id: str, input: dict, field: list[str]
) -> None:
    result = upsert(workspace, tenant_id, **input)
    assert result["tenant"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID", field)]
    assert field[-1] in result["errors"][0]["message"]
    if tenant_id.islower() and len(tenant_id) <= 64:
        assert get(workspace, tenant_id) is None


def test_invalid_update_changes_nothing(workspace: WorkspaceClient) -> None:
    before = upsert(workspace, "acme", name="Acme", primaryColor="#123456")["tenant"]
    result = upsert(workspace, "acme", name="Renamed", primaryColor="nope", logo="ftp://x")
    assert {tuple(e["field"]) for e in result["errors"]} == {
        ("input", "primaryColor"),
        ("input", "logo"),
    }
    assert get(workspace, "acme") == before


def test_name_cannot_be_nulled(workspace: WorkspaceClient) -> None:
    upsert(workspace, "acme", name="Acme")
    errors = upsert(workspace, "acme", name=None)["errors"]
    assert errors[0]["field"] == ["input", "name"]


def test_bad_enum_is_a_graphql_error_not_a_crash(workspace: WorkspaceClient) -> None:
    response = workspace.post(
        UPSERT, {"id": "acme", "input": {"name": "A", "blockedChannels": ["PIGEON"]}}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert "PIGEON" in body["errors"][0]["message"]


def test_branding_falls_back_to_default_tenant(workspace: WorkspaceClient) -> None:
    upsert(
        workspace,
        "default",
        logo="https://cdn.example/default.png",
        primaryColor="#000000",
        secondaryColor="#ffffff",
        socialLinks={"website": "https://default.example", "x": "https://x.com/default"},
        properties={"support": "help@default.example", "plan": "free"},
        preferencePageUrl="https://default.example/prefs",
    )
    upsert(
        workspace,
        "acme",
        name="Acme",
        primaryColor="#ff0000",
        socialLinks={"x": "https://x.com/acme"},
        properties={"plan": "pro"},
    )
    branding = workspace.gql(BRANDING, {"id": "acme"})["tenant"]["branding"]
    assert branding == {
        "tenantId": "acme",
        "tenantName": "Acme",
        "logo": "https://cdn.example/default.png",
        "primaryColor": "#ff0000",
        "secondaryColor": "#ffffff",
        "timezone": None,
        "preferencePageUrl": "https://default.example/prefs",
        "properties": {"support": "help@default.example", "plan": "pro"},
        "socialLinks": {"website": "https://default.example", "x": "https://x.com/acme"},
    }
    own = get(workspace, "acme")
    assert own["logo"] is None  # the stored tenant has no fallback


def test_branding_sees_a_changed_default_in_the_same_request(workspace: WorkspaceClient) -> None:
    upsert(workspace, "acme", name="Acme")
    data = workspace.gql(
        """mutation {
          a: upsertTenant(id: "default", input: {logo: "https://new.example/l.png"}) { errors { code } }
        }"""
    )
    assert data["a"]["errors"] == []
    branding = workspace.gql(BRANDING, {"id": "acme"})["tenant"]["branding"]
    assert branding["logo"] == "https://new.example/l.png"


def test_pagination_search_and_total_count(workspace: WorkspaceClient) -> None:
    for i in range(5):
        upsert(workspace, f"team-{i}", name=f"Team Number {i}")
    upsert(workspace, "other", name="Something Else")
    query = """query($after: String, $search: String) {
      tenants(first: 2, after: $after, search: $search) {
        totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
      }
    }"""
    seen, after = [], None
    while True:
        page = workspace.gql(query, {"after": after, "search": "team"})["tenants"]
        assert page["totalCount"] == 5
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"team-{i}" for i in range(5)]
    by_name = workspace.gql(query, {"search": "ELSE"})["tenants"]
    assert [e["node"]["id"] for e in by_name["edges"]] == ["other"]
    everyone = workspace.gql("{ tenants { totalCount } }")["tenants"]["totalCount"]
    assert everyone == 7  # five teams, other, default


def test_garbled_cursor_and_page_size_are_errors_with_codes(workspace: WorkspaceClient) -> None:
    for args in ('after: "bm9wZQ=="', "first: 1000", "first: -1"):
        body = workspace.post(f"{{ tenants({args}) {{ totalCount }} }}").json()
        assert body["errors"][0]["extensions"]["code"] == "INVALID", body


def test_delete_keeps_default_and_hides_deleted(workspace: WorkspaceClient) -> None:
    delete = "mutation($id: ID!) { deleteTenant(id: $id) { deleted errors { code field } } }"
    upsert(workspace, "acme", name="Acme", primaryColor="#123")
    assert workspace.gql(delete, {"id": "default"})["deleteTenant"] == {
        "deleted": False,
        "errors": [{"code": "INVALID", "field": ["id"]}],
    }
    assert (
        workspace.gql(delete, {"id": "nobody"})["deleteTenant"]["errors"][0]["code"] == "NOT_FOUND"
    )
    assert workspace.gql(delete, {"id": "acme"})["deleteTenant"] == {"deleted": True, "errors": []}
    assert get(workspace, "acme") is None
    assert workspace.gql(delete, {"id": "acme"})["deleteTenant"]["errors"][0]["code"] == "NOT_FOUND"
    assert upsert(workspace, "acme", primaryColor="#456")["errors"][0]["field"] == ["input", "name"]
    again = upsert(workspace, "acme", name="Acme Again")["tenant"]
    assert again["primaryColor"] is None  # re-created fresh, not revived

"""Authentication at the door, and nothing crossing workspaces."""

from __future__ import annotations

import httpx
import pytest

from tests.harness import Server, WorkspaceClient


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer hk_wrong"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
    ids=["missing", "wrong-key", "empty", "not-bearer"],
)
def test_bad_credentials_are_unauthenticated_with_no_data(server: Server, headers: dict) -> None:
    response = httpx.post(
        f"{server.url}/graphql", json={"query": "{ viewer { scope } }"}, headers=headers
    )
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


def test_unauthenticated_mutation_writes_nothing(workspace: WorkspaceClient) -> None:
    mutation = 'mutation { upsertTenant(id: "sneaky", input: {name: "S"}) { errors { code } } }'
    body = workspace.post(mutation, key="hk_wrong").json()
    assert body["data"] is None
    assert workspace.gql('{ tenant(id: "sneaky") { id } }')["tenant"] is None


def test_server_key_viewer(workspace: WorkspaceClient) -> None:
    viewer = workspace.gql("{ viewer { scope workspace tenantId distinctId } }")["viewer"]
    assert viewer == {
        "scope": "SERVER",
        "workspace": workspace.name,
        "tenantId": None,
        "distinctId": None,
    }


def test_workspaces_are_isolated(server: Server) -> None:
    alpha, beta = server.new_workspace(), server.new_workspace()
    upsert = """mutation($id: ID!, $name: String!) {
      upsertTenant(id: $id, input: {name: $name}) { tenant { id name } errors { code } }
    }"""
    alpha.gql(upsert, {"id": "acme", "name": "Alpha's Acme"})

    assert beta.gql('{ tenant(id: "acme") { id } }')["tenant"] is None
    assert [
        e["node"]["id"]
        for e in beta.gql("{ tenants { edges { node { id } } } }")["tenants"]["edges"]
    ] == ["default"]
    assert beta.gql('{ tenants(search: "alpha") { totalCount } }')["tenants"]["totalCount"] == 0

    # Beta writing the same id creates its own tenant; alpha's is untouched.
    beta.gql(upsert, {"id": "acme", "name": "Beta's Acme"})
    deleted = beta.gql('mutation { deleteTenant(id: "acme") { deleted } }')["deleteTenant"]
    assert deleted["deleted"] is True
    assert alpha.gql('{ tenant(id: "acme") { name } }')["tenant"] == {"name": "Alpha's Acme"}
    assert beta.gql('{ tenant(id: "acme") { name } }')["tenant"] is None

    # Each workspace's default tenant is its own.
    alpha.gql(
        'mutation { upsertTenant(id: "default", input: {primaryColor: "#abc"}) { errors { code } } }'
    )
    branding = beta.gql('{ tenant(id: "default") { branding { primaryColor tenantName } } }')
    assert branding["tenant"]["branding"] == {"primaryColor": None, "tenantName": beta.name}

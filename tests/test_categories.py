"""Categories over HTTP: upsert rules, reads, validation that writes nothing, isolation."""

from __future__ import annotations

import pytest

from tests.harness import Server, WorkspaceClient
from tests.preferences_api import UPSERT_CATEGORY, codes_and_fields, upsert_category

GET = "query($slug: ID!) { category(slug: $slug) { slug name description defaultPreference defaultMandatoryChannels } }"
LIST = "{ categories { slug name } }"


def get(ws: WorkspaceClient, slug: str) -> dict | None:
    return ws.gql(GET, {"slug": slug})["category"]


def test_create_with_defaults_then_get(workspace: WorkspaceClient) -> None:
    result = upsert_category(workspace, "billing", name="Billing")
    assert result["errors"] == []
    assert result["category"] == {
        "slug": "billing",
        "name": "Billing",
        "description": None,
        "defaultPreference": "OPT_IN",
        "defaultMandatoryChannels": [],
    }
    assert get(workspace, "billing") == result["category"]


def test_categories_are_listed_by_slug(workspace: WorkspaceClient) -> None:
    assert workspace.gql(LIST)["categories"] == []
    for slug in ("security", "billing", "marketing"):
        upsert_category(workspace, slug)
    slugs = [c["slug"] for c in workspace.gql(LIST)["categories"]]
    assert slugs == ["billing", "marketing", "security"]


def test_update_keeps_omitted_fields_and_null_clears_description(
    workspace: WorkspaceClient,
) -> None:
    upsert_category(
        workspace,
        "security",
        name="Security",
        description="Sign-ins and password changes",
        defaultPreference="CANT_UNSUBSCRIBE",
        defaultMandatoryChannels=["SMS", "EMAIL", "SMS"],
    )
    renamed = upsert_category(workspace, "security", name="Account security")["category"]
    assert renamed == {
        "slug": "security",
        "name": "Account security",
        "description": "Sign-ins and password changes",
        "defaultPreference": "CANT_UNSUBSCRIBE",
        "defaultMandatoryChannels": ["EMAIL", "SMS"],
    }
    cleared = upsert_category(
        workspace,
        "security",
        name="Security",
        description=None,
        defaultPreference=None,
        defaultMandatoryChannels=[],
    )["category"]
    assert cleared["description"] is None
    assert cleared["defaultPreference"] == "CANT_UNSUBSCRIBE"  # null keeps the default
    assert cleared["defaultMandatoryChannels"] == []
    assert get(workspace, "security") == cleared


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slug": "Bad Slug"}, ["input", "slug"]),
        ({"slug": "x" * 65}, ["input", "slug"]),
        ({"name": "   "}, ["input", "name"]),
        ({"name": "<b>Billing</b>"}, ["input", "name"]),
        ({"name": "x" * 201}, ["input", "name"]),
        ({"description": "<script>x</script>"}, ["input", "description"]),
        ({"description": "x" * 1001}, ["input", "description"]),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
    workspace: WorkspaceClient, fields: dict, field: list[str]
) -> None:
    input = {"slug": "billing", "name": "Billing", **fields}
    result = workspace.gql(UPSERT_CATEGORY, {"input": input})["upsertCategory"]
    assert result["category"] is None
    assert codes_and_fields(result) == [("INVALID", field)]
    assert field[-1] in result["errors"][0]["message"]
    assert workspace.gql(LIST)["categories"] == []


def test_invalid_update_changes_nothing(workspace: WorkspaceClient) -> None:
    before = upsert_category(workspace, "billing", name="Billing", description="Invoices")
    result = upsert_category(
        workspace, "billing", name="<i>Billing</i>", description="", defaultPreference="OPT_OUT"
    )
    assert {tuple(e["field"]) for e in result["errors"]} == {
        ("input", "name"),
        ("input", "description"),
    }
    assert get(workspace, "billing") == before["category"]


def test_unknown_channel_is_a_graphql_error_and_writes_nothing(workspace: WorkspaceClient) -> None:
    input = {"slug": "billing", "name": "Billing", "defaultMandatoryChannels": ["PIGEON"]}
    body = workspace.post(UPSERT_CATEGORY, {"input": input}).json()
    assert body.get("data") is None
    assert "PIGEON" in body["errors"][0]["message"]
    assert get(workspace, "billing") is None


def test_unknown_category_reads_as_null(workspace: WorkspaceClient) -> None:
    assert get(workspace, "nope") is None


def test_categories_are_per_workspace(server: Server) -> None:
    alpha, beta = server.new_workspace(), server.new_workspace()
    upsert_category(alpha, "billing", name="Alpha billing", defaultPreference="OPT_OUT")
    assert get(beta, "billing") is None
    assert beta.gql(LIST)["categories"] == []
    upsert_category(beta, "billing", name="Beta billing")
    assert get(alpha, "billing")["name"] == "Alpha billing"
    assert get(alpha, "billing")["defaultPreference"] == "OPT_OUT"
    assert get(beta, "billing")["defaultPreference"] == "OPT_IN"

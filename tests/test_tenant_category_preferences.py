"""Tenant overrides of categories over HTTP: set, inherit, validate, and nothing written on errors."""

from __future__ import annotations

import pytest

from tests.harness import WorkspaceClient
from tests.preferences_api import (
    SET_OVERRIDE,
    codes_and_fields,
    overrides,
    set_override,
    upsert_category,
    upsert_tenant,
)


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    upsert_category(workspace, "billing", defaultMandatoryChannels=["EMAIL"])
    upsert_category(workspace, "marketing", defaultPreference="OPT_OUT")
    upsert_tenant(workspace, "acme")
    return workspace


def test_a_tenant_without_overrides_lists_none(ws: WorkspaceClient) -> None:
    assert overrides(ws, "acme") == []


def test_set_then_read_with_inherited_values_filled_in(ws: WorkspaceClient) -> None:
    result = set_override(ws, "acme", "marketing", optInChannels=["SMS", "EMAIL", "SMS"])
    assert result["errors"] == []
    expected = {
        "category": {"slug": "marketing"},
        "preference": "OPT_OUT",
        "preferenceSource": "CATEGORY",
        "visibleToSubscriber": True,
        "mandatoryChannels": [],
        "mandatoryChannelsSource": "CATEGORY",
        "optInChannels": ["EMAIL", "SMS"],
        "enabledForTenant": True,
    }
    assert result["categoryPreference"] == expected
    assert overrides(ws, "acme") == [expected]


def test_omitted_fields_are_kept_and_null_inherits(ws: WorkspaceClient) -> None:
    set_override(
        ws,
        "acme",
        "billing",
        preference="CANT_UNSUBSCRIBE",
        visibleToSubscriber=False,
        mandatoryChannels=["SMS"],
        optInChannels=["SMS", "EMAIL"],
        enabledForTenant=False,
    )
    kept = set_override(ws, "acme", "billing", enabledForTenant=True)["categoryPreference"]
    assert kept["preference"] == "CANT_UNSUBSCRIBE"
    assert kept["preferenceSource"] == "TENANT"
    assert kept["visibleToSubscriber"] is False
    assert (kept["mandatoryChannels"], kept["mandatoryChannelsSource"]) == (["SMS"], "TENANT")
    assert kept["optInChannels"] == ["EMAIL", "SMS"]
    assert kept["enabledForTenant"] is True

    inherited = set_override(
        ws,
        "acme",
        "billing",
        preference=None,
        visibleToSubscriber=None,
        mandatoryChannels=None,
        optInChannels=None,
        enabledForTenant=None,
    )["categoryPreference"]
    assert inherited == {
        "category": {"slug": "billing"},
        "preference": "OPT_IN",
        "preferenceSource": "CATEGORY",
        "visibleToSubscriber": True,
        "mandatoryChannels": ["EMAIL"],
        "mandatoryChannelsSource": "CATEGORY",
        "optInChannels": None,
        "enabledForTenant": True,
    }


def test_an_empty_mandatory_list_is_the_tenants_own(ws: WorkspaceClient) -> None:
    own = set_override(ws, "acme", "billing", mandatoryChannels=[])["categoryPreference"]
    assert (own["mandatoryChannels"], own["mandatoryChannelsSource"]) == ([], "TENANT")


def test_inherited_values_follow_the_category(ws: WorkspaceClient) -> None:
    set_override(ws, "acme", "marketing", visibleToSubscriber=False)
    upsert_category(ws, "marketing", defaultPreference="OPT_IN", defaultMandatoryChannels=["INBOX"])
    [override] = overrides(ws, "acme")
    assert (override["preference"], override["mandatoryChannels"]) == ("OPT_IN", ["INBOX"])


def test_overrides_are_per_tenant(ws: WorkspaceClient) -> None:
    upsert_tenant(ws, "globex")
    set_override(ws, "acme", "billing", preference="OPT_OUT")
    set_override(ws, "globex", "marketing", preference="OPT_IN")
    assert [o["category"]["slug"] for o in overrides(ws, "acme")] == ["billing"]
    assert [o["category"]["slug"] for o in overrides(ws, "globex")] == ["marketing"]
    assert overrides(ws, "default") == []


@pytest.mark.parametrize(
    ("tenant_id", "category", "expected"),
    [
        ("nobody", "billing", [("NOT_FOUND", ["tenantId"])]),
        ("acme", "nothing", [("NOT_FOUND", ["category"])]),
        ("nobody", "nothing", [("NOT_FOUND", ["tenantId"]), ("NOT_FOUND", ["category"])]),
    ],
)
def test_unknown_tenant_or_category_writes_nothing(
    ws: WorkspaceClient, tenant_id: str, category: str, expected: list
) -> None:
    result = set_override(ws, tenant_id, category, preference="OPT_OUT")
    assert result["categoryPreference"] is None
    assert codes_and_fields(result) == expected
    assert overrides(ws, "acme") == []
    assert ws.gql('{ tenant(id: "nobody") { id } }')["tenant"] is None


def test_deleted_tenant_is_not_found(ws: WorkspaceClient) -> None:
    ws.gql('mutation { deleteTenant(id: "acme") { errors { code } } }')
    result = set_override(ws, "acme", "billing", preference="OPT_OUT")
    assert codes_and_fields(result) == [("NOT_FOUND", ["tenantId"])]


def test_mandatory_channels_outside_opt_in_channels_are_invalid(ws: WorkspaceClient) -> None:
    before = set_override(ws, "acme", "billing", optInChannels=["EMAIL"])["categoryPreference"]
    result = set_override(ws, "acme", "billing", mandatoryChannels=["EMAIL", "SMS"])
    assert result["categoryPreference"] is None
    assert codes_and_fields(result) == [("INVALID", ["input", "mandatoryChannels"])]
    assert "SMS" in result["errors"][0]["message"]
    assert overrides(ws, "acme") == [before]
    # Allowed when the opt-in list grows in the same input.
    both = set_override(ws, "acme", "billing", mandatoryChannels=["SMS"], optInChannels=["SMS"])
    assert both["errors"] == []


def test_unknown_channel_is_a_graphql_error_and_writes_nothing(ws: WorkspaceClient) -> None:
    variables = {"tenantId": "acme", "category": "billing", "input": {"optInChannels": ["FAX"]}}
    body = ws.post(SET_OVERRIDE, variables).json()
    assert body.get("data") is None
    assert "FAX" in body["errors"][0]["message"]
    assert overrides(ws, "acme") == []


def test_a_recreated_tenant_starts_without_overrides(ws: WorkspaceClient) -> None:
    set_override(ws, "acme", "billing", preference="OPT_OUT")
    deleted = ws.gql('mutation { deleteTenant(id: "acme") { deleted } }')["deleteTenant"]
    assert deleted == {"deleted": True}
    upsert_tenant(ws, "acme")
    assert overrides(ws, "acme") == []


def test_tenant_reads_see_a_change_made_earlier_in_the_same_request(ws: WorkspaceClient) -> None:
    data = ws.gql(
        """mutation {
          a: upsertTenant(id: "acme", input: {}) { tenant { categoryPreferences { preference } } }
          b: setTenantCategoryPreference(tenantId: "acme", category: "billing",
                                         input: {preference: OPT_OUT}) { errors { code } }
          c: upsertTenant(id: "acme", input: {}) { tenant { categoryPreferences { preference } } }
        }"""
    )
    assert data["a"]["tenant"]["categoryPreferences"] == []
    assert data["c"]["tenant"]["categoryPreferences"] == [{"preference": "OPT_OUT"}]

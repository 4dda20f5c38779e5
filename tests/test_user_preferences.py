"""A user's preferences per tenant over HTTP: the page, the choices, and what is refused."""

from __future__ import annotations

import pytest

from tests.harness import WorkspaceClient
from tests.preferences_api import (
    PREFERENCES,
    RESTRICT,
    SET_CHOICE,
    by_slug,
    codes_and_fields,
    preferences,
    restrict,
    set_choice,
    set_override,
    upsert_category,
    upsert_tenant,
    upsert_user,
)


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    upsert_category(workspace, "billing")
    upsert_category(workspace, "marketing", defaultPreference="OPT_OUT")
    upsert_category(
        workspace,
        "security",
        defaultPreference="CANT_UNSUBSCRIBE",
        defaultMandatoryChannels=["EMAIL"],
    )
    upsert_tenant(workspace, "acme")
    upsert_tenant(workspace, "globex")
    upsert_user(workspace, "u-1", channels={"email": "u1@example.com"})
    return workspace


def entry(slug: str, preference: str, source: str, **more: object) -> dict:
    return {
        "category": {"slug": slug},
        "preference": preference,
        "source": source,
        "isEditable": more.get("isEditable", True),
        "optedOutChannels": more.get("optedOutChannels", []),
        "mandatoryChannels": more.get("mandatoryChannels", []),
    }


def test_defaults_for_every_category_in_the_default_tenant(ws: WorkspaceClient) -> None:
    assert preferences(ws, "u-1") == {
        "tenantId": "default",
        "restrictedChannels": [],
        "categories": [
            entry("billing", "OPT_IN", "CATEGORY"),
            entry("marketing", "OPT_OUT", "CATEGORY"),
            entry("security", "OPT_IN", "CATEGORY", isEditable=False, mandatoryChannels=["EMAIL"]),
        ],
    }
    assert preferences(ws, "u-1", "default") == preferences(ws, "u-1")


def test_a_choice_in_one_tenant_leaves_the_others_alone(ws: WorkspaceClient) -> None:
    result = set_choice(ws, "u-1", "billing", "OPT_OUT", optedOutChannels=["SMS"], tenantId="acme")
    assert result["errors"] == []
    assert result["preferences"]["tenantId"] == "acme"
    chosen = entry("billing", "OPT_OUT", "USER", optedOutChannels=["SMS"])
    assert by_slug(result["preferences"])["billing"] == chosen
    assert by_slug(preferences(ws, "u-1", "acme"))["billing"] == chosen
    for other in ("globex", None):
        assert by_slug(preferences(ws, "u-1", other))["billing"] == entry(
            "billing", "OPT_IN", "CATEGORY"
        )

    set_choice(ws, "u-1", "marketing", "OPT_IN", tenantId="globex")
    assert by_slug(preferences(ws, "u-1", "globex"))["marketing"]["preference"] == "OPT_IN"
    assert by_slug(preferences(ws, "u-1", "acme"))["marketing"]["preference"] == "OPT_OUT"


def test_no_tenant_id_writes_to_the_default_tenant(ws: WorkspaceClient) -> None:
    result = set_choice(ws, "u-1", "marketing", "OPT_IN")
    assert result["preferences"]["tenantId"] == "default"
    assert by_slug(preferences(ws, "u-1", "default"))["marketing"]["source"] == "USER"
    assert by_slug(preferences(ws, "u-1", "acme"))["marketing"]["source"] == "CATEGORY"


def test_a_users_choice_survives_a_changed_tenant_default(ws: WorkspaceClient) -> None:
    set_override(ws, "acme", "marketing", preference="OPT_IN")
    assert by_slug(preferences(ws, "u-1", "acme"))["marketing"] == entry(
        "marketing", "OPT_IN", "TENANT"
    )
    set_choice(ws, "u-1", "marketing", "OPT_OUT", tenantId="acme")
    set_override(ws, "acme", "marketing", preference="OPT_IN", mandatoryChannels=[])
    assert by_slug(preferences(ws, "u-1", "acme"))["marketing"] == entry(
        "marketing", "OPT_OUT", "USER"
    )


def test_omitted_opt_outs_are_kept_and_null_clears_them(ws: WorkspaceClient) -> None:
    set_choice(ws, "u-1", "billing", "OPT_IN", optedOutChannels=["SMS", "SLACK", "SMS"])
    kept = set_choice(ws, "u-1", "billing", "OPT_OUT")["preferences"]
    assert by_slug(kept)["billing"]["optedOutChannels"] == ["SLACK", "SMS"]
    cleared = set_choice(ws, "u-1", "billing", "OPT_OUT", optedOutChannels=None)["preferences"]
    assert by_slug(cleared)["billing"]["optedOutChannels"] == []


def test_cant_unsubscribe_refuses_an_opt_out_and_writes_nothing(ws: WorkspaceClient) -> None:
    result = set_choice(ws, "u-1", "security", "OPT_OUT", optedOutChannels=["SMS"])
    assert result["preferences"] is None
    assert codes_and_fields(result) == [("INVALID", ["preference"])]
    assert "cannot be unsubscribed" in result["errors"][0]["message"]
    assert by_slug(preferences(ws, "u-1"))["security"] == entry(
        "security", "OPT_IN", "CATEGORY", isEditable=False, mandatoryChannels=["EMAIL"]
    )


def test_cant_unsubscribe_still_allows_non_mandatory_channel_opt_outs(ws: WorkspaceClient) -> None:
    result = set_choice(ws, "u-1", "security", "OPT_IN", optedOutChannels=["SMS"])
    assert result["errors"] == []
    # Still locked: the category's own CANT_UNSUBSCRIBE decides, the channel opt-out holds.
    assert by_slug(result["preferences"])["security"] == entry(
        "security",
        "OPT_IN",
        "CATEGORY",
        isEditable=False,
        optedOutChannels=["SMS"],
        mandatoryChannels=["EMAIL"],
    )


def test_opting_out_of_a_mandatory_channel_is_refused(ws: WorkspaceClient) -> None:
    set_choice(ws, "u-1", "security", "OPT_IN", optedOutChannels=["SMS"])
    result = set_choice(ws, "u-1", "security", "OPT_IN", optedOutChannels=["EMAIL", "SMS"])
    assert codes_and_fields(result) == [("INVALID", ["optedOutChannels"])]
    assert "EMAIL" in result["errors"][0]["message"]
    assert by_slug(preferences(ws, "u-1"))["security"]["optedOutChannels"] == ["SMS"]


def test_a_tenant_can_lock_or_unlock_a_category_for_its_users(ws: WorkspaceClient) -> None:
    set_override(ws, "acme", "billing", preference="CANT_UNSUBSCRIBE", mandatoryChannels=["INBOX"])
    set_override(ws, "globex", "security", preference="OPT_IN")
    acme = by_slug(preferences(ws, "u-1", "acme"))
    assert acme["billing"] == entry(
        "billing", "OPT_IN", "TENANT", isEditable=False, mandatoryChannels=["INBOX"]
    )
    refused = set_choice(ws, "u-1", "billing", "OPT_OUT", tenantId="acme")
    assert codes_and_fields(refused) == [("INVALID", ["preference"])]

    allowed = set_choice(ws, "u-1", "security", "OPT_OUT", tenantId="globex")
    assert by_slug(allowed["preferences"])["security"] == entry(
        "security", "OPT_OUT", "USER", mandatoryChannels=["EMAIL"]
    )
    set_choice(ws, "u-1", "billing", "OPT_OUT", tenantId="globex")  # unlocked elsewhere


@pytest.mark.parametrize(
    "hidden",
    [{"visibleToSubscriber": False}, {"enabledForTenant": False}],
    ids=["not-visible", "disabled"],
)
def test_hidden_categories_are_not_listed_in_that_tenant(ws: WorkspaceClient, hidden: dict) -> None:
    set_override(ws, "acme", "marketing", **hidden)
    assert list(by_slug(preferences(ws, "u-1", "acme"))) == ["billing", "security"]
    assert list(by_slug(preferences(ws, "u-1", "globex"))) == ["billing", "marketing", "security"]
    set_override(ws, "acme", "marketing", visibleToSubscriber=None, enabledForTenant=None)
    assert "marketing" in by_slug(preferences(ws, "u-1", "acme"))


def test_restricted_channels_are_per_tenant_and_replaced(ws: WorkspaceClient) -> None:
    result = restrict(ws, "u-1", ["SMS", "WHATSAPP", "SMS"], tenantId="acme")
    assert result["errors"] == []
    assert result["preferences"]["restrictedChannels"] == ["SMS", "WHATSAPP"]
    assert preferences(ws, "u-1", "acme")["restrictedChannels"] == ["SMS", "WHATSAPP"]
    assert preferences(ws, "u-1", "globex")["restrictedChannels"] == []
    assert preferences(ws, "u-1")["restrictedChannels"] == []
    assert restrict(ws, "u-1", ["SLACK"], tenantId="acme")["preferences"]["restrictedChannels"] == [
        "SLACK"
    ]
    assert restrict(ws, "u-1", [], tenantId="acme")["preferences"]["restrictedChannels"] == []
    assert restrict(ws, "u-1", ["EMAIL"])["preferences"]["tenantId"] == "default"
    assert preferences(ws, "u-1")["restrictedChannels"] == ["EMAIL"]


@pytest.mark.parametrize(
    ("distinct_id", "category", "tenant_id", "expected"),
    [
        ("u-1", "billing", "nowhere", [("NOT_FOUND", ["tenantId"])]),
        ("ghost", "billing", "acme", [("NOT_FOUND", ["distinctId"])]),
        ("u-1", "nothing", "acme", [("NOT_FOUND", ["category"])]),
        (
            "ghost",
            "nothing",
            "nowhere",
            [
                ("NOT_FOUND", ["tenantId"]),
                ("NOT_FOUND", ["distinctId"]),
                ("NOT_FOUND", ["category"]),
            ],
        ),
    ],
)
def test_unknown_targets_of_a_choice_write_nothing(
    ws: WorkspaceClient, distinct_id: str, category: str, tenant_id: str, expected: list
) -> None:
    result = set_choice(ws, distinct_id, category, "OPT_OUT", tenantId=tenant_id)
    assert result["preferences"] is None
    assert codes_and_fields(result) == expected
    for tenant in ("acme", "globex", None):
        assert all(c["source"] != "USER" for c in preferences(ws, "u-1", tenant)["categories"])
    assert ws.gql('{ user(distinctId: "ghost") { distinctId } }')["user"] is None


@pytest.mark.parametrize(
    ("distinct_id", "tenant_id", "expected"),
    [
        ("u-1", "nowhere", [("NOT_FOUND", ["tenantId"])]),
        ("ghost", "acme", [("NOT_FOUND", ["distinctId"])]),
    ],
)
def test_unknown_targets_of_a_restriction_write_nothing(
    ws: WorkspaceClient, distinct_id: str, tenant_id: str, expected: list
) -> None:
    result = restrict(ws, distinct_id, ["SMS"], tenantId=tenant_id)
    assert result["preferences"] is None
    assert codes_and_fields(result) == expected
    assert preferences(ws, "u-1", "acme")["restrictedChannels"] == []


def test_deleted_tenant_is_not_found_for_choices(ws: WorkspaceClient) -> None:
    ws.gql('mutation { deleteTenant(id: "globex") { errors { code } } }')
    result = set_choice(ws, "u-1", "billing", "OPT_OUT", tenantId="globex")
    assert codes_and_fields(result) == [("NOT_FOUND", ["tenantId"])]


def test_reading_preferences_in_an_unknown_tenant_is_a_not_found_error(ws: WorkspaceClient) -> None:
    body = ws.post(PREFERENCES, {"distinctId": "u-1", "tenantId": "nowhere"}).json()
    assert body["data"] == {"user": None}  # the error nulls the nearest nullable field
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "tenantId" in error["message"] and "nowhere" in error["message"]


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (
            SET_CHOICE,
            {"distinctId": "u-1", "category": "billing", "preference": "CANT_UNSUBSCRIBE"},
        ),
        (
            SET_CHOICE,
            {
                "distinctId": "u-1",
                "category": "billing",
                "preference": "OPT_IN",
                "optedOutChannels": ["FAX"],
            },
        ),
        (RESTRICT, {"distinctId": "u-1", "channels": ["PIGEON"]}),
    ],
    ids=[
        "user-cannot-pick-cant-unsubscribe",
        "unknown-opt-out-channel",
        "unknown-restricted-channel",
    ],
)
def test_invalid_enum_values_are_graphql_errors_and_write_nothing(
    ws: WorkspaceClient, document: str, variables: dict
) -> None:
    body = ws.post(document, variables).json()
    assert body.get("data") is None and body["errors"]
    prefs = preferences(ws, "u-1")
    assert prefs["restrictedChannels"] == []
    assert by_slug(prefs)["billing"] == entry("billing", "OPT_IN", "CATEGORY")


def test_a_new_category_shows_up_later_in_the_same_request(ws: WorkspaceClient) -> None:
    """upsertCategory clears the request's cached category list."""
    data = ws.gql(
        """mutation {
          a: setUserRestrictedChannels(distinctId: "u-1", channels: []) {
            preferences { categories { category { slug } } } }
          b: upsertCategory(input: {slug: "alerts", name: "Alerts"}) { errors { code } }
          c: setUserRestrictedChannels(distinctId: "u-1", channels: []) {
            preferences { categories { category { slug } } } }
        }"""
    )
    slugs = [[c["category"]["slug"] for c in data[k]["preferences"]["categories"]] for k in "ac"]
    assert slugs == [
        ["billing", "marketing", "security"],
        ["alerts", "billing", "marketing", "security"],
    ]


def test_choices_and_restrictions_are_seen_later_in_the_same_request(ws: WorkspaceClient) -> None:
    """Each write clears (choices) or primes (restrictions) the request's cached rows."""
    fields = "preferences { restrictedChannels categories { category { slug } source } }"
    data = ws.gql(
        f"""mutation {{
          a: setUserCategoryPreference(distinctId: "u-1", category: "billing", preference: OPT_OUT) {{ {fields} }}
          b: setUserCategoryPreference(distinctId: "u-1", category: "marketing", preference: OPT_IN) {{ {fields} }}
          c: setUserRestrictedChannels(distinctId: "u-1", channels: [SMS]) {{ {fields} }}
        }}"""
    )
    user_chosen = {
        c["category"]["slug"]
        for c in data["b"]["preferences"]["categories"]
        if c["source"] == "USER"
    }
    assert user_chosen == {"billing", "marketing"}
    assert data["b"]["preferences"]["restrictedChannels"] == []
    assert data["c"]["preferences"]["restrictedChannels"] == ["SMS"]

"""Users over HTTP: upsert merge rules, validation that writes nothing, reads."""

from __future__ import annotations

import pytest

from tests.harness import Server, WorkspaceClient
from tests.preferences_api import codes_and_fields, upsert_user

GET = """query($id: ID!) { user(distinctId: $id) {
  distinctId properties timezone
  channels { email sms whatsapp msTeamsWebhookUrl webhookUrl slack { webhookUrl userId channelId } }
} }"""
NO_CHANNELS = {
    "email": None,
    "sms": None,
    "whatsapp": None,
    "msTeamsWebhookUrl": None,
    "webhookUrl": None,
    "slack": None,
}


def get(ws: WorkspaceClient, distinct_id: str) -> dict | None:
    return ws.gql(GET, {"id": distinct_id})["user"]


def test_create_then_get(workspace: WorkspaceClient) -> None:
    result = upsert_user(
        workspace,
        "u-1",
        channels={
            "email": "ada@example.com",
            "sms": "+14155550123",
            "whatsapp": "+447700900123",
            "slack": {"webhookUrl": "https://hooks.slack.example/T1/B1", "userId": "U012AB3CD"},
            "msTeamsWebhookUrl": "https://teams.example/hook",
            "webhookUrl": "http://127.0.0.1:9/hook",
        },
        properties={"plan": "pro", "seats": 3},
        timezone="Europe/Berlin",
    )
    assert result["errors"] == []
    assert result["user"] == {
        "distinctId": "u-1",
        "properties": {"plan": "pro", "seats": 3},
        "timezone": "Europe/Berlin",
        "channels": {
            "email": "ada@example.com",
            "sms": "+14155550123",
            "whatsapp": "+447700900123",
            "slack": {
                "webhookUrl": "https://hooks.slack.example/T1/B1",
                "userId": "U012AB3CD",
                "channelId": None,
            },
            "msTeamsWebhookUrl": "https://teams.example/hook",
            "webhookUrl": "http://127.0.0.1:9/hook",
        },
    }
    assert get(workspace, "u-1") == result["user"]


def test_an_empty_input_creates_a_bare_user(workspace: WorkspaceClient) -> None:
    user = upsert_user(workspace, "user@example.com")["user"]
    assert user == {
        "distinctId": "user@example.com",
        "properties": {},
        "timezone": None,
        "channels": NO_CHANNELS,
    }


def test_unknown_user_reads_as_null(workspace: WorkspaceClient) -> None:
    assert get(workspace, "nobody") is None


def test_update_merges_channels_per_key_and_properties_per_top_level_key(
    workspace: WorkspaceClient,
) -> None:
    upsert_user(
        workspace,
        "u-1",
        channels={
            "email": "old@example.com",
            "sms": "+14155550123",
            "slack": {"webhookUrl": "https://hooks.example/a", "userId": "U1"},
        },
        properties={"plan": "free", "region": "eu", "flags": {"beta": True}},
        timezone="UTC",
    )
    user = upsert_user(
        workspace,
        "u-1",
        channels={"email": "new@example.com", "sms": None, "slack": {"channelId": "C9"}},
        properties={"plan": "pro", "region": None},
    )["user"]
    assert user["channels"] == {
        **NO_CHANNELS,
        "email": "new@example.com",
        "slack": {"webhookUrl": "https://hooks.example/a", "userId": "U1", "channelId": "C9"},
    }
    assert user["properties"] == {"plan": "pro", "flags": {"beta": True}}
    assert user["timezone"] == "UTC"  # omitted: kept
    assert get(workspace, "u-1") == user


def test_null_removes_slack_and_clears_timezone(workspace: WorkspaceClient) -> None:
    upsert_user(
        workspace, "u-1", channels={"slack": {"userId": "U1"}, "email": "a@b.co"}, timezone="UTC"
    )
    user = upsert_user(workspace, "u-1", channels={"slack": None}, timezone=None)["user"]
    assert user["channels"] == {**NO_CHANNELS, "email": "a@b.co"}
    assert user["timezone"] is None


def test_emptying_slack_field_by_field_removes_it(workspace: WorkspaceClient) -> None:
    upsert_user(workspace, "u-1", channels={"slack": {"userId": "U1"}})
    user = upsert_user(workspace, "u-1", channels={"slack": {"userId": None}})["user"]
    assert user["channels"]["slack"] is None


@pytest.mark.parametrize(
    ("distinct_id", "input", "field"),
    [
        ("u-1", {"channels": {"email": "not-an-email"}}, ["input", "channels", "email"]),
        ("u-1", {"channels": {"email": "a@b"}}, ["input", "channels", "email"]),
        ("u-1", {"channels": {"email": "a b@example.com"}}, ["input", "channels", "email"]),
        ("u-1", {"channels": {"sms": "4155550123"}}, ["input", "channels", "sms"]),
        ("u-1", {"channels": {"sms": "+0155550123"}}, ["input", "channels", "sms"]),
        ("u-1", {"channels": {"whatsapp": "+1 415 555 0123"}}, ["input", "channels", "whatsapp"]),
        (
            "u-1",
            {"channels": {"slack": {"webhookUrl": "ftp://x.example"}}},
            ["input", "channels", "slack", "webhookUrl"],
        ),
        (
            "u-1",
            {"channels": {"slack": {"userId": "not an id"}}},
            ["input", "channels", "slack", "userId"],
        ),
        (
            "u-1",
            {"channels": {"slack": {"channelId": "<#C1>"}}},
            ["input", "channels", "slack", "channelId"],
        ),
        (
            "u-1",
            {"channels": {"msTeamsWebhookUrl": "javascript:alert(1)"}},
            ["input", "channels", "msTeamsWebhookUrl"],
        ),
        ("u-1", {"channels": {"webhookUrl": "not a url"}}, ["input", "channels", "webhookUrl"]),
        ("u-1", {"timezone": "Mars/Olympus"}, ["input", "timezone"]),
        ("u-1", {"properties": [1, 2]}, ["input", "properties"]),
        ("   ", {}, ["distinctId"]),
        ("x" * 256, {}, ["distinctId"]),
        ("bad\nid", {}, ["distinctId"]),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
    workspace: WorkspaceClient, distinct_id: str, input: dict, field: list[str]
) -> None:
    result = upsert_user(workspace, distinct_id, **input)
    assert result["user"] is None
    assert codes_and_fields(result) == [("INVALID", field)]
    assert field[-1] in result["errors"][0]["message"]
    assert get(workspace, distinct_id) is None


def test_invalid_update_changes_nothing_and_reports_every_field(workspace: WorkspaceClient) -> None:
    before = upsert_user(workspace, "u-1", channels={"email": "a@example.com"}, timezone="UTC")
    result = upsert_user(
        workspace,
        "u-1",
        channels={"email": "b@example.com", "sms": "555"},
        properties={"plan": "pro"},
        timezone="Nowhere/Land",
    )
    assert {tuple(e["field"]) for e in result["errors"]} == {
        ("input", "channels", "sms"),
        ("input", "timezone"),
    }
    assert get(workspace, "u-1") == before["user"]


def test_users_are_per_workspace(server: Server) -> None:
    alpha, beta = server.new_workspace(), server.new_workspace()
    upsert_user(alpha, "u-1", channels={"email": "alpha@example.com"})
    assert get(beta, "u-1") is None
    upsert_user(beta, "u-1", channels={"email": "beta@example.com"})
    assert get(alpha, "u-1")["channels"]["email"] == "alpha@example.com"

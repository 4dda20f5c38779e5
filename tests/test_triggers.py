"""Triggers without a worker: validation, idempotency, cancelling, the message log, previews."""

from __future__ import annotations

import pytest

from tests.delivery_api import category, step, track, trigger, workflow
from tests.harness import WorkspaceClient

MESSAGES = """query($filter: MessageFilter, $first: Int, $after: String) {
  messages(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id distinctId channel status executionId } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    category(workspace)
    workflow(
        workspace,
        "welcome",
        [step("EMAIL", "Hi {{ recipient.distinct_id }}", "Hello"), step("INBOX", "Welcome!")],
        trigger_events=["signed_up"],
    )
    workspace.gql(
        'mutation { upsertTenant(id: "acme", input: {name: "Acme"}) { errors { code } } }'
    )
    return workspace


def all_messages(ws: WorkspaceClient, **filter: object) -> list[dict]:
    data = ws.gql(MESSAGES, {"filter": filter or None, "first": 100})
    return [e["node"] for e in data["messages"]["edges"]]


def test_trigger_queues_one_message_per_recipient_and_step(ws: WorkspaceClient) -> None:
    result = trigger(
        ws,
        "welcome",
        ["u1", {"distinctId": "u2", "channels": {"email": "u2@example.com"}}],
        tenantId="acme",
        data={"plan": "pro"},
    )
    assert result["errors"] == [] and result["replayed"] is False
    execution = result["execution"]
    assert execution["status"] == "ACCEPTED"
    assert execution["tenant"] == {"id": "acme"}
    assert execution["workflow"] == {"slug": "welcome"}
    messages = all_messages(ws, executionId=execution["id"])
    assert sorted((m["distinctId"], m["channel"], m["status"]) for m in messages) == [
        ("u1", "EMAIL", "QUEUED"),
        ("u1", "INBOX", "QUEUED"),
        ("u2", "EMAIL", "QUEUED"),
        ("u2", "INBOX", "QUEUED"),
    ]
    user = ws.gql('{ user(distinctId: "u2") { channels { email } } }')["user"]
    assert user["channels"]["email"] == "u2@example.com"  # inline recipients are upserted


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        ({"workflow": "nope"}, "NOT_FOUND", ["workflow"]),
        ({"tenantId": "ghost"}, "NOT_FOUND", ["tenantId"]),
        ({"tenantId": ""}, "NOT_FOUND", ["tenantId"]),
        ({"recipients": []}, "INVALID", ["recipients"]),
        ({"recipients": [f"u{i}" for i in range(101)]}, "INVALID", ["recipients"]),
        ({"recipients": ["u1", "u1"]}, "INVALID", ["recipients", "1", "distinctId"]),
        (
            {"recipients": [{"distinctId": "u1", "channels": {"email": "not-an-email"}}]},
            "INVALID",
            ["recipients", "0", "channels", "email"],
        ),
        (
            {"recipients": [{"distinctId": "u1", "properties": [1]}]},
            "INVALID",
            ["recipients", "0", "properties"],
        ),
        ({"data": "a string"}, "INVALID", ["data"]),
        ({"idempotencyKey": "   "}, "INVALID", ["idempotencyKey"]),
        ({"idempotencyKey": "k" * 256}, "INVALID", ["idempotencyKey"]),
        ({"cancellationKey": ""}, "INVALID", ["cancellationKey"]),
        ({"actor": {"distinctId": "", "channels": {}}}, "INVALID", ["actor", "distinctId"]),
    ],
)
def test_bad_trigger_names_the_field_and_writes_nothing(
    ws: WorkspaceClient, args: dict, code: str, field: list[str]
) -> None:
    call = {"workflow": "welcome", "recipients": ["u1"], **args}
    result = trigger(ws, call.pop("workflow"), call.pop("recipients"), **call)
    assert result["execution"] is None
    assert (result["errors"][0]["code"], result["errors"][0]["field"]) == (code, field)
    assert all_messages(ws) == []
    assert ws.gql('{ user(distinctId: "u1") { distinctId } }')["user"] is None


def test_same_key_same_request_replays_without_running_again(ws: WorkspaceClient) -> None:
    first = trigger(ws, "welcome", ["u1"], idempotencyKey="order-42", data={"n": 1})
    again = trigger(ws, "welcome", ["u1"], idempotencyKey="  order-42 ", data={"n": 1})
    assert again["replayed"] is True and first["replayed"] is False
    assert again["execution"]["id"] == first["execution"]["id"]
    assert again["execution"]["idempotencyKey"] == "order-42"
    assert len(all_messages(ws)) == 2
    assert len(all_messages(ws, idempotencyKey="order-42")) == 2


def test_same_key_different_request_is_a_conflict(ws: WorkspaceClient) -> None:
    trigger(ws, "welcome", ["u1"], idempotencyKey="k1", data={"n": 1})
    result = trigger(ws, "welcome", ["u1"], idempotencyKey="k1", data={"n": 2})
    assert result["execution"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("IDEMPOTENCY_CONFLICT", ["idempotencyKey"])
    ]
    assert len(all_messages(ws)) == 2


def test_keys_are_scoped_to_the_operation_and_the_workspace(ws: WorkspaceClient, server) -> None:
    trigger(ws, "welcome", ["u1"], idempotencyKey="shared")
    tracked = track(ws, "u1", "signed_up", idempotencyKey="shared")
    assert tracked["errors"] == [] and tracked["replayed"] is False
    other = server.new_workspace()
    category(other)
    workflow(other, "welcome", [step("INBOX", "x")])
    assert trigger(other, "welcome", ["u1"], idempotencyKey="shared")["replayed"] is False


def test_track_event_starts_subscribed_workflows_and_replays(ws: WorkspaceClient) -> None:
    workflow(ws, "also", [step("INBOX", "also")], trigger_events=["signed_up", "other"])
    workflow(ws, "unrelated", [step("INBOX", "no")], trigger_events=["other"])
    ws.gql('mutation { upsertUser(distinctId: "u1", input: {}) { errors { code } } }')
    result = track(
        ws, "u1", "signed_up", properties={"source": "ads"}, tenantId="acme", idempotencyKey="evt-1"
    )
    event = result["event"]
    assert (event["name"], event["distinctId"], event["tenantId"]) == ("signed_up", "u1", "acme")
    assert sorted(e["workflow"]["slug"] for e in event["executions"]) == ["also", "welcome"]
    again = track(
        ws, "u1", "signed_up", properties={"source": "ads"}, tenantId="acme", idempotencyKey="evt-1"
    )
    assert again["replayed"] is True and again["event"]["id"] == event["id"]
    assert len(all_messages(ws)) == 3  # welcome: EMAIL + INBOX, also: INBOX


def test_track_event_for_unknown_user_or_tenant(ws: WorkspaceClient) -> None:
    result = track(ws, "nobody", "signed_up")
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["distinctId"])]
    ws.gql('mutation { upsertUser(distinctId: "u1", input: {}) { errors { code } } }')
    result = track(ws, "u1", "signed_up", tenantId="ghost")
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["tenantId"])]
    assert all_messages(ws) == []


def test_cancel_cancels_queued_messages_of_that_key_and_tenant(ws: WorkspaceClient) -> None:
    keep = trigger(ws, "welcome", ["u1"], cancellationKey="c1")  # default tenant
    target = trigger(ws, "welcome", ["u1", "u2"], cancellationKey="c1", tenantId="acme")
    cancel = """mutation($key: String!, $tenantId: ID) {
      cancelWorkflowRuns(cancellationKey: $key, tenantId: $tenantId) { cancelledMessages errors { code } }
    }"""
    result = ws.gql(cancel, {"key": "c1", "tenantId": "acme"})["cancelWorkflowRuns"]
    assert result == {"cancelledMessages": 4, "errors": []}
    statuses = {m["executionId"]: m["status"] for m in all_messages(ws)}
    assert statuses[target["execution"]["id"]] == "CANCELLED"
    assert statuses[keep["execution"]["id"]] == "QUEUED"
    status = ws.gql(
        "query($id: ID!) { execution(id: $id) { status } }", {"id": target["execution"]["id"]}
    )
    assert status["execution"]["status"] == "CANCELLED"
    assert (
        ws.gql(cancel, {"key": "c1", "tenantId": "acme"})["cancelWorkflowRuns"]["cancelledMessages"]
        == 0
    )


def test_message_log_filters_and_keyset_pages(ws: WorkspaceClient) -> None:
    for i in range(3):
        trigger(ws, "welcome", [f"u{i}"])
    seen, after = [], None
    while True:
        data = ws.gql(MESSAGES, {"filter": {"channel": "EMAIL"}, "first": 2, "after": after})[
            "messages"
        ]
        seen += [e["node"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert [m["distinctId"] for m in seen] == ["u2", "u1", "u0"]  # newest first
    assert {m["channel"] for m in seen} == {"EMAIL"}
    assert [m["distinctId"] for m in all_messages(ws, distinctId="u1", status=["QUEUED"])] == [
        "u1",
        "u1",
    ]
    assert all_messages(ws, status=["SENT"]) == []
    bad = ws.post('{ messages(after: "garbage") { edges { cursor } } }').json()
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"


def test_preview_explains_without_sending_or_storing(ws: WorkspaceClient) -> None:
    ws.gql(
        'mutation { upsertTenant(id: "acme", input: {name: "Acme", primaryColor: "#ff0000"}) { errors { code } } }'
    )
    workflow(
        ws,
        "brand",
        [
            step("EMAIL", "Color {{ tenant.primary_color }} for {{ data.item }}", "Hi"),
            step("SMS", "sms"),
        ],
    )
    query = """query($recipients: [RecipientInput!]!) {
      previewWorkflow(workflow: "brand", recipients: $recipients, data: {item: "socks"}, tenantId: "acme") {
        tenantId errors { code }
        recipients { distinctId decisions { channel send reason vendor vendorTenantId subject body } }
      }
    }"""
    preview = ws.gql(
        query, {"recipients": [{"distinctId": "p1", "channels": {"email": "p1@example.com"}}]}
    )
    result = preview["previewWorkflow"]
    assert result["tenantId"] == "acme" and result["errors"] == []
    email, sms = result["recipients"][0]["decisions"]
    assert (email["channel"], email["send"]) == ("EMAIL", False)
    assert email["reason"] == "no vendor for EMAIL"
    assert (sms["send"], sms["reason"]) == (False, "recipient has no SMS address")
    assert all_messages(ws) == []
    assert ws.gql('{ user(distinctId: "p1") { distinctId } }')["user"] is None

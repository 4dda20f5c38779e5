"""The client's local checks and mappings: malformed requests fail with a ValueError naming
the key, before any HTTP request; well-formed ones map onto Herald's GraphQL arguments."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from graphql import parse

from client import Event, Herald, WorkflowTriggerRequest
from client.channels import channels_from_graphql
from client.operations import MAX_ALIASES, trigger_document
from tests.client_fixtures import counted_herald
from tests.harness import WorkspaceClient

OK = {"workflow": "w", "recipients": ["u1"]}


def body(**changes: Any) -> dict[str, Any]:
    return {**OK, **changes}


def trigger(**request: Any) -> Callable[[Herald], object]:
    return lambda herald: herald.workflows.trigger(WorkflowTriggerRequest(**request))


def track(*args: Any, **kwargs: Any) -> Callable[[Herald], object]:
    return lambda herald: herald.track_event(Event(*args, **kwargs))


class BadLater(WorkflowTriggerRequest):
    """A request whose body went bad after construction (e.g. a list emptied in place)."""

    def __post_init__(self) -> None:
        self.body["recipients"] = []


BAD = [
    (trigger(body={"recipients": ["u1"]}), r"^body\['workflow'\]: required$"),
    (trigger(body=body(workflow="  ")), r"body\['workflow'\]: must be a non-empty string"),
    (trigger(body=["w"]), r"body: must be a dict"),
    (trigger(body=body(recipients=[])), r"body\['recipients'\]: must be a non-empty list"),
    (trigger(body=body(recipients="u1")), r"body\['recipients'\]: must be a non-empty list"),
    (
        trigger(body=body(recipients=[f"u{i}" for i in range(101)])),
        r"body\['recipients'\]: at most 100 recipients, got 101",
    ),
    (
        trigger(body=body(recipients=["u0", {"$email": "a@x.com"}])),
        r"body\['recipients'\]\[1\]: missing 'distinct_id'",
    ),
    (
        trigger(body=body(recipients=[{"distinct_id": ""}])),
        r"body\['recipients'\]\[0\]\['distinct_id'\]: must be a non-empty string",
    ),
    (trigger(body=body(recipients=[7])), r"body\['recipients'\]\[0\]: must be a distinct id"),
    (
        trigger(body=body(recipients=[{"distinct_id": "u", "$androidpush": "tok"}])),
        r"body\['recipients'\]\[0\]: unknown channel key '\$androidpush'",
    ),
    (
        trigger(body=body(recipients=[{"distinct_id": "u", "$email": ["a@x.com", "b@x.com"]}])),
        r"\['\$email'\]: Herald keeps one address per channel; give one, not a list of 2",
    ),
    (
        trigger(body=body(recipients=[{"distinct_id": "u", "$slack": {"access_token": "x"}}])),
        r"\['\$slack'\]: unknown key 'access_token'.*tenants.set_vendor",
    ),
    (
        trigger(body=body(actor={"name": "no id"})),
        r"body\['actor'\]: missing 'distinct_id'",
    ),
    (trigger(body=body(data=["x"])), r"body\['data'\]: must be a dict, got list"),
    (trigger(body=body(data={"at": datetime(2026, 1, 1)})), r"body: not JSON-serializable"),
    (trigger(body=body(tenant_id="acme")), r"body: unknown key 'tenant_id'"),
    (trigger(body=OK, idempotency_key=""), r"idempotency_key: must be a non-empty string"),
    (trigger(body=OK, idempotency_key="k" * 256), r"idempotency_key: at most 255"),
    (trigger(body=OK, tenant_id=" "), r"tenant_id: must be a non-empty string"),
    (trigger(body=OK, cancellation_key=""), r"cancellation_key: must be a non-empty string"),
    (track("", "signed_up"), r"distinct_id: must be a non-empty string"),
    (track("u1", None), r"event_name: required"),
    (track("u1", "e", properties=[1]), r"properties: must be a dict, got list"),
    (track("u1", "e", idempotency_key="  "), r"idempotency_key: must be a non-empty string"),
    (lambda h: h.track_event({"distinct_id": "u1"}), r"event: must be an Event"),
    (
        lambda h: h.workflows.trigger_bulk(
            [WorkflowTriggerRequest(body=OK), WorkflowTriggerRequest(body=OK), "w"]
        ),
        r"requests\[2\]: must be a WorkflowTriggerRequest",
    ),
    (
        lambda h: h.workflows.trigger_bulk(
            [WorkflowTriggerRequest(body=OK), BadLater(body={**OK})]
        ),
        r"^requests\[1\]: body\['recipients'\]: must be a non-empty list$",
    ),
    (
        lambda h: h.workflows.trigger_bulk([WorkflowTriggerRequest(body=OK)], chunk_size=31),
        r"chunk_size: must be 1-30",
    ),
    (lambda h: h.tenants.upsert("acme", colour="#fff"), r"tenant fields: unknown \['colour'\]"),
    (
        lambda h: h.users.upsert("u1", channels={"email": "a@x.com"}),
        r"channels: unknown channel key 'email'",
    ),
    (lambda h: h.users.set_preference("u1", "c", ""), r"preference: must be a non-empty string"),
    (lambda h: h.graphql("  "), r"query: must be a non-empty GraphQL document"),
]


@pytest.mark.parametrize(("call", "message"), BAD)
def test_bad_shapes_fail_locally_before_any_request(
    workspace: WorkspaceClient, call: Callable[[Herald], object], message: str
) -> None:
    with (
        counted_herald(workspace.url, workspace.key) as counted,
        pytest.raises(ValueError, match=message),
    ):
        call(counted.herald)
    assert counted.sent == []


def test_a_request_mutated_after_construction_is_checked_again(workspace: WorkspaceClient) -> None:
    request = WorkflowTriggerRequest(body={"workflow": "w", "recipients": ["u1"]})
    request.body["recipients"] = []
    with (
        counted_herald(workspace.url, workspace.key) as counted,
        pytest.raises(ValueError, match="recipients"),
    ):
        counted.herald.workflows.trigger(request)
    assert counted.sent == []


def test_recipients_map_onto_recipient_input() -> None:
    recipient = {
        "distinct_id": "ada",
        "$email": ["ada@example.com"],
        "$sms": "+14155550123",
        "$whatsapp": ["+14155550124"],
        "$slack": {"webhook_url": "https://hooks.slack.test/x", "channel": "C1"},
        "$ms_teams": {"incoming_webhook": {"url": "https://teams.test/x"}},
        "$webhook": "https://hooks.test/ada",
        "name": "Ada",
        "plan": {"tier": "pro"},
    }
    request = WorkflowTriggerRequest(
        body={"workflow": "w", "recipients": ["bob", recipient], "actor": "cy", "data": {"n": 1}},
        tenant_id="acme",
        idempotency_key="k",
        cancellation_key="c",
    )
    assert request.to_variables() == {
        "workflow": "w",
        "recipients": [
            {"distinctId": "bob"},
            {
                "distinctId": "ada",
                "channels": {
                    "email": "ada@example.com",
                    "sms": "+14155550123",
                    "whatsapp": "+14155550124",
                    "slack": {"webhookUrl": "https://hooks.slack.test/x", "channelId": "C1"},
                    "msTeamsWebhookUrl": "https://teams.test/x",
                    "webhookUrl": "https://hooks.test/ada",
                },
                "properties": {"name": "Ada", "plan": {"tier": "pro"}},
            },
        ],
        "actor": {"distinctId": "cy"},
        "data": {"n": 1},
        "tenantId": "acme",
        "idempotencyKey": "k",
        "cancellationKey": "c",
    }
    assert WorkflowTriggerRequest(body=OK).to_variables() == {
        "workflow": "w",
        "recipients": [{"distinctId": "u1"}],
    }


def test_events_map_onto_track_event_arguments() -> None:
    event = Event("ada", "signed_up", {"source": "ads"}, tenant_id="acme", idempotency_key="e1")
    assert event.to_variables() == {
        "distinctId": "ada",
        "event": "signed_up",
        "properties": {"source": "ads"},
        "tenantId": "acme",
        "idempotencyKey": "e1",
    }


def test_user_channels_map_back_to_dollar_keys() -> None:
    raw = {
        "email": "a@x.com",
        "sms": None,
        "whatsapp": None,
        "slack": {"webhookUrl": None, "userId": "U1", "channelId": None},
        "msTeamsWebhookUrl": "https://teams.test/x",
        "webhookUrl": None,
    }
    assert channels_from_graphql(raw) == {
        "$email": "a@x.com",
        "$ms_teams": "https://teams.test/x",
        "$slack": {"user_id": "U1"},
    }


def test_bulk_document_stays_within_the_server_limits() -> None:
    document = trigger_document(MAX_ALIASES)
    assert document.count("triggerWorkflow(") == MAX_ALIASES
    assert document.count(": triggerWorkflow") == MAX_ALIASES  # one alias per item, no more
    parse(document, max_tokens=2500)  # half of HERALD_MAX_QUERY_TOKENS' default (5000)


@pytest.mark.parametrize("url", ["ftp://x", "not a url", ""])
def test_bad_url_or_key_fail_at_construction(url: str) -> None:
    with pytest.raises(ValueError, match="url"):
        Herald(url, "hk_x")
    with pytest.raises(ValueError, match="key"):
        Herald("http://127.0.0.1:1", "")


def test_the_client_is_standalone() -> None:
    """It imports none of the server's packages, so it ships on its own with httpx."""
    code = (
        "import sys, client; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'graph', 'resolvers', 'delivery', 'models', 'strawberry', 'sqlalchemy', 'starlette'}))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "[]"

"""Workflows over HTTP: create, read, list, replace, every validation rule, isolation, statements."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest

from models.workflow import Workflow
from tests.harness import Server, WorkspaceClient
from tests.preferences_api import codes_and_fields, upsert_category, upsert_tenant
from tests.workflows_api import (
    EMAIL_STEP,
    UPSERT_WORKFLOW,
    get_workflow,
    list_workflows,
    upsert_workflow,
)

SMS_STEP = {"channel": "SMS", "body": "Your code is {{ data.code }}"}
ACME_EMAIL = {"tenantId": "acme", "subject": "Acme: {{ data.title }}", "body": "<p>Acme</p>"}
BASE: dict[str, Any] = {
    "slug": "welcome",
    "name": "Welcome",
    "category": "billing",
    "triggerEvents": ["user.signed_up"],
    "steps": [{**EMAIL_STEP, "variants": [ACME_EMAIL]}, SMS_STEP],
}


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    """A workspace with category `billing` and tenant `acme`."""
    upsert_category(workspace, "billing", name="Billing")
    upsert_tenant(workspace, "acme")
    return workspace


def upsert(ws: WorkspaceClient, input: dict[str, Any]) -> dict[str, Any]:
    return ws.gql(UPSERT_WORKFLOW, {"input": input})["upsertWorkflow"]


def step(channel: str, **fields: Any) -> dict[str, Any]:
    return {"channel": channel, "subject": "Subject", "body": "Body", **fields}


def stored(server: Server, ws: WorkspaceClient, slug: str) -> Workflow:
    async def read() -> Workflow:
        async with server.db.session() as session:
            return await session.get(Workflow, (ws.created.workspace.id, slug))

    return server.run(read())


def test_create_then_get(ws: WorkspaceClient) -> None:
    events = ["order.paid", "order.shipped", "order.paid"]
    result = upsert_workflow(
        ws, "orders", "billing", steps=BASE["steps"], trigger_events=events, name="Orders"
    )
    assert result["errors"] == []
    workflow = dict(result["workflow"])
    updated_at = workflow.pop("updatedAt")
    assert datetime.fromisoformat(updated_at).tzinfo is not None
    assert workflow == {
        "slug": "orders",
        "name": "Orders",
        "category": {"slug": "billing", "name": "Billing"},
        "triggerEvents": ["order.paid", "order.shipped"],
        "steps": [
            {
                "channel": "EMAIL",
                "subject": EMAIL_STEP["subject"],
                "body": EMAIL_STEP["body"],
                "variants": [ACME_EMAIL],
            },
            {"channel": "SMS", "subject": None, "body": SMS_STEP["body"], "variants": []},
        ],
    }
    assert get_workflow(ws, "orders") == result["workflow"]


def test_unknown_workflow_reads_as_null(ws: WorkspaceClient) -> None:
    assert get_workflow(ws, "nope") is None


def test_workflows_are_listed_by_slug(ws: WorkspaceClient) -> None:
    assert list_workflows(ws) == []
    for slug in ("zeta", "alpha", "mid"):
        assert upsert_workflow(ws, slug, "billing")["errors"] == []
    assert [w["slug"] for w in list_workflows(ws)] == ["alpha", "mid", "zeta"]


def test_every_channel_once_is_accepted_and_subject_is_optional_off_email(
    ws: WorkspaceClient,
) -> None:
    steps = [EMAIL_STEP] + [
        {"channel": c, "body": f"{c} body"}
        for c in ("SMS", "WHATSAPP", "SLACK", "MS_TEAMS", "WEBHOOK", "INBOX")
    ]
    result = upsert_workflow(ws, "everywhere", "billing", steps=steps)
    assert result["errors"] == []
    assert [(s["channel"], s["subject"]) for s in result["workflow"]["steps"]][1:] == [
        (c, None) for c in ("SMS", "WHATSAPP", "SLACK", "MS_TEAMS", "WEBHOOK", "INBOX")
    ]


def test_upsert_replaces_the_whole_definition(server: Server, ws: WorkspaceClient) -> None:
    upsert_category(ws, "security", name="Security")
    first = upsert(ws, BASE)["workflow"]
    created_at = stored(server, ws, "welcome").created_at
    replacement = {
        "slug": "welcome",
        "name": "Welcome back",
        "category": "security",
        "steps": [{"channel": "INBOX", "body": "Hi {{ recipient.distinct_id }}"}],
    }
    result = upsert(ws, replacement)
    assert result["errors"] == []
    second = result["workflow"]
    assert {k: v for k, v in second.items() if k != "updatedAt"} == {
        "slug": "welcome",
        "name": "Welcome back",
        "category": {"slug": "security", "name": "Security"},
        "triggerEvents": [],  # omitted replaces with none: the whole definition is replaced
        "steps": [
            {
                "channel": "INBOX",
                "subject": None,
                "body": "Hi {{ recipient.distinct_id }}",
                "variants": [],
            }
        ],
    }
    assert datetime.fromisoformat(second["updatedAt"]) > datetime.fromisoformat(first["updatedAt"])
    assert get_workflow(ws, "welcome") == second
    assert [w["slug"] for w in list_workflows(ws)] == ["welcome"]
    assert stored(server, ws, "welcome").created_at == created_at


def _steps(*steps: dict[str, Any]) -> dict[str, Any]:
    return {"steps": list(steps)}


S0 = ["input", "steps", "0"]
V1 = [*S0, "variants", "1"]
DEFAULT_EMAIL = {"tenantId": "default", "subject": "Hi", "body": "Hi"}

INVALID_CASES = [
    pytest.param({"slug": "Bad Slug"}, [("INVALID", ["input", "slug"])], id="bad slug"),
    pytest.param({"slug": "x" * 65}, [("INVALID", ["input", "slug"])], id="long slug"),
    pytest.param({"name": "   "}, [("INVALID", ["input", "name"])], id="blank name"),
    pytest.param({"name": "<b>Welcome</b>"}, [("INVALID", ["input", "name"])], id="markup in name"),
    pytest.param({"name": "x" * 201}, [("INVALID", ["input", "name"])], id="long name"),
    pytest.param(
        {"category": "nope"}, [("NOT_FOUND", ["input", "category"])], id="unknown category"
    ),
    pytest.param(
        {"triggerEvents": ["ok", ""]},
        [("INVALID", ["input", "triggerEvents", "1"])],
        id="empty event",
    ),
    pytest.param(
        {"triggerEvents": ["   "]}, [("INVALID", ["input", "triggerEvents", "0"])], id="blank event"
    ),
    pytest.param(
        {"triggerEvents": ["x" * 201]},
        [("INVALID", ["input", "triggerEvents", "0"])],
        id="long event",
    ),
    pytest.param(
        {"triggerEvents": ["order\npaid"]},
        [("INVALID", ["input", "triggerEvents", "0"])],
        id="control char in event",
    ),
    pytest.param(_steps(), [("INVALID", ["input", "steps"])], id="no steps"),
    pytest.param(
        _steps(SMS_STEP, EMAIL_STEP, {"channel": "SMS", "body": "again"}),
        [("INVALID", ["input", "steps", "2", "channel"])],
        id="repeated channel",
    ),
    pytest.param(
        _steps({"channel": "SMS", "body": " \n "}), [("INVALID", [*S0, "body"])], id="blank body"
    ),
    pytest.param(
        _steps({"channel": "EMAIL", "body": "Hi"}),
        [("INVALID", [*S0, "subject"])],
        id="email without subject",
    ),
    pytest.param(
        _steps(step("EMAIL", subject="  ")),
        [("INVALID", [*S0, "subject"])],
        id="email blank subject",
    ),
    pytest.param(
        _steps(step("SMS", body="Hi {{ name")),
        [("INVALID", [*S0, "body"])],
        id="body syntax",
    ),
    pytest.param(
        _steps(step("SMS", subject="{% if %}")),
        [("INVALID", [*S0, "subject"])],
        id="subject syntax",
    ),
    pytest.param(
        _steps(step("SMS", body="x" * 100_001)),
        [("INVALID", [*S0, "body"])],
        id="template too long",
    ),
    pytest.param(
        _steps(step("EMAIL", variants=[DEFAULT_EMAIL, {**ACME_EMAIL, "body": "{% endfor %}"}])),
        [("INVALID", [*V1, "body"])],
        id="variant body syntax",
    ),
    pytest.param(
        _steps(
            step("EMAIL", variants=[DEFAULT_EMAIL, {**ACME_EMAIL, "subject": "{{ x | nope }}"}])
        ),
        [("INVALID", [*V1, "subject"])],
        id="variant subject syntax",
    ),
    pytest.param(
        _steps(step("EMAIL", variants=[DEFAULT_EMAIL, {"tenantId": "acme", "body": "Hi"}])),
        [("INVALID", [*V1, "subject"])],
        id="email variant without subject",
    ),
    pytest.param(
        _steps(step("SMS", variants=[DEFAULT_EMAIL, {"tenantId": "acme", "body": " "}])),
        [("INVALID", [*V1, "body"])],
        id="blank variant body",
    ),
    pytest.param(
        _steps(step("SMS", variants=[{"tenantId": "ghost", "body": "Hi"}])),
        [("NOT_FOUND", [*S0, "variants", "0", "tenantId"])],
        id="unknown variant tenant",
    ),
    pytest.param(
        _steps(step("EMAIL", variants=[ACME_EMAIL, DEFAULT_EMAIL, ACME_EMAIL])),
        [("INVALID", [*S0, "variants", "2", "tenantId"])],
        id="repeated variant tenant",
    ),
]


@pytest.mark.parametrize("existing", [False, True], ids=["create", "replace"])
@pytest.mark.parametrize(("changes", "expected"), INVALID_CASES)
def test_invalid_input_names_the_field_and_writes_nothing(
    ws: WorkspaceClient, existing: bool, changes: dict[str, Any], expected: list
) -> None:
    if existing:
        assert upsert(ws, BASE)["errors"] == []
    before = list_workflows(ws)
    result = upsert(ws, {**copy.deepcopy(BASE), **changes})
    assert result["workflow"] is None
    assert codes_and_fields(result) == expected
    assert list_workflows(ws) == before


def test_template_error_reports_the_line(ws: WorkspaceClient) -> None:
    body = "Hello\n{% if data.paid %}\npaid\n{% endfor %}"
    result = upsert(ws, {**BASE, **_steps(step("SMS"), step("EMAIL", body=body))})
    assert codes_and_fields(result) == [("INVALID", ["input", "steps", "1", "body"])]
    message = result["errors"][0]["message"]
    assert message.startswith("body does not compile: line 4: Encountered unknown tag 'endfor'")


def test_every_problem_is_reported_at_once(ws: WorkspaceClient) -> None:
    bad = {
        "slug": "Bad Slug",
        "name": "Welcome",
        "category": "nope",
        "triggerEvents": [""],
        "steps": [
            {"channel": "EMAIL", "body": "{{ oops"},
            {"channel": "EMAIL", "body": "Hi", "subject": "Hi"},
            step("SMS", variants=[{"tenantId": "ghost", "body": "Hi"}]),
        ],
    }
    result = upsert(ws, bad)
    assert sorted(codes_and_fields(result)) == sorted(
        [
            ("INVALID", ["input", "slug"]),
            ("NOT_FOUND", ["input", "category"]),
            ("INVALID", ["input", "triggerEvents", "0"]),
            ("INVALID", [*S0, "subject"]),
            ("INVALID", [*S0, "body"]),
            ("INVALID", ["input", "steps", "1", "channel"]),
            ("NOT_FOUND", ["input", "steps", "2", "variants", "0", "tenantId"]),
        ]
    )
    assert list_workflows(ws) == []


def test_more_steps_than_channels_is_invalid(ws: WorkspaceClient) -> None:
    channels = ["EMAIL", "SMS", "WHATSAPP", "SLACK", "MS_TEAMS", "WEBHOOK", "INBOX", "SMS"]
    result = upsert(ws, {**BASE, **_steps(*(step(c) for c in channels))})
    assert codes_and_fields(result) == [
        ("INVALID", ["input", "steps"]),
        ("INVALID", ["input", "steps", "7", "channel"]),
    ]
    assert list_workflows(ws) == []


def test_variant_for_a_deleted_tenant_is_not_found(ws: WorkspaceClient) -> None:
    upsert_tenant(ws, "gone")
    ws.gql('mutation { deleteTenant(id: "gone") { errors { code } } }')
    variant = {"tenantId": "gone", "body": "Hi"}
    result = upsert(ws, {**BASE, **_steps(step("SMS", variants=[variant]))})
    assert codes_and_fields(result) == [("NOT_FOUND", [*S0, "variants", "0", "tenantId"])]
    assert "gone" in result["errors"][0]["message"]


def test_category_changes_show_through_the_workflow(ws: WorkspaceClient) -> None:
    assert upsert(ws, BASE)["errors"] == []
    upsert_category(ws, "billing", name="Invoices")
    assert get_workflow(ws, "welcome")["category"] == {"slug": "billing", "name": "Invoices"}
    upsert_category(ws, "security", name="Security")
    assert upsert(ws, {**BASE, "category": "security"})["errors"] == []
    assert get_workflow(ws, "welcome")["category"] == {"slug": "security", "name": "Security"}
    assert list_workflows(ws)[0]["category"] == {"slug": "security", "name": "Security"}


def test_workflows_and_their_references_are_per_workspace(server: Server) -> None:
    alpha, beta = server.new_workspace(), server.new_workspace()
    upsert_category(alpha, "billing")
    upsert_tenant(alpha, "acme")
    assert upsert(alpha, BASE)["errors"] == []
    assert get_workflow(beta, "welcome") is None
    assert list_workflows(beta) == []
    result = upsert(beta, BASE)  # beta has neither the category nor tenant acme
    assert codes_and_fields(result) == [
        ("NOT_FOUND", ["input", "category"]),
        ("NOT_FOUND", [*S0, "variants", "0", "tenantId"]),
    ]
    assert get_workflow(alpha, "welcome")["name"] == "Welcome"


STATEMENTS = "{ workflows { slug category { slug } steps { channel } } }"


def listing_statements(server: Server, count: int) -> int:
    ws = server.new_workspace()
    categories = ["billing", "security"]
    for slug in categories:
        upsert_category(ws, slug)
    for i in range(count):
        steps = [EMAIL_STEP, SMS_STEP]
        assert upsert_workflow(ws, f"wf-{i:03}", categories[i % 2], steps=steps)["errors"] == []
    ws.gql("{ viewer { scope } }")  # the key is verified (and cached) outside the count
    with server.count_statements() as counter:
        listed = ws.gql(STATEMENTS)["workflows"]
    assert [(w["category"]["slug"], len(w["steps"])) for w in listed] == [
        (categories[i % 2], 2) for i in range(count)
    ]
    return counter.count


def test_listing_workflows_is_constant_in_statements(server: Server) -> None:
    one = listing_statements(server, 1)
    thirty = listing_statements(server, 30)
    assert one == thirty
    assert one <= 2  # workflows, categories

"""The Python client against a real Herald server on loopback: triggers, events, bulk,
tenants, vendors, users, raw GraphQL, the async twin, and the README's porting example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from client import (
    AsyncHerald,
    Event,
    Herald,
    HeraldGraphQLError,
    HeraldUserError,
    UserError,
    WorkflowTriggerRequest,
)
from tests.client_fixtures import counted_herald, invoice_setup
from tests.harness import WorkspaceClient

EXECUTION = """query($id: ID!) {
  execution(id: $id) { idempotencyKey tenant { id } workflow { slug }
    messages { edges { node { distinctId channel } } } }
}"""
USER = """query($id: ID!) {
  user(distinctId: $id) { properties channels { email slack { webhookUrl } msTeamsWebhookUrl } }
}"""


@pytest.fixture
def ws(workspace: WorkspaceClient) -> WorkspaceClient:
    invoice_setup(workspace)
    return workspace


@pytest.fixture
def herald(ws: WorkspaceClient) -> Herald:
    with Herald(ws.url, ws.key) as client:
        yield client


def invoice(recipients: list, **options: object) -> WorkflowTriggerRequest:
    body = {"workflow": "invoice-ready", "recipients": recipients, "data": {"amount": 42}}
    return WorkflowTriggerRequest(body=body, **options)


def execution(ws: WorkspaceClient, execution_id: str) -> dict:
    return ws.gql(EXECUTION, {"id": execution_id})["execution"]


def test_trigger_with_tenant_and_key_replays_on_repeat(ws: WorkspaceClient, herald: Herald) -> None:
    ada = {
        "distinct_id": "ada",
        "$email": ["ada@example.com"],
        "$slack": {"incoming_webhook": {"url": "https://hooks.slack.test/ada"}},
        "$ms_teams": "https://teams.test/hook",
        "name": "Ada",
    }
    request = invoice([ada, "bob"], tenant_id="globex", idempotency_key="inv-42")
    first = herald.workflows.trigger(request)
    again = herald.workflows.trigger(request)
    assert first.ok and not first.replayed and first.errors == []
    assert again.ok and again.replayed and again.execution_id == first.execution_id
    stored = execution(ws, first.execution_id)
    assert stored["tenant"] == {"id": "globex"} and stored["idempotencyKey"] == "inv-42"
    assert sorted(e["node"]["distinctId"] for e in stored["messages"]["edges"]) == ["ada", "bob"]
    user = ws.gql(USER, {"id": "ada"})["user"]
    assert user == {
        "properties": {"name": "Ada"},
        "channels": {
            "email": "ada@example.com",
            "slack": {"webhookUrl": "https://hooks.slack.test/ada"},
            "msTeamsWebhookUrl": "https://teams.test/hook",
        },
    }


def test_trigger_problems_come_back_as_errors(herald: Herald) -> None:
    herald.workflows.trigger(invoice(["ada"], idempotency_key="k1"))
    conflict = herald.workflows.trigger(invoice(["bob"], idempotency_key="k1"))
    assert not conflict.ok and conflict.execution_id is None
    assert conflict.errors == [
        UserError("IDEMPOTENCY_CONFLICT", ["idempotencyKey"], conflict.errors[0].message)
    ]
    bad = herald.workflows.trigger(invoice([{"distinct_id": "c", "$email": "not-an-address"}]))
    assert [(e.code, e.field) for e in bad.errors] == [
        ("INVALID", ["recipients", "0", "channels", "email"])
    ]


def test_track_event_runs_the_subscribed_workflow(ws: WorkspaceClient, herald: Herald) -> None:
    herald.users.upsert("ada", channels={"$email": "ada@example.com"})
    event = Event(
        "ada", "product_purchased", {"amount": 7}, tenant_id="globex", idempotency_key="e1"
    )
    tracked = herald.track_event(event)
    assert tracked.ok and not tracked.replayed and tracked.event_id
    assert len(tracked.execution_ids) == 1
    ran = execution(ws, tracked.execution_ids[0])
    assert ran["workflow"] == {"slug": "invoice-ready"} and ran["tenant"] == {"id": "globex"}
    again = herald.track_event(event)
    assert again.replayed and again.event_id == tracked.event_id


def test_track_event_for_an_unknown_user(herald: Herald) -> None:
    result = herald.track_event(Event("nobody", "product_purchased"))
    assert not result.ok and result.execution_ids == []
    assert [(e.code, e.field) for e in result.errors] == [("NOT_FOUND", ["distinctId"])]


def test_bulk_is_one_request_and_one_bad_item_does_not_stop_the_others(
    ws: WorkspaceClient,
) -> None:
    requests = [
        invoice(["ada"], tenant_id="globex", idempotency_key="b-1"),
        invoice(["bob"], tenant_id="ghost"),
        invoice(["cy", {"distinct_id": "dee", "$sms": "+14155550123"}]),
    ]
    with counted_herald(ws.url, ws.key) as counted:
        results = counted.herald.workflows.trigger_bulk(requests)
    assert len(counted.sent) == 1
    assert [r.ok for r in results] == [True, False, True]
    assert [(e.code, e.field) for e in results[1].errors] == [("NOT_FOUND", ["tenantId"])]
    assert execution(ws, results[0].execution_id)["tenant"] == {"id": "globex"}
    assert execution(ws, results[2].execution_id)["tenant"] == {"id": "default"}
    replayed = Herald(ws.url, ws.key).workflows.trigger(requests[0])
    assert replayed.replayed and replayed.execution_id == results[0].execution_id


def test_bulk_past_the_alias_limit_is_split_into_requests_in_order(ws: WorkspaceClient) -> None:
    requests = [invoice([f"u{i}"], idempotency_key=f"k{i}") for i in range(31)]
    with counted_herald(ws.url, ws.key) as counted:
        results = counted.herald.workflows.trigger_bulk(requests)
        assert counted.herald.workflows.trigger_bulk([]) == []
    assert len(counted.sent) == 2
    assert all(r.ok for r in results) and len({r.execution_id for r in results}) == 31
    keys = [execution(ws, results[i].execution_id)["idempotencyKey"] for i in (0, 29, 30)]
    assert keys == ["k0", "k29", "k30"]


def test_tenant_helpers(herald: Herald) -> None:
    created = herald.tenants.upsert(
        "acme",
        {"tenant_name": "Acme", "social_links": {"website": "https://acme.test"}},
        primary_color="#ff0000",
        properties={"plan": "pro"},
    )
    assert (created.id, created.name, created.primary_color) == ("acme", "Acme", "#ff0000")
    assert created.social_links == {"website": "https://acme.test"}
    updated = herald.tenants.upsert("acme", properties={"seats": 5}, primary_color=None)
    assert updated.properties == {"plan": "pro", "seats": 5} and updated.primary_color is None
    assert herald.tenants.get("acme") == updated
    assert herald.tenants.get("nope") is None
    with pytest.raises(HeraldUserError) as bad:
        herald.tenants.upsert("acme", primary_color="green")
    assert [(e.code, e.field) for e in bad.value.errors] == [("INVALID", ["input", "primaryColor"])]
    assert herald.tenants.delete("acme") is True
    assert herald.tenants.delete("acme") is False
    with pytest.raises(HeraldUserError):
        herald.tenants.delete("default")


def test_tenant_list_follows_every_page(herald: Herald) -> None:
    for start in range(0, 105, 30):  # 105 tenants, 30 aliases per document
        fields = " ".join(
            f'a{i}: upsertTenant(id: "t{i:03}", input: {{name: "T {i}"}}) {{ errors {{ code }} }}'
            for i in range(start, min(start + 30, 105))
        )
        herald.graphql(f"mutation {{ {fields} }}")
    every = [t.id for t in herald.tenants.list()]
    assert every == sorted(every) and len(every) == 107  # + default, globex
    assert [t.id for t in herald.tenants.list(search="t10")] == [f"t10{i}" for i in range(5)]


def test_set_vendor_keeps_secrets_write_only(herald: Herald) -> None:
    config = {"host": "mail.globex.test", "from_email": "hi@globex.test", "username": "mailer"}
    vendor = herald.tenants.set_vendor("globex", "email", "smtp", config, {"password": "s3cret"})
    assert (vendor.channel, vendor.provider, vendor.enabled) == ("EMAIL", "smtp", True)
    assert vendor.secret_fields == ["password"] and "s3cret" not in repr(vendor)
    disabled = herald.tenants.set_vendor("globex", "EMAIL", "smtp", config, enabled=False)
    assert disabled.secret_fields == ["password"] and disabled.enabled is False
    with pytest.raises(HeraldUserError) as bad:
        herald.tenants.set_vendor("globex", "email", "smtp", {"port": 25})
    assert bad.value.errors[0].code == "INVALID"


def test_user_helpers(herald: Herald) -> None:
    channels = {"$email": "ada@example.com", "$slack": {"channel": "C0123", "user_id": "U0123"}}
    user = herald.users.upsert("ada", channels=channels, properties={"name": "Ada"})
    assert user.distinct_id == "ada" and user.properties == {"name": "Ada"}
    assert user.channels == {
        "$email": "ada@example.com",
        "$slack": {"user_id": "U0123", "channel_id": "C0123"},
    }
    assert herald.users.upsert("ada", timezone="Europe/Berlin").channels == user.channels
    prefs = herald.users.set_preference(
        "ada", "billing", "opt_out", opted_out_channels=["email"], tenant_id="globex"
    )
    billing = prefs.categories[0]
    assert prefs.tenant_id == "globex"
    assert (billing.category, billing.preference, billing.source) == ("billing", "OPT_OUT", "USER")
    assert billing.opted_out_channels == ["EMAIL"]
    kept = herald.users.set_preference("ada", "billing", "OPT_IN", tenant_id="globex")
    assert kept.categories[0].opted_out_channels == ["EMAIL"]  # None keeps the list
    with pytest.raises(HeraldUserError):
        herald.users.set_preference("ada", "no-such-category", "opt_in")


def test_graphql_for_everything_else(ws: WorkspaceClient) -> None:
    herald = Herald(f"{ws.url}/graphql/", ws.key)  # the endpoint URL works as well
    assert herald.graphql("{ viewer { scope workspace } }") == {
        "viewer": {"scope": "SERVER", "workspace": ws.name}
    }
    data = herald.graphql("query($s: ID!) { workflow(slug: $s) { name } }", {"s": "invoice-ready"})
    assert data == {"workflow": {"name": "Invoice Ready"}}
    with pytest.raises(HeraldGraphQLError) as bad:
        herald.graphql("{ nope }")
    assert "nope" in str(bad.value) and bad.value.errors


@pytest.mark.anyio
async def test_async_client_has_the_same_calls(ws: WorkspaceClient) -> None:
    async with AsyncHerald(ws.url, ws.key) as herald:
        await herald.users.upsert("ada", properties={"name": "Ada"})
        first = await herald.workflows.trigger(invoice(["ada"], idempotency_key="a-1"))
        bulk = await herald.workflows.trigger_bulk(
            [invoice(["ada"], idempotency_key="a-1"), invoice(["bob"], tenant_id="ghost")]
        )
        tracked = await herald.track_event(Event("ada", "product_purchased"))
        tenant = await herald.tenants.upsert("acme", name="Acme")
        listed = [t.id async for t in herald.tenants.list()]
        deleted = await herald.tenants.delete("acme")
        viewer = await herald.graphql("{ viewer { scope } }")
    assert first.ok and bulk[0].replayed and bulk[0].execution_id == first.execution_id
    assert [e.code for e in bulk[1].errors] == ["NOT_FOUND"]
    assert tracked.ok and len(tracked.execution_ids) == 1
    assert tenant.name == "Acme" and listed == ["acme", "default", "globex"] and deleted
    assert viewer == {"viewer": {"scope": "SERVER"}}


def readme_examples() -> list[str]:
    """The python blocks of the README's porting section that use this client."""
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("## Porting from SuprSend's SDK", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return [block for block in blocks if "from client import" in block]


def test_readme_porting_example_runs_as_written(
    workspace: WorkspaceClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("HERALD_URL", workspace.url)
    monkeypatch.setenv("HERALD_SERVER_KEY", workspace.key)
    examples = readme_examples()
    assert len(examples) == 2  # the setup, then the ported code
    for code in examples:
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    messages = workspace.gql(
        '{ messages(filter: {tenantId: "globex"}) { edges { node { distinctId channel } } } }'
    )["messages"]["edges"]
    assert len(messages) == 4  # the trigger and the event, EMAIL and INBOX each
    assert workspace.key not in capsys.readouterr().out

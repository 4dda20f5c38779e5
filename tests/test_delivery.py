"""End to end over HTTP with a worker: branding, vendors, preferences, retries, webhooks."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from standardwebhooks import Webhook

from tests.delivery_api import category, messages_of, settled, step, track, trigger, workflow
from tests.harness import Server, WorkspaceClient
from tests.vendor_api import sendgrid, set_ok, smtp
from tests.vendors import HTTPVendor, Reply, SMTPVendor

SIGNING_SECRET = "whsec_" + "c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw=="
EMAIL_BODY = (
    "<p style='color: {{ tenant.primary_color }}'>Hi {{ recipient.properties.name }},"
    " invoice {{ data.invoice }} from {{ brand.tenant_name }}</p><img src='{{ tenant.logo }}'>"
)


@pytest.fixture
def http_vendor() -> Iterator[HTTPVendor]:
    with HTTPVendor() as vendor:
        yield vendor


@pytest.fixture
def smtp_vendor() -> Iterator[SMTPVendor]:
    with SMTPVendor(users={"herald": "smtp-pass"}) as vendor:
        yield vendor


@pytest.fixture
def ws(server: Server, workspace: WorkspaceClient) -> Iterator[WorkspaceClient]:
    category(workspace)
    workspace.gql(
        """mutation {
          d: upsertTenant(id: "default", input: {logo: "https://cdn.example/default.png", primaryColor: "#000000"}) { errors { code } }
          a: upsertTenant(id: "acme", input: {name: "Acme", primaryColor: "#ff0000"}) { errors { code } }
          g: upsertTenant(id: "globex", input: {name: "Globex"}) { errors { code } }
        }"""
    )
    workflow(
        workspace,
        "invoice",
        [step("EMAIL", EMAIL_BODY, "Invoice {{ data.invoice }}")],
        trigger_events=["invoice.ready"],
    )
    workspace.gql(
        """mutation { upsertUser(distinctId: "ada", input: {channels: {email: "ada@example.com"},
                      properties: {name: "Ada"}}) { errors { code } } }"""
    )
    with server.delivering(workspace):
        yield workspace


def test_tenant_trigger_uses_tenant_branding_and_vendor(
    ws: WorkspaceClient, http_vendor: HTTPVendor, smtp_vendor: SMTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    set_ok(ws, "acme", **smtp(smtp_vendor, password="smtp-pass"))

    execution = settled(
        ws,
        trigger(ws, "invoice", ["ada"], tenantId="acme", data={"invoice": "INV-1"})["execution"][
            "id"
        ],
    )
    (message,) = messages_of(execution)
    assert execution["status"] == "COMPLETED"
    assert (message["status"], message["vendor"], message["vendorTenantId"]) == (
        "SENT",
        "smtp",
        "acme",
    )
    (mail,) = smtp_vendor.messages
    assert mail.message["From"].addresses[0].addr_spec == "news@acme.test"
    assert mail.rcpt_tos == ["ada@example.com"]
    assert mail.message["Subject"] == "Invoice INV-1"
    html = mail.message.get_body(("html",)).get_content()
    assert "color: #ff0000" in html  # the tenant's own colour
    assert "https://cdn.example/default.png" in html  # the default tenant's logo as fallback
    assert "invoice INV-1 from Acme" in html
    assert smtp_vendor.logins == ["herald"]
    assert http_vendor.requests == []


def test_trigger_without_tenant_goes_through_default_vendor(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    execution = settled(
        ws, trigger(ws, "invoice", ["ada"], data={"invoice": "INV-2"})["execution"]["id"]
    )
    (message,) = messages_of(execution)
    assert (message["status"], message["vendor"], message["vendorTenantId"]) == (
        "SENT",
        "sendgrid",
        "default",
    )
    request = http_vendor.last
    assert request.path == "/v3/mail/send"
    assert request.headers["authorization"] == "Bearer sg-key"
    assert request.headers["idempotency-key"] == message["id"]
    body = json.loads(request.body)
    assert body["from"]["email"] == "news@default.test"
    assert "color: #000000" in json.dumps(body)


def test_a_tenants_vendor_is_used_only_for_that_tenant(
    ws: WorkspaceClient, http_vendor: HTTPVendor, smtp_vendor: SMTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    set_ok(ws, "acme", **smtp(smtp_vendor, password="smtp-pass"))
    execution = settled(
        ws,
        trigger(ws, "invoice", ["ada"], tenantId="globex", data={"invoice": "3"})["execution"][
            "id"
        ],
    )
    assert messages_of(execution)[0]["vendorTenantId"] == "default"
    assert smtp_vendor.messages == [] and len(http_vendor.requests) == 1


def test_opt_out_in_one_tenant_skips_there_only(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    ws.gql(
        'mutation { setUserCategoryPreference(distinctId: "ada", category: "updates", preference: OPT_OUT, tenantId: "acme") { errors { code } } }'
    )
    skipped = settled(
        ws,
        trigger(ws, "invoice", ["ada"], tenantId="acme", data={"invoice": "4"})["execution"]["id"],
    )
    (message,) = messages_of(skipped)
    assert message["status"] == "SKIPPED"
    assert "opted out" in message["skipReason"] and "updates" in message["skipReason"]
    assert skipped["status"] == "COMPLETED"
    sent = settled(
        ws,
        trigger(ws, "invoice", ["ada"], tenantId="globex", data={"invoice": "5"})["execution"][
            "id"
        ],
    )
    assert messages_of(sent)[0]["status"] == "SENT"
    assert len(http_vendor.requests) == 1


def test_track_event_runs_every_subscribed_workflow(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    workflow(
        ws,
        "invoice-inbox",
        [step("INBOX", "Invoice {{ data.invoice }} is ready")],
        trigger_events=["invoice.ready"],
    )
    event = track(ws, "ada", "invoice.ready", properties={"invoice": "INV-9"}, tenantId="acme")[
        "event"
    ]
    results = [settled(ws, e["id"]) for e in event["executions"]]
    bodies = sorted(m["body"] for r in results for m in messages_of(r))
    assert len(bodies) == 2
    assert "Invoice INV-9 is ready" in bodies
    assert any("invoice INV-9 from Acme" in body for body in bodies)
    assert len(http_vendor.requests) == 1


def test_webhook_is_signed_per_standard_webhooks(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    workflow(ws, "hook", [step("WEBHOOK", "Order {{ data.order }}", "Shipped")])
    set_ok(
        ws,
        "default",
        channel="WEBHOOK",
        provider="webhook",
        config={"url": http_vendor.url + "/hooks"},
        secrets={"signing_secret": SIGNING_SECRET},
    )
    execution = settled(
        ws, trigger(ws, "hook", ["ada"], tenantId="acme", data={"order": 7})["execution"]["id"]
    )
    (message,) = messages_of(execution)
    request = http_vendor.last
    payload = Webhook(SIGNING_SECRET).verify(request.body, request.headers)
    assert payload["message_id"] == message["id"] == request.headers["webhook-id"]
    assert (payload["workflow"], payload["tenant_id"], payload["distinct_id"]) == (
        "hook",
        "acme",
        "ada",
    )
    assert (payload["channel"], payload["subject"], payload["body"]) == (
        "WEBHOOK",
        "Shipped",
        "Order 7",
    )
    assert payload["data"] == {"order": 7}


def test_transient_failures_retry_then_send(ws: WorkspaceClient, http_vendor: HTTPVendor) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    http_vendor.reply(Reply(503), Reply(503), Reply(202))
    execution = settled(
        ws, trigger(ws, "invoice", ["ada"], data={"invoice": "R"})["execution"]["id"]
    )
    (message,) = messages_of(execution)
    assert (message["status"], message["attempts"]) == ("SENT", 3)
    ids = {r.headers["idempotency-key"] for r in http_vendor.requests}
    assert ids == {message["id"]}  # every attempt carries the same idempotency key


def test_always_failing_vendor_fails_after_max_attempts(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    http_vendor.default = Reply(500)
    execution = settled(
        ws, trigger(ws, "invoice", ["ada"], data={"invoice": "F"})["execution"]["id"]
    )
    (message,) = messages_of(execution)
    assert (message["status"], message["attempts"]) == ("FAILED", 4)  # HERALD_MAX_ATTEMPTS in tests
    assert "500" in message["lastError"]
    assert execution["status"] == "FAILED"
    assert len(http_vendor.requests) == 4


def test_permanent_failure_fails_at_once(ws: WorkspaceClient, http_vendor: HTTPVendor) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    http_vendor.default = Reply(400, json={"errors": [{"message": "bad"}]})
    execution = settled(
        ws, trigger(ws, "invoice", ["ada"], data={"invoice": "P"})["execution"]["id"]
    )
    (message,) = messages_of(execution)
    assert (message["status"], message["attempts"]) == ("FAILED", 1)


def test_missing_vendor_and_address_are_reported(ws: WorkspaceClient) -> None:
    execution = settled(
        ws, trigger(ws, "invoice", ["ada", "no-email"], data={"invoice": "N"})["execution"]["id"]
    )
    by_user = {m["distinctId"]: m for m in messages_of(execution)}
    assert (by_user["ada"]["status"], by_user["ada"]["lastError"]) == (
        "FAILED",
        "no vendor for EMAIL",
    )
    assert (by_user["no-email"]["status"], by_user["no-email"]["skipReason"]) == (
        "SKIPPED",
        "recipient has no EMAIL address",
    )


def test_template_error_fails_only_its_message(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    workflow(ws, "mixed", [step("EMAIL", "{{ data.count + 1 }}", "x"), step("INBOX", "fine")])
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    execution = settled(ws, trigger(ws, "mixed", ["ada"])["execution"]["id"])
    by_channel = {m["channel"]: m for m in messages_of(execution)}
    assert by_channel["EMAIL"]["status"] == "FAILED"
    assert by_channel["EMAIL"]["lastError"].startswith("template error:")
    assert by_channel["INBOX"]["status"] == "SENT"


def test_templates_cannot_reach_python_internals(ws: WorkspaceClient) -> None:
    workflow(ws, "evil", [step("INBOX", "{{ ''.__class__.__mro__[1].__subclasses__() }}")])
    execution = settled(ws, trigger(ws, "evil", ["ada"])["execution"]["id"])
    (message,) = messages_of(execution)
    assert message["status"] == "FAILED"
    assert "unsafe" in message["lastError"]
    assert "<class" not in message["lastError"]


def test_preview_shows_vendor_and_rendered_content(
    ws: WorkspaceClient, http_vendor: HTTPVendor
) -> None:
    set_ok(ws, "default", **sendgrid(http_vendor.url, api_key="sg-key"))
    preview = ws.gql(
        """{ previewWorkflow(workflow: "invoice", recipients: [{distinctId: "ada"}], data: {invoice: "PV"}, tenantId: "acme") {
          recipients { decisions { send reason vendor vendorTenantId subject body } } } }"""
    )["previewWorkflow"]
    (decision,) = preview["recipients"][0]["decisions"]
    assert (decision["send"], decision["vendor"], decision["vendorTenantId"]) == (
        True,
        "sendgrid",
        "default",
    )
    assert decision["subject"] == "Invoice PV"
    assert "color: #ff0000" in decision["body"]
    assert http_vendor.requests == []

"""Routing: the tenant's enabled vendor, else the default tenant's, else none; then real sends.

Sends go through the routed vendor to real loopback servers (aiosmtpd and a
recording HTTP server), so "secrets were kept" is proven by the credential
arriving at the vendor, not by reading our own rows.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from delivery.errors import PermanentError
from delivery.routing import route_vendor
from models.vendor import TenantVendor, new_vendor
from resolvers import vendors
from tests.harness import Server, WorkspaceClient
from tests.vendor_api import (
    add_tenant,
    deliver,
    email,
    remove_vendor,
    request_for,
    route,
    sendgrid,
    set_ok,
    smtp,
)
from tests.vendors import HTTPVendor, Reply, SMTPVendor

DEFAULT_KEY = "SG.default-tenant-key-3c1d"
ACME_KEY = "SG.acme-tenant-key-8e2f"
PASSWORD = "acme-smtp-password-90ab"


@pytest.fixture(scope="module")
def http_vendor() -> Iterator[HTTPVendor]:
    with HTTPVendor() as vendor:
        yield vendor


@pytest.fixture
def api(http_vendor: HTTPVendor) -> HTTPVendor:
    http_vendor.reset()
    http_vendor.default = Reply(status=202, text="")
    return http_vendor


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[SMTPVendor]:
    with SMTPVendor(users={"herald": PASSWORD}) as server:
        yield server


@pytest.fixture
def mail(smtp_server: SMTPVendor) -> SMTPVendor:
    smtp_server.reset()
    return smtp_server


# --- the function itself, on rows in memory ---------------------------------


def row(tenant: str, channel: str, provider: str, enabled: bool = True) -> TenantVendor:
    vendor = new_vendor("ws", tenant, channel, provider)
    vendor.config = {"from_email": f"{tenant}@mail.test"}
    vendor.seal({"api_key": f"key-of-{tenant}"})
    vendor.enabled = enabled
    return vendor


def test_route_prefers_the_tenants_enabled_vendor() -> None:
    chosen = route_vendor(
        "EMAIL", [row("acme", "EMAIL", "sendgrid")], [row("default", "EMAIL", "smtp")]
    )
    assert (chosen.provider, chosen.vendor_tenant_id, chosen.reason) == ("sendgrid", "acme", None)
    assert chosen.vendor.secrets == {"api_key": "key-of-acme"}
    assert chosen.vendor.config == {"from_email": "acme@mail.test"}
    assert "key-of-acme" not in repr(chosen)


def test_route_falls_back_past_disabled_and_other_channels() -> None:
    own = [row("acme", "EMAIL", "sendgrid", enabled=False), row("acme", "SMS", "twilio")]
    chosen = route_vendor("EMAIL", own, [row("default", "EMAIL", "smtp")])
    assert (chosen.provider, chosen.vendor_tenant_id) == ("smtp", "default")
    assert chosen.vendor.secrets == {"api_key": "key-of-default"}


def test_route_reports_no_vendor() -> None:
    disabled = [row("default", "EMAIL", "smtp", enabled=False)]
    chosen = route_vendor("EMAIL", [row("acme", "SMS", "twilio")], disabled)
    assert (chosen.vendor, chosen.provider, chosen.vendor_tenant_id) == (None, None, None)
    assert chosen.reason == "no vendor for EMAIL"


# --- over the API and the database, with real sends --------------------------


def test_tenant_vendor_overrides_default_and_removal_falls_back(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor, mail: SMTPVendor
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "default", **sendgrid(api.url, DEFAULT_KEY))
    set_ok(workspace, "acme", **smtp(mail, PASSWORD, from_name="Acme"))

    own = route(server, workspace, "acme", "EMAIL")
    assert (own.provider, own.vendor_tenant_id) == ("smtp", "acme")
    deliver(server, own, email())
    [received] = mail.messages
    assert received.mail_from == "news@acme.test"
    assert received.message["From"] == "Acme <news@acme.test>"
    assert received.rcpt_tos == ["ada@example.com"]
    assert mail.logins == ["herald"]
    assert api.requests == []

    assert remove_vendor(workspace, "acme", "EMAIL")["deleted"] is True
    fallback = route(server, workspace, "acme", "EMAIL")
    assert (fallback.provider, fallback.vendor_tenant_id) == ("sendgrid", "default")
    deliver(server, fallback, email())
    assert api.last.headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    assert json.loads(api.last.body)["from"] == {"email": "news@default.test"}
    assert len(mail.messages) == 1


def test_disabled_vendor_falls_back_to_the_default_tenants(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "default", **sendgrid(api.url, DEFAULT_KEY))
    set_ok(workspace, "acme", **sendgrid(api.url, ACME_KEY), enabled=False)
    chosen = route(server, workspace, "acme", "EMAIL")
    assert chosen.vendor_tenant_id == "default"
    deliver(server, chosen, email())
    assert api.last.headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    set_ok(workspace, "acme", **sendgrid(api.url), enabled=True)
    assert route(server, workspace, "acme", "EMAIL").vendor_tenant_id == "acme"


def test_no_vendor_anywhere_is_reported_and_send_fails_with_the_reason(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "default", **sendgrid(api.url, DEFAULT_KEY), enabled=False)
    chosen = route(server, workspace, "acme", "EMAIL")
    assert (chosen.vendor, chosen.vendor_tenant_id) == (None, None)
    assert chosen.reason == "no vendor for EMAIL"
    with pytest.raises(PermanentError, match="no vendor for EMAIL"):
        deliver(server, chosen, email())
    assert api.requests == []


def test_default_tenant_routes_to_its_own_vendor(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor
) -> None:
    set_ok(workspace, "default", **sendgrid(api.url, DEFAULT_KEY))
    chosen = route(server, workspace, "default", "EMAIL")
    assert (chosen.provider, chosen.vendor_tenant_id) == ("sendgrid", "default")


def test_config_only_update_keeps_the_api_key(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **sendgrid(api.url, ACME_KEY))
    set_ok(workspace, "acme", **sendgrid(api.url, from_email="hello@acme.test", from_name="Acme"))
    deliver(server, route(server, workspace, "acme", "EMAIL"), email())
    assert api.last.headers["authorization"] == f"Bearer {ACME_KEY}"
    assert json.loads(api.last.body)["from"] == {"email": "hello@acme.test", "name": "Acme"}


def test_config_only_update_keeps_the_smtp_password(
    server: Server, workspace: WorkspaceClient, mail: SMTPVendor
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **smtp(mail, PASSWORD))
    set_ok(workspace, "acme", **smtp(mail, from_email="billing@acme.test"))
    deliver(server, route(server, workspace, "acme", "EMAIL"), email())
    assert mail.logins == ["herald"]  # the server checked the stored password
    assert [m.mail_from for m in mail.messages] == ["billing@acme.test"]


def test_one_request_loads_vendors_in_one_statement(
    server: Server, workspace: WorkspaceClient, api: HTTPVendor
) -> None:
    """Routing many tenants and channels in one request batches into a single read."""
    for name in ("a", "b", "c"):
        add_tenant(workspace, name)
        set_ok(workspace, name, **sendgrid(api.url, ACME_KEY))
    req = request_for(server, workspace)

    async def route_all() -> list:
        calls = [vendors.route_for(req, t, c) for t in "abc" for c in ("EMAIL", "SMS")]
        return await asyncio.gather(*calls)

    with server.count_statements() as counter:
        routes = server.run(route_all())
    assert [r.vendor_tenant_id for r in routes] == ["a", None, "b", None, "c", None]
    assert counter.count == 1

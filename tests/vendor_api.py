"""Helpers for the vendor tests: the GraphQL documents, in-process routing and sending.

Routing has no GraphQL field of its own yet (the trigger path will call it), so
tests call the resolver helper on the server's own loop and database, with a
fresh per-request Loaders, exactly as a trigger would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from delivery import http as delivery_http
from delivery.routing import Route
from delivery.senders import OutboundMessage, send
from models.loaders import Loaders
from resolvers import vendors
from resolvers.scope import Request, Scope, Viewer
from tests.harness import Server, WorkspaceClient
from tests.vendors import SMTPVendor

VENDOR_FIELDS = "channel provider config secretFields enabled updatedAt"
SET = f"""
mutation($tenantId: ID!, $input: TenantVendorInput!) {{
  setTenantVendor(tenantId: $tenantId, input: $input) {{
    vendor {{ {VENDOR_FIELDS} }}
    errors {{ code field message }}
  }}
}}"""
REMOVE = """
mutation($tenantId: ID!, $channel: Channel!) {
  removeTenantVendor(tenantId: $tenantId, channel: $channel) {
    deleted errors { code field message }
  }
}"""
LIST = f"query($id: ID!) {{ tenant(id: $id) {{ vendors {{ {VENDOR_FIELDS} }} }} }}"
ADD_TENANT = """
mutation($id: ID!, $name: String!) {
  upsertTenant(id: $id, input: {name: $name}) { errors { code } }
}"""


def add_tenant(ws: WorkspaceClient, tenant_id: str) -> None:
    assert ws.gql(ADD_TENANT, {"id": tenant_id, "name": tenant_id.title()})["upsertTenant"] == {
        "errors": []
    }


def set_vendor(ws: WorkspaceClient, tenant_id: str, **input: Any) -> dict[str, Any]:
    return ws.gql(SET, {"tenantId": tenant_id, "input": input})["setTenantVendor"]


def set_ok(ws: WorkspaceClient, tenant_id: str, **input: Any) -> dict[str, Any]:
    """Sets a vendor that must be valid; returns it as stored."""
    payload = set_vendor(ws, tenant_id, **input)
    assert payload["errors"] == [], payload["errors"]
    return payload["vendor"]


def remove_vendor(ws: WorkspaceClient, tenant_id: str, channel: str) -> dict[str, Any]:
    return ws.gql(REMOVE, {"tenantId": tenant_id, "channel": channel})["removeTenantVendor"]


def vendors_of(ws: WorkspaceClient, tenant_id: str) -> list[dict[str, Any]]:
    return ws.gql(LIST, {"id": tenant_id})["tenant"]["vendors"]


def sendgrid(base_url: str, api_key: str | None = None, **config: Any) -> dict[str, Any]:
    input: dict[str, Any] = {
        "channel": "EMAIL",
        "provider": "sendgrid",
        "config": {"from_email": "news@default.test", "api_base_url": base_url, **config},
    }
    if api_key is not None:
        input["secrets"] = {"api_key": api_key}
    return input


def smtp(server: SMTPVendor, password: str | None = None, **config: Any) -> dict[str, Any]:
    input: dict[str, Any] = {
        "channel": "EMAIL",
        "provider": "smtp",
        "config": {
            "host": server.host,
            "port": server.port,
            "from_email": "news@acme.test",
            "username": "herald",
            **config,
        },
    }
    if password is not None:
        input["secrets"] = {"password": password}
    return input


def request_for(server: Server, ws: WorkspaceClient) -> Request:
    viewer = Viewer(Scope.SERVER, ws.created.workspace.id, ws.name)
    return Request(viewer, server.db, Loaders(server.db))


def route(server: Server, ws: WorkspaceClient, tenant_id: str, channel: str) -> Route:
    """What the trigger path will get for (tenant, channel): one fresh request's loaders."""
    return server.run(vendors.route_for(request_for(server, ws), tenant_id, channel))


def email(tenant_id: str = "acme", to: str = "ada@example.com") -> OutboundMessage:
    return OutboundMessage(
        message_id="msg_vendor_1",
        channel="EMAIL",
        workflow="welcome",
        tenant_id=tenant_id,
        distinct_id="u-1",
        subject="Welcome",
        body="<p>Hello</p>",
        data={},
        address=to,
    )


def deliver(server: Server, chosen: Route, message: OutboundMessage) -> str:
    """Sends through the routed vendor on the server's loop, with a client of its own."""

    async def go() -> str:
        async with delivery_http.new_client() as client:
            return await send(message, chosen.vendor, client)

    return server.run(go())


def raw_rows(server: Server, ws: WorkspaceClient) -> list[dict[str, Any]]:
    """tenant_vendor rows exactly as the database holds them."""

    async def go() -> list[dict[str, Any]]:
        async with server.db.session() as session:
            result = await session.execute(
                text("SELECT * FROM tenant_vendor WHERE workspace_id = :ws ORDER BY tenant_id"),
                {"ws": ws.created.workspace.id},
            )
            return [dict(row) for row in result.mappings()]

    return server.run(go())

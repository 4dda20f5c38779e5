"""No N+1: listing tenants with branding and vendors costs the same statements for 1 or 100."""

from __future__ import annotations

from tests.harness import Server, WorkspaceClient

LIST = """query($search: String) {
  tenants(first: 100, search: $search) {
    totalCount
    edges { node {
      id name branding { tenantName logo primaryColor socialLinks { website } }
      vendors { channel provider }
    } }
  }
}"""


def seed(ws: WorkspaceClient, prefix: str, count: int) -> None:
    fields = " ".join(
        f'u{i}: upsertTenant(id: "{prefix}-{i:03}", input: {{name: "T {i}"}}) {{ errors {{ code }} }}'
        for i in range(count)
    )
    ws.gql(f"mutation {{ {fields} }}")


def add_vendors(ws: WorkspaceClient, tenant_ids: list[str]) -> None:
    config = '{from_email: "news@acme.test", api_base_url: "https://api.sendgrid.test"}'
    fields = " ".join(
        f'v{i}: setTenantVendor(tenantId: "{tenant_id}", input: {{channel: EMAIL, '
        f'provider: "sendgrid", config: {config}, secrets: {{api_key: "k"}}}}) '
        "{ errors { code } }"
        for i, tenant_id in enumerate(tenant_ids)
    )
    data = ws.gql(f"mutation {{ {fields} }}")
    assert all(payload["errors"] == [] for payload in data.values())


def statements_for(
    server: Server, ws: WorkspaceClient, search: str, expected: int, with_vendors: int
) -> int:
    ws.gql("{ viewer { scope } }")  # the key is verified (and cached) outside the count
    with server.count_statements() as counter:
        data = ws.gql(LIST, {"search": search})
    nodes = [edge["node"] for edge in data["tenants"]["edges"]]
    assert len(nodes) == expected
    assert sum(
        node["vendors"] == [{"channel": "EMAIL", "provider": "sendgrid"}] for node in nodes
    ) == (with_vendors)
    return counter.count


def test_listing_with_branding_and_vendors_is_constant_in_statements(server: Server) -> None:
    ws = server.new_workspace()
    ws.gql(
        'mutation { upsertTenant(id: "default", input: {logo: "https://l.example/x.png"}) { errors { code } } }'
    )
    seed(ws, "one", 1)
    seed(ws, "many", 25)
    seed(ws, "many2", 25)
    seed(ws, "many3", 25)
    seed(ws, "many4", 25)
    add_vendors(ws, ["one-000", *(f"many{n}-{i:03}" for n in ("", "2", "3", "4") for i in (0, 7))])
    one = statements_for(server, ws, "one-", 1, with_vendors=1)
    hundred = statements_for(server, ws, "many", 100, with_vendors=8)
    assert one == hundred
    assert one <= 4  # page, count, default tenant, vendors

"""No N+1: listing tenants with their branding costs the same statements for 1 or 100."""

from __future__ import annotations

from tests.harness import Server, WorkspaceClient

LIST = """query($search: String) {
  tenants(first: 100, search: $search) {
    totalCount
    edges { node { id name branding { tenantName logo primaryColor socialLinks { website } } } }
  }
}"""


def seed(ws: WorkspaceClient, prefix: str, count: int) -> None:
    fields = " ".join(
        f'u{i}: upsertTenant(id: "{prefix}-{i:03}", input: {{name: "T {i}"}}) {{ errors {{ code }} }}'
        for i in range(count)
    )
    ws.gql(f"mutation {{ {fields} }}")


def statements_for(server: Server, ws: WorkspaceClient, search: str, expected: int) -> int:
    ws.gql("{ viewer { scope } }")  # the key is verified (and cached) outside the count
    with server.count_statements() as counter:
        data = ws.gql(LIST, {"search": search})
    assert len(data["tenants"]["edges"]) == expected
    return counter.count


def test_listing_with_branding_is_constant_in_statements(server: Server) -> None:
    ws = server.new_workspace()
    ws.gql(
        'mutation { upsertTenant(id: "default", input: {logo: "https://l.example/x.png"}) { errors { code } } }'
    )
    seed(ws, "one", 1)
    seed(ws, "many", 25)
    seed(ws, "many2", 25)
    seed(ws, "many3", 25)
    seed(ws, "many4", 25)
    one = statements_for(server, ws, "one-", 1)
    hundred = statements_for(server, ws, "many", 100)
    assert one == hundred
    assert one <= 3  # page, count, default tenant

"""No N+1: listings cost the same statements for 1 item as for many.

Tenants with branding, category overrides and vendors: 1 vs 100 tenants. A user's preferences page:
1 vs 50 categories, each with a tenant override and a user choice.
"""

from __future__ import annotations

from collections.abc import Iterable

from delivery.worker import Worker
from tests.harness import Server, WorkspaceClient
from tests.preferences_api import upsert_category, upsert_tenant, upsert_user

LIST = """query($search: String) {
  tenants(first: 100, search: $search) {
    totalCount
    edges { node { id name branding { tenantName logo primaryColor socialLinks { website } }
                   categoryPreferences { category { slug } preference }
                   vendors { channel provider } } }
  }
}"""
PREFERENCES = """{ user(distinctId: "u-1") { preferences(tenantId: "acme") {
  restrictedChannels
  categories { category { slug name } preference source isEditable optedOutChannels mandatoryChannels }
} } }"""
BATCH = 25  # under the alias limit


def in_batches(ws: WorkspaceClient, fields: Iterable[str]) -> None:
    fields = list(fields)
    for start in range(0, len(fields), BATCH):
        chunk = " ".join(f"m{i}: {f}" for i, f in enumerate(fields[start : start + BATCH]))
        data = ws.gql(f"mutation {{ {chunk} }}")
        assert all(payload["errors"] == [] for payload in data.values()), data


def seed(ws: WorkspaceClient, prefix: str, count: int) -> None:
    """Tenants, each overriding the `billing` category."""
    ids = [f"{prefix}-{i:03}" for i in range(count)]
    in_batches(
        ws,
        (f'upsertTenant(id: "{t}", input: {{name: "T {t}"}}) {{ errors {{ code }} }}' for t in ids),
    )
    in_batches(
        ws,
        (
            f'setTenantCategoryPreference(tenantId: "{t}", category: "billing", input: {{preference: OPT_OUT}}) {{ errors {{ code }} }}'
            for t in ids
        ),
    )


def add_vendors(ws: WorkspaceClient, tenant_ids: list[str]) -> None:
    config = '{from_email: "news@acme.test", api_base_url: "https://api.sendgrid.test"}'
    in_batches(
        ws,
        (
            f'setTenantVendor(tenantId: "{t}", input: {{channel: EMAIL, provider: "sendgrid", '
            f'config: {config}, secrets: {{api_key: "k"}}}}) {{ errors {{ code }} }}'
            for t in tenant_ids
        ),
    )


def statements_for(
    server: Server, ws: WorkspaceClient, search: str, expected: int, with_vendors: int
) -> int:
    ws.gql("{ viewer { scope } }")  # the key is verified (and cached) outside the count
    with server.count_statements() as counter:
        data = ws.gql(LIST, {"search": search})
    edges = data["tenants"]["edges"]
    assert len(edges) == expected
    assert all(
        e["node"]["categoryPreferences"]
        == [{"category": {"slug": "billing"}, "preference": "OPT_OUT"}]
        for e in edges
    )
    sendgrid = [{"channel": "EMAIL", "provider": "sendgrid"}]
    assert sum(e["node"]["vendors"] == sendgrid for e in edges) == with_vendors
    return counter.count


def test_listing_with_branding_overrides_and_vendors_is_constant_in_statements(
    server: Server,
) -> None:
    ws = server.new_workspace()
    ws.gql(
        'mutation { upsertTenant(id: "default", input: {logo: "https://l.example/x.png"}) { errors { code } } }'
    )
    upsert_category(ws, "billing")
    seed(ws, "one", 1)
    for part in ("many", "many2", "many3", "many4"):
        seed(ws, part, 25)
    add_vendors(ws, ["one-000", *(f"many{n}-{i:03}" for n in ("", "2", "3", "4") for i in (0, 7))])
    one = statements_for(server, ws, "one-", 1, with_vendors=1)
    hundred = statements_for(server, ws, "many", 100, with_vendors=8)
    assert one == hundred
    assert one <= 6  # page, count, default tenant, overrides, categories, vendors


def preferences_workspace(server: Server, categories: int) -> WorkspaceClient:
    """`categories` categories, each overridden by tenant acme and chosen by user u-1 there."""
    ws = server.new_workspace()
    upsert_tenant(ws, "acme")
    upsert_user(ws, "u-1")
    slugs = [f"cat-{i:03}" for i in range(categories)]
    in_batches(
        ws,
        (
            f'upsertCategory(input: {{slug: "{s}", name: "{s}"}}) {{ errors {{ code }} }}'
            for s in slugs
        ),
    )
    in_batches(
        ws,
        (
            f'setTenantCategoryPreference(tenantId: "acme", category: "{s}", input: {{mandatoryChannels: [EMAIL]}}) {{ errors {{ code }} }}'
            for s in slugs
        ),
    )
    in_batches(
        ws,
        (
            f'setUserCategoryPreference(distinctId: "u-1", category: "{s}", preference: OPT_OUT, optedOutChannels: [SMS], tenantId: "acme") {{ errors {{ code }} }}'
            for s in slugs
        ),
    )
    in_batches(
        ws,
        [
            'setUserRestrictedChannels(distinctId: "u-1", channels: [SLACK], tenantId: "acme") { errors { code } }'
        ],
    )
    return ws


def preference_statements(server: Server, ws: WorkspaceClient, categories: int) -> int:
    ws.gql("{ viewer { scope } }")
    with server.count_statements() as counter:
        prefs = ws.gql(PREFERENCES)["user"]["preferences"]
    assert prefs["restrictedChannels"] == ["SLACK"]
    assert len(prefs["categories"]) == categories
    assert all(
        (c["preference"], c["source"], c["optedOutChannels"], c["mandatoryChannels"])
        == ("OPT_OUT", "USER", ["SMS"], ["EMAIL"])
        for c in prefs["categories"]
    )
    return counter.count


def test_user_preferences_are_constant_in_statements(server: Server) -> None:
    one = preference_statements(server, preferences_workspace(server, 1), 1)
    fifty = preference_statements(server, preferences_workspace(server, 50), 50)
    assert one == fifty
    assert one <= 6  # user, tenant, categories, overrides, choices, restrictions


def worker_statements(server: Server, recipients: int) -> int:
    """Statements for one worker batch delivering `recipients` inbox messages in one tenant."""
    ws = server.new_workspace()
    upsert_category(ws, "billing")
    upsert_tenant(ws, "acme")
    ws.gql(
        'mutation { upsertWorkflow(input: {slug: "w", name: "W", category: "billing", '
        'steps: [{channel: INBOX, body: "{{ tenant.tenant_name }}"}]}) { errors { code } } }'
    )
    people = ", ".join(f'{{distinctId: "u{i}"}}' for i in range(recipients))
    ws.gql(
        f'mutation {{ triggerWorkflow(workflow: "w", recipients: [{people}], tenantId: "acme") {{ errors {{ code }} }} }}'
    )
    worker = Worker(server.db, server.settings, workspace_ids=(ws.workspace_id,))
    with server.count_statements() as counter:
        assert server.run(worker.run_once()) == recipients
    return counter.count


def test_a_worker_batch_reads_each_table_once(server: Server) -> None:
    one, fifty = worker_statements(server, 1), worker_statements(server, 50)
    print(f"worker batch statements: 1 message {one}, 50 messages {fifty}")
    assert one == fifty

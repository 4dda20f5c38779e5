"""The per-request loaders: one statement per batch, and writes that refresh what they touch."""

from __future__ import annotations

import asyncio

from models.loaders import Loaders
from resolvers import users
from resolvers.scope import Request, Scope, Viewer
from tests.harness import Server, WorkspaceClient
from tests.preferences_api import upsert_category, upsert_tenant, upsert_user


def request_for(server: Server, ws: WorkspaceClient) -> Request:
    viewer = Viewer(Scope.SERVER, ws.created.workspace.id, ws.name)
    return Request(viewer, server.db, Loaders(server.db))


def test_each_batch_is_one_statement(server: Server, workspace: WorkspaceClient) -> None:
    for tenant in ("acme", "globex"):
        upsert_tenant(workspace, tenant)
    for user in ("u-1", "u-2"):
        upsert_user(workspace, user)
    upsert_category(workspace, "billing")
    req = request_for(server, workspace)
    ws = req.workspace_id
    tenants = [(ws, "acme"), (ws, "globex"), (ws, "default"), (ws, "missing")]
    user_keys = [(ws, "u-1"), (ws, "u-2"), (ws, "nobody")]
    user_tenant_keys = [(ws, t, u) for _, t in tenants for _, u in user_keys]
    loaders = req.loaders

    async def load_all() -> None:
        await asyncio.gather(
            loaders.tenant.load_many(tenants),
            loaders.categories.load_many([ws, "other-workspace"]),
            loaders.tenant_category_preferences.load_many(tenants),
            loaders.user.load_many(user_keys),
            loaders.user_category_preferences.load_many(user_tenant_keys),
            loaders.restriction.load_many(user_tenant_keys),
        )

    with server.count_statements() as counter:
        server.run(load_all())
    assert counter.count == 6, counter.statements


def test_an_upserted_user_replaces_the_cached_one(
    server: Server, workspace: WorkspaceClient
) -> None:
    req = request_for(server, workspace)
    key = (req.workspace_id, "u-1")

    async def scenario() -> tuple:
        before = await req.loaders.user.load(key)
        await users.upsert_user(req, "u-1", {"timezone": "UTC"})
        after = await req.loaders.user.load(key)
        return before, after

    before, after = server.run(scenario())
    assert before is None
    assert (after.distinct_id, after.timezone) == ("u-1", "UTC")

"""The GraphQL layer's guards: limits, GET, body size, masking, health and readiness.

(Mutations over GET, media types and status codes: tests/test_graphql_http.py.)"""

from __future__ import annotations

import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import text

from models.settings import Settings
from tests.harness import Server, WorkspaceClient, start_server


def error_messages(response: httpx.Response) -> str:
    return " ".join(e["message"] for e in response.json()["errors"])


def test_depth_limit_is_configurable(server: Server) -> None:
    shallow = start_server(dataclasses.replace(Settings(), max_query_depth=3))
    try:
        ws = server.new_workspace()
        ws.url = shallow.url
        assert ws.gql("{ tenants { totalCount } }")["tenants"]["totalCount"] == 1
        deep = "{ tenants { edges { node { branding { tenantName } } } } }"
        assert "exceeds maximum operation depth" in error_messages(ws.post(deep))
    finally:
        shallow.stop()


def test_alias_limit(workspace: WorkspaceClient) -> None:
    query = "{ " + " ".join(f"a{i}: viewer {{ scope }}" for i in range(40)) + " }"
    assert "aliases" in error_messages(workspace.post(query)).lower()


def test_token_limit(workspace: WorkspaceClient) -> None:
    query = "{ viewer { " + "scope " * 6000 + "} }"
    assert "token" in error_messages(workspace.post(query)).lower()


def test_body_over_limit_is_413(workspace: WorkspaceClient) -> None:
    response = workspace.post("{ viewer { scope } }", {"padding": "x" * 1_100_000})
    assert response.status_code == 413


def test_query_over_get_works(workspace: WorkspaceClient) -> None:
    response = httpx.get(
        f"{workspace.url}/graphql",
        params={"query": "{ viewer { scope } }"},
        headers={"Authorization": f"Bearer {workspace.key}", "Accept": "application/json"},
    )
    assert response.json() == {"data": {"viewer": {"scope": "SERVER"}}}


def test_unexpected_error_is_masked_and_logged_with_request_id(
    server: Server, workspace: WorkspaceClient, caplog
) -> None:
    """A corrupt row makes a resolver crash: the client sees only a request id."""
    workspace.gql('mutation { upsertTenant(id: "broken", input: {name: "B"}) { errors { code } } }')

    async def corrupt() -> None:
        async with server.db.transaction() as session:
            await session.execute(
                text(
                    "UPDATE tenant SET blocked_channels = :v"
                    " WHERE workspace_id = :w AND id = 'broken'"
                ),
                {"v": '["CARRIER_PIGEON"]', "w": workspace.created.workspace.id},
            )

    server.run(corrupt())
    with caplog.at_level(logging.ERROR, logger="herald.graphql"):
        body = workspace.post('{ tenant(id: "broken") { id } }').json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    request_id = error["extensions"]["requestId"]
    assert request_id in error["message"]
    assert "CARRIER_PIGEON" not in str(body)
    assert any(request_id in r.getMessage() for r in caplog.records)


def test_health_and_readiness(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{server.url}/readyz").json() == {"status": "ready"}


def test_concurrent_requests_each_get_their_own_answer(workspace: WorkspaceClient) -> None:
    """Extensions are made per request: no request sees another's document or context."""
    names = [f"t-{i:02}" for i in range(40)]
    fields = " ".join(
        f'u{i}: upsertTenant(id: "{n}", input: {{name: "{n}"}}) {{ errors {{ code }} }}'
        for i, n in enumerate(names[:20])
    )
    workspace.gql(f"mutation {{ {fields} }}")
    fields = " ".join(
        f'u{i}: upsertTenant(id: "{n}", input: {{name: "{n}"}}) {{ errors {{ code }} }}'
        for i, n in enumerate(names[20:])
    )
    workspace.gql(f"mutation {{ {fields} }}")

    def ask(name: str) -> str:
        query = f'{{ tenant(id: "{name}") {{ name }} }}'
        return httpx.post(
            f"{workspace.url}/graphql",
            json={"query": query},
            headers={"Authorization": f"Bearer {workspace.key}"},
        ).json()["data"]["tenant"]["name"]

    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(ask, names * 3)) == names * 3

"""GraphQL over HTTP: graphql-http's audit, and the media types and status codes it implies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from graph.http import GRAPHQL_RESPONSE, JSON, negotiate
from tests.harness import WorkspaceClient

ROOT = Path(__file__).resolve().parent.parent
NEW = {"Accept": GRAPHQL_RESPONSE}


def require_tool(name: str, why: str) -> str:
    """The tool's path; skipped where it is absent, except in CI, which must run everything."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI: {why}")
        pytest.skip(f"{name} is not installed: {why}")
    return path


def test_graphql_http_audit(workspace: WorkspaceClient, capsys) -> None:
    node = require_tool("node", "the graphql-http audit runs on node")
    assert (ROOT / "node_modules" / "graphql-http").is_dir(), "run `npm ci` (make install does)"
    run = subprocess.run(
        [node, "tests/http_audit.mjs", f"{workspace.url}/graphql", workspace.key],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    counts = result["counts"]
    with capsys.disabled():
        print(
            f"\ngraphql-http audit: {counts['ok']} ok, {counts['warn']} warnings, "
            f"{counts['error']} errors, {counts['notice']} notices"
        )
    assert (counts["warn"], counts["error"]) == (0, 0), result["failures"]
    assert counts["ok"] > 50


def test_negotiation() -> None:
    assert negotiate(None) == JSON
    assert negotiate("*/*") == JSON
    assert negotiate("application/json") == JSON
    assert negotiate("application/json, multipart/mixed") == JSON  # GraphiQL's fetcher
    assert negotiate(GRAPHQL_RESPONSE) == GRAPHQL_RESPONSE
    assert negotiate(f"{GRAPHQL_RESPONSE}, application/json;q=0.9") == GRAPHQL_RESPONSE
    assert negotiate(f"application/json, {GRAPHQL_RESPONSE};q=0.5") == JSON
    assert negotiate(f"{GRAPHQL_RESPONSE};q=0.5, */*") == JSON
    assert negotiate(f"{GRAPHQL_RESPONSE};q=0") == JSON


def post(ws: WorkspaceClient, query: str, key: str | None = None) -> httpx.Response:
    return ws.post(query, key=key, headers=NEW)


def test_success_is_200_with_the_new_media_type(workspace: WorkspaceClient) -> None:
    response = post(workspace, "{ viewer { scope } }")
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json() == {"data": {"viewer": {"scope": "SERVER"}}}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ viewer { scope ", None),  # parse error
        ("{ nope }", None),  # validation error
        ("query($n: Int) { tenants(first: $n) { totalCount } }", {"n": "ten"}),  # coercion
    ],
    ids=["parse", "validation", "variables"],
)
def test_request_errors_are_400_without_data(
    workspace: WorkspaceClient, query: str, variables: dict | None
) -> None:
    response = workspace.post(query, variables, headers=NEW)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body and body["errors"]


def test_unauthenticated_is_401_without_data(workspace: WorkspaceClient) -> None:
    response = post(workspace, "{ viewer { scope } }", key="hk_wrong")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in response.json()


def test_field_errors_stay_200_with_data(workspace: WorkspaceClient) -> None:
    token = workspace.user_token("ada")
    response = post(workspace, '{ viewer { scope } tenant(id: "other") { id } }', key=token)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"viewer": {"scope": "USER"}, "tenant": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_application_json_clients_see_no_change(workspace: WorkspaceClient) -> None:
    response = workspace.post("{ viewer { scope ", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"] is None


def test_mutation_over_get_is_405_with_allow(workspace: WorkspaceClient) -> None:
    response = httpx.get(
        f"{workspace.url}/graphql",
        params={"query": 'mutation { deleteTenant(id: "default") { deleted } }'},
        headers={"Authorization": f"Bearer {workspace.key}", **NEW},
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert workspace.gql('{ tenant(id: "default") { id } }')["tenant"] == {"id": "default"}


def test_query_over_get_with_the_new_media_type(workspace: WorkspaceClient) -> None:
    response = httpx.get(
        f"{workspace.url}/graphql",
        params={"query": "{ viewer { scope } }"},
        headers={"Authorization": f"Bearer {workspace.key}", **NEW},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {"data": {"viewer": {"scope": "SERVER"}}}

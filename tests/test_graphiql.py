"""GraphiQL offline: a real Chromium opens /graphql with no way to reach any CDN, fills in the
Authorization header as a person would, runs a query and reads the result."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from graph.graphiql import PACKAGE_ASSETS, GraphiQLAssets
from models.settings import Settings
from tests.chromium import chromium_binary, chromium_page
from tests.harness import Server, WorkspaceClient, start_server

HTML = {"Accept": "text/html"}
QUERY_EDITOR = "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"
HEADERS_EDITOR = (
    "Array.from(document.querySelectorAll('.graphiql-editor-tool .CodeMirror'))"
    ".map(e => e.CodeMirror).find(cm => cm.getValue().includes('Authorization'))"
)
RESULT = "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"


def test_graphiql_runs_a_query_in_chromium(workspace: WorkspaceClient) -> None:
    if chromium_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with chromium_page() as page:
        page.open(f"{workspace.url}/graphql")
        page.wait_for(f"({HEADERS_EDITOR}) !== undefined")
        prefilled = json.loads(page.evaluate(f"({HEADERS_EDITOR}).getValue()"))
        assert prefilled == {"Authorization": "Bearer <server key>"}

        headers = json.dumps({"Authorization": f"Bearer {workspace.key}"})
        page.evaluate(f"({HEADERS_EDITOR}).setValue({json.dumps(headers)})")
        page.evaluate(f"{QUERY_EDITOR}.setValue('{{ viewer {{ scope }} }}')")
        page.evaluate("document.querySelector('.graphiql-execute-button').click()")
        result = page.wait_for(f"{RESULT}.includes('SERVER') && {RESULT}")

    assert json.loads(result) == {"data": {"viewer": {"scope": "SERVER"}}}
    origins = {urlsplit(url)[:2] for url in page.requested if not url.startswith("data:")}
    assert origins == {urlsplit(workspace.url)[:2]}, page.requested


def test_assets_are_served_from_the_app(server: Server) -> None:
    page = httpx.get(f"{server.url}/graphql", headers=HTML)
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in (*PACKAGE_ASSETS, "herald-graphiql.js"):
        assert f"/graphiql-assets/{name}" in page.text
        asset = httpx.get(f"{server.url}/graphiql-assets/{name}")
        assert asset.status_code == 200, name
        kind = "text/css" if name.endswith(".css") else "javascript"
        assert kind in asset.headers["content-type"]


def test_only_the_listed_assets_are_reachable(server: Server) -> None:
    for name in ("package.json", "..%2Fpackage.json", "graphql-http"):
        assert httpx.get(f"{server.url}/graphiql-assets/{name}").status_code == 404


def test_missing_assets_page_says_how_to_install(tmp_path: Path) -> None:
    response = GraphiQLAssets(tmp_path / "node_modules").page()
    assert response.status_code == 503
    body = response.body.decode()
    assert "npm ci" in body and "make install" in body and str(tmp_path) in body


def test_graphiql_can_be_turned_off(server: Server) -> None:
    off = start_server(dataclasses.replace(Settings(), graphiql=False))
    try:
        assert httpx.get(f"{off.url}/graphql", headers=HTML).status_code == 404
        assert httpx.get(f"{off.url}/graphiql-assets/graphiql.min.js").status_code == 404
    finally:
        off.stop()

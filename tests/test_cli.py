"""The command line as a newcomer uses it: `herald serve --demo` (make run) and workspaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import jwt

from graph.cli import main as cli_main
from tests.harness import Server, free_port

HERALD = [sys.executable, "-m", "graph.cli"]


def env_with(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "HERALD_DATA_DIR": str(data_dir)}


def read_line(process: subprocess.Popen, prefix: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    raise AssertionError(f"no '{prefix}' line printed")


def test_serve_demo_prints_a_working_server_key(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*HERALD, "serve", "--demo", "--port", str(port)],
        env=env_with(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        key = read_line(process, "server key: ", deadline)
        url = read_line(process, "GraphiQL: ", deadline)
        assert url == f"http://127.0.0.1:{port}/graphql"
        while time.monotonic() < deadline:
            try:
                response = httpx.post(
                    url,
                    json={"query": "{ viewer { scope workspace } }"},
                    headers={"Authorization": f"Bearer {key}"},
                )
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert response.json() == {"data": {"viewer": {"scope": "SERVER", "workspace": "demo"}}}
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_workspace_create_json_prints_secrets_once(tmp_path: Path) -> None:
    name = f"cli-{os.getpid()}-{time.monotonic_ns()}"
    run = subprocess.run(
        [*HERALD, "workspace", "create", name, "--json"],
        env=env_with(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    created = json.loads(run.stdout)
    assert created["workspace"] == name
    assert created["serverKey"].startswith("hk_")
    assert created["signingSecret"]
    again = subprocess.run(
        [*HERALD, "workspace", "create", name],
        env=env_with(tmp_path),
        capture_output=True,
        text=True,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_export_schema_writes_sdl(tmp_path: Path) -> None:
    target = tmp_path / "out.graphql"
    subprocess.run([*HERALD, "export-schema", str(target)], check=True, capture_output=True)
    assert "upsertTenant(id: ID!, input: TenantInput!): TenantPayload!" in target.read_text()


def herald_token(*args: str) -> subprocess.CompletedProcess:
    """`herald token` on the test server's own database (the environment conftest set up)."""
    return subprocess.run([*HERALD, "token", *args], capture_output=True, text=True)


def test_token_prints_a_user_token_the_server_accepts(server: Server) -> None:
    ws = server.new_workspace()
    ws.gql('mutation { upsertTenant(id: "acme", input: {name: "Acme"}) { errors { code } } }')
    run = herald_token("--workspace", ws.name, "--user", "ada", "--tenant", "acme", "--ttl", "120")
    assert run.returncode == 0, run.stderr
    token = run.stdout.strip()
    viewer = ws.post("{ viewer { scope tenantId distinctId } }", key=token).json()["data"]
    assert viewer == {"viewer": {"scope": "USER", "tenantId": "acme", "distinctId": "ada"}}
    claims = jwt.decode(token, ws.created.signing_secret, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 120
    assert jwt.get_unverified_header(token)["kid"] == ws.created.workspace.id


def test_token_defaults_to_the_default_tenant_for_an_hour(server: Server) -> None:
    ws = server.new_workspace()
    run = herald_token("--workspace", ws.name, "--user", "ada")
    claims = jwt.decode(run.stdout.strip(), ws.created.signing_secret, algorithms=["HS256"])
    assert (claims["sub"], claims["tenant"], claims["exp"] - claims["iat"]) == (
        "ada",
        "default",
        3600,
    )


def test_token_refuses_what_would_not_work(server: Server, capsys) -> None:
    """In-process (the command's own `main`), since only the messages are under test."""
    ws = server.new_workspace()
    cases = {
        "workspace 'nope' does not exist": ["--workspace", "nope", "--user", "ada"],
        "tenant 'ghost' does not exist": [
            "--workspace",
            ws.name,
            "--user",
            "ada",
            "--tenant",
            "ghost",
        ],
        "--ttl must be a positive": ["--workspace", ws.name, "--user", "ada", "--ttl", "0"],
        "--user must be": ["--workspace", ws.name, "--user", " "],
    }
    for message, args in cases.items():
        assert cli_main(["token", *args]) == 1, args
        out, err = capsys.readouterr()
        assert out == "" and message in err

"""The `herald` command: serve, migrate, workspaces, user tokens, schema export."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path

import uvicorn

from models.db import Database
from models.migrate import migrate
from models.settings import Settings, get_settings
from models.tenant import Tenant
from models.workspace import (
    NewWorkspace,
    add_server_key,
    create_workspace,
    signing_secret,
    workspace_by_name,
)
from resolvers import user_tokens
from resolvers import validation as v

DEMO_WORKSPACE = "demo"


async def _migrate(settings: Settings) -> None:
    db = Database(settings)
    try:
        await migrate(db.engine, settings)
    finally:
        await db.dispose()


async def _create_workspace(settings: Settings, name: str) -> NewWorkspace | None:
    db = Database(settings)
    try:
        async with db.transaction() as session:
            if await workspace_by_name(session, name) is not None:
                return None
            return await create_workspace(session, name)
    finally:
        await db.dispose()


async def _demo_key(settings: Settings) -> str:
    """The demo workspace's key, kept (mode 0600) in the data directory for local use only."""
    path = settings.data_dir / "demo-server-key"
    if path.exists():
        return path.read_text().strip()
    created = await _create_workspace(settings, DEMO_WORKSPACE)
    if created is not None:
        key = created.server_key
    else:
        db = Database(settings)
        try:
            async with db.transaction() as session:
                workspace = await workspace_by_name(session, DEMO_WORKSPACE)
                assert workspace is not None
                key = await add_server_key(session, workspace.id)
        finally:
            await db.dispose()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(_migrate(settings))
    if args.demo:
        key = asyncio.run(_demo_key(settings))
        print(f"server key: {key}", flush=True)
    print(f"GraphiQL: http://{args.host}:{args.port}/graphql", flush=True)
    from graph.app import create_app

    uvicorn.run(
        create_app(settings, worker=not args.no_worker),
        host=args.host,
        port=args.port,
        log_level="warning",
        lifespan="on",
    )
    return 0


async def _work(settings: Settings, concurrency: int, workspaces: list[str]) -> None:
    from delivery.http import close_client
    from delivery.worker import Worker

    await _migrate(settings)
    db = Database(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        ids = await _workspace_ids(db, workspaces) if workspaces else None
        await Worker(db, settings, concurrency=concurrency, workspace_ids=ids).run(stop)
    finally:
        await close_client()
        await db.dispose()


async def _workspace_ids(db: Database, names: list[str]) -> tuple[str, ...]:
    async with db.session() as session:
        found = [await workspace_by_name(session, name) for name in names]
    missing = [name for name, ws in zip(names, found, strict=True) if ws is None]
    if missing:
        raise SystemExit(f"no such workspace: {', '.join(missing)}")
    return tuple(ws.id for ws in found if ws is not None)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    print(f"worker: delivering with concurrency {args.concurrency}", flush=True)
    asyncio.run(_work(settings, args.concurrency, args.workspace))
    return 0


def cmd_migrate(_: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(_migrate(settings))
    print("database is up to date")
    return 0


def cmd_workspace_create(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(_migrate(settings))
    created = asyncio.run(_create_workspace(settings, args.name))
    if created is None:
        print(f"workspace '{args.name}' already exists", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {
                    "workspace": args.name,
                    "serverKey": created.server_key,
                    "signingSecret": created.signing_secret,
                }
            )
        )
    else:
        print(f"workspace: {args.name}")
        print(f"server key: {created.server_key}")
        print(f"signing secret: {created.signing_secret}")
        print("Store both now: they are not shown again.")
    return 0


async def _user_token(settings: Settings, args: argparse.Namespace) -> str:
    """A token for an existing workspace and live tenant; raises ValueError saying what's wrong."""
    db = Database(settings)
    try:
        async with db.session() as session:
            workspace = await workspace_by_name(session, args.workspace)
            if workspace is None:
                raise ValueError(f"workspace '{args.workspace}' does not exist")
            tenant = await session.get(Tenant, (workspace.id, args.tenant))
            if tenant is None or not tenant.is_live:
                raise ValueError(f"tenant '{args.tenant}' does not exist in '{args.workspace}'")
    finally:
        await db.dispose()
    secret = signing_secret(workspace)
    return user_tokens.mint(workspace.id, secret, args.user, args.tenant, args.ttl)


def _token_problem(args: argparse.Namespace) -> str | None:
    problem = v.check_distinct_id(args.user)
    if problem is not None:
        return f"--user {problem}"
    return "--ttl must be a positive number of seconds" if args.ttl <= 0 else None


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    problem = _token_problem(args)
    if problem is None:
        asyncio.run(_migrate(settings))
        try:
            print(asyncio.run(_user_token(settings, args)))
            return 0
        except (ValueError, RuntimeError) as exc:  # RuntimeError: wrong HERALD_SECRET_KEY
            problem = str(exc)
    print(f"herald token: {problem}", file=sys.stderr)
    return 1


def cmd_export_schema(args: argparse.Namespace, _: Settings) -> int:
    from graph.schema import export_sdl

    export_sdl(Path(args.path))
    print(f"wrote {args.path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="herald", description="Herald notification service")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    serve.add_argument("--no-worker", action="store_true", help="API only, no delivery worker")
    serve.add_argument("--demo", action="store_true", help="create a demo workspace, print a key")
    serve.set_defaults(run=cmd_serve)

    worker = sub.add_parser("worker", help="run a delivery worker only")
    worker.add_argument("--concurrency", type=int, default=32, help="sends in flight at once")
    worker.add_argument(
        "--workspace", action="append", default=[], help="only this workspace (repeatable)"
    )
    worker.set_defaults(run=cmd_worker)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)

    workspace = sub.add_parser("workspace", help="manage workspaces")
    ws_sub = workspace.add_subparsers(dest="action", required=True)
    create = ws_sub.add_parser("create", help="create a workspace and its default tenant")
    create.add_argument("name")
    create.add_argument("--json", action="store_true", help="print one JSON object")
    create.set_defaults(run=cmd_workspace_create)

    token = sub.add_parser("token", help="print a user token (JWT) for trying the frontend scope")
    token.add_argument("--workspace", required=True, help="the workspace's name")
    token.add_argument("--user", required=True, help="the user's distinct id (claim `sub`)")
    token.add_argument(
        "--tenant", default="default", help="the tenant it acts in (default: default)"
    )
    token.add_argument(
        "--ttl", type=int, default=user_tokens.DEFAULT_TTL_SECONDS, help="lifetime in seconds"
    )
    token.set_defaults(run=cmd_token)

    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("path", nargs="?", default="schema.graphql")
    export.set_defaults(run=cmd_export_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs full URLs at INFO, and a recipient's Slack or Teams webhook URL is a credential.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    return args.run(args, get_settings())


if __name__ == "__main__":
    sys.exit(main())

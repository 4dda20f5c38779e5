"""A Herald app served by uvicorn on a free loopback port, and a GraphQL client for a workspace."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import uuid
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import uvicorn
from sqlalchemy import event

from delivery.worker import Worker
from graph.app import create_app
from models.db import Database
from models.migrate import migrate
from models.settings import Settings
from models.workspace import NewWorkspace, create_workspace
from resolvers import user_tokens

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class StatementCounter:
    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("BEGIN"):
            return  # transaction control, not a query
        self.count += 1
        self.statements.append(statement)


@dataclass
class Server:
    url: str
    db: Database
    loop: asyncio.AbstractEventLoop
    uvicorn: uvicorn.Server
    thread: threading.Thread
    settings: Settings

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Runs a coroutine on the server's own loop (where its engine lives)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def new_workspace(self, name: str | None = None) -> WorkspaceClient:
        created: NewWorkspace = self.run(self._create(name or f"ws-{uuid.uuid4().hex[:10]}"))
        return WorkspaceClient(self.url, created.server_key, created)

    async def _create(self, name: str) -> NewWorkspace:
        async with self.db.transaction() as session:
            return await create_workspace(session, name)

    @contextlib.contextmanager
    def count_statements(self) -> Iterator[StatementCounter]:
        counter = StatementCounter()
        event.listen(self.db.engine.sync_engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(self.db.engine.sync_engine, "before_cursor_execute", counter)

    @contextlib.contextmanager
    def delivering(self, ws: WorkspaceClient, **options: Any) -> Iterator[Worker]:
        """A delivery worker for one workspace, in the server's loop, as `herald serve` runs it.

        Scoped to the workspace so tests sharing the database never deliver each other's mail.
        """
        worker = Worker(self.db, self.settings, workspace_ids=(ws.workspace_id,), **options)
        stop = asyncio.Event()
        task = asyncio.run_coroutine_threadsafe(worker.run(stop), self.loop)
        try:
            yield worker
        finally:
            self.loop.call_soon_threadsafe(stop.set)
            task.result(timeout=30)

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        self.thread.join(timeout=10)


def start_server(settings: Settings | None = None) -> Server:
    settings = settings or Settings()
    port = free_port()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    async def main() -> None:
        db = Database(settings)
        await migrate(db.engine, settings)
        config = uvicorn.Config(
            create_app(settings, db, worker=False),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
        holder["db"], holder["server"] = db, uvicorn.Server(config)
        serving = asyncio.create_task(holder["server"].serve())
        while not holder["server"].started:
            await asyncio.sleep(0.01)
        ready.set()
        await serving
        await db.dispose()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(timeout=30):
        raise RuntimeError("test server did not start")
    return Server(
        f"http://127.0.0.1:{port}", holder["db"], loop, holder["server"], thread, settings
    )


@dataclass
class WorkspaceClient:
    """Talks GraphQL over HTTP with one workspace's server key."""

    url: str
    key: str
    created: NewWorkspace
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    @property
    def name(self) -> str:
        return self.created.workspace.name

    @property
    def workspace_id(self) -> str:
        return self.created.workspace.id

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {key or self.key}", **(headers or {})}
        return self.http.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            **kwargs,
        )

    def user_token(self, distinct_id: str, tenant_id: str = "default", ttl: int = 3600) -> str:
        """A user token of this workspace, as `herald token` or a product's backend mints it."""
        return user_tokens.mint(
            self.created.workspace.id, self.created.signing_secret, distinct_id, tenant_id, ttl
        )

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a successful response; fails the test on any GraphQL error."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

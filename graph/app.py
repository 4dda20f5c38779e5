"""The ASGI app: /graphql (HTTP, websockets, GraphiQL), GraphiQL's assets, /healthz, /readyz."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from delivery.http import close_client
from delivery.worker import Worker
from graph.limits import BodySizeLimit
from graph.view import HeraldGraphQL
from models.db import Database
from models.settings import Settings, get_settings

log = logging.getLogger("herald.app")


def create_app(settings: Settings, db: Database | None = None, worker: bool = True) -> Starlette:
    """The app over an existing database (tests) or one it owns (serve).

    With `worker`, a delivery worker runs in the same event loop for the app's lifetime.
    """
    database = db or Database(settings)
    graphql = HeraldGraphQL(database, settings)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        try:
            await database.ping()
        except Exception:
            log.exception("readiness check failed")
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with run_worker(Worker(database, settings) if worker else None):
            yield
        await close_client()
        if db is None:
            await database.dispose()

    middleware = [Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type"],
            )
        )
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    if settings.graphiql:
        routes.append(graphql.graphiql.route())
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
    )


@contextlib.asynccontextmanager
async def run_worker(worker: Worker | None) -> AsyncIterator[None]:
    """Runs `worker` alongside the app; on shutdown it finishes its batch, then stops."""
    if worker is None:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


def app_from_env() -> Starlette:
    """For `uvicorn --factory graph.app:app_from_env` (benchmarks, custom deployments)."""
    return create_app(get_settings(), worker=os.environ.get("HERALD_WORKER", "1") != "0")

"""Bare Starlette endpoints doing the same database work as Herald's paths, with no GraphQL."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from models.db import Database
from models.execution import Message
from models.ids import new_id
from models.settings import get_settings
from models.tenant import tenants_by_keys


def app() -> Starlette:
    db = Database(get_settings())

    async def tenant(request: Request) -> JSONResponse:
        """One keyed read, as `tenant(id)` does."""
        body = await request.json()
        async with db.session() as session:
            (row,) = await tenants_by_keys(session, [(body["workspace"], body["id"])])
        if row is None:
            return JSONResponse({"tenant": None})
        return JSONResponse({"tenant": {"id": row.id, "name": row.name, "logo": row.logo}})

    async def insert(request: Request) -> JSONResponse:
        """One durable insert, as the least a trigger must do."""
        body = await request.json()
        row = Message(
            workspace_id=body["workspace"],
            id=new_id("msg"),
            execution_id="bench",
            tenant_id="default",
            distinct_id=body["key"],
            workflow_slug="bench",
            channel="INBOX",
            status="CANCELLED",
        )
        async with db.transaction() as session:
            session.add(row)
        return JSONResponse({"id": row.id})

    return Starlette(
        routes=[
            Route("/tenant", tenant, methods=["POST"]),
            Route("/insert", insert, methods=["POST"]),
        ]
    )

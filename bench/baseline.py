"""Bare Starlette endpoints doing the same database work as Herald's paths, with no GraphQL."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from models.db import Database
from models.settings import get_settings
from models.tenant import tenants_by_keys


def app() -> Starlette:
    db = Database(get_settings())

    async def tenant(request: Request) -> JSONResponse:
        body = await request.json()
        async with db.session() as session:
            (row,) = await tenants_by_keys(session, [(body["workspace"], body["id"])])
        if row is None:
            return JSONResponse({"tenant": None})
        return JSONResponse({"tenant": {"id": row.id, "name": row.name, "logo": row.logo}})

    return Starlette(routes=[Route("/tenant", tenant, methods=["POST"])])

"""A loopback webhook receiver that counts what it gets (`GET /count`)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def app() -> Starlette:
    seen = {"count": 0}

    async def hook(request: Request) -> Response:
        await request.body()
        seen["count"] += 1
        return Response(status_code=204)

    async def count(_: Request) -> JSONResponse:
        return JSONResponse(seen)

    return Starlette(
        routes=[Route("/hook", hook, methods=["POST"]), Route("/count", count, methods=["GET"])]
    )

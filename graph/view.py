"""The /graphql endpoint: strawberry's ASGI view with Herald's context, GraphQL-over-HTTP
media types and status codes, 405 for mutations over GET, and the offline GraphiQL page.

Strawberry has no setting for the `application/graphql-response+json` rules or for a 405, so
these are small overrides of its documented hooks; graph/http.py holds the rules themselves.
"""

from __future__ import annotations

from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from graph.context import Context
from graph.core.errors import unauthenticated
from graph.graphiql import GraphiQLAssets
from graph.http import GRAPHQL_RESPONSE, is_request_error, negotiate, request_error_status
from graph.schema import build_schema
from models.db import Database
from models.settings import Settings
from resolvers.auth import authenticate, bearer_token, connection_token


class MethodNotAllowed(HTTPException):
    """A mutation over GET: the spec's 405, with the method that would work."""

    def __init__(self, reason: str) -> None:
        super().__init__(405, reason)
        self.headers = {"Allow": "POST"}


class HeraldGraphQL(GraphQL):
    def __init__(self, db: Database, settings: Settings) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql else None,
        )
        self.db = db
        self.graphiql = GraphiQLAssets(settings.graphiql_assets)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, except that HTTP errors may carry headers (405's Allow)."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            headers = getattr(exc, "headers", None)
            response = PlainTextResponse(exc.reason, status_code=exc.status_code, headers=headers)
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        token = bearer_token(request.headers.get("authorization"))
        return Context(db=self.db, viewer=await authenticate(self.db, token), request=request)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A websocket's credential, once, at connection_init (both websocket protocols).

        A credential in the payload replaces the handshake header's (browsers can only send it
        there); a bad one closes the socket (4403) before any operation. With none in the
        payload, the header's viewer stands, and with no credential at all each operation
        answers UNAUTHENTICATED, as over HTTP.
        """
        sent, token = connection_token(context.connection_params)
        if sent:
            context.viewer = await authenticate(self.db, token)
            if context.viewer is None:
                raise ConnectionRejectionError(unauthenticated().formatted)
        return UNSET

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Remembers the negotiated media type for `create_response`."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = negotiate(request.headers.get("accept"))
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        """With graphql-response+json, a request error carries no `data` entry at all."""
        body = await super().process_result(request, result)
        accept = request.headers.get("accept")
        if is_request_error(result.data, result.errors) and negotiate(accept) == GRAPHQL_RESPONSE:
            body.pop("data", None)
        return body

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type != GRAPHQL_RESPONSE:
            return response
        response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        if isinstance(response_data, dict) and "data" not in response_data:
            response.status_code = request_error_status(response_data)
            if response.status_code == 401:
                response.headers["www-authenticate"] = "Bearer"
        return response

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request=request,
                request_adapter=request_adapter,
                sub_response=sub_response,
                context=context,
                root_value=root_value,
                request_data=request_data,
            )
        except HTTPException as exc:
            refused = exc.__cause__
            if (
                request_adapter.method == "GET"
                and isinstance(refused, InvalidOperationTypeError)
                and refused.operation_type is OperationType.MUTATION
            ):
                raise MethodNotAllowed("Mutations are not allowed over GET: use POST.") from exc
            raise

    async def render_graphql_ide(self, request: Request) -> Response:
        return self.graphiql.page()

"""The schema: every domain's queries and mutations, with limits and caches on by default."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graph.auth import RequireViewer
from graph.core.scalars import DateTime
from graph.executions.mutations import ExecutionMutations
from graph.executions.queries import ExecutionQueries
from graph.executions.subscriptions import ExecutionSubscriptions
from graph.inbox.mutations import InboxMutations
from graph.inbox.subscriptions import InboxSubscriptions
from graph.preferences.mutations import PreferenceMutations
from graph.preferences.queries import PreferenceQueries
from graph.tenants.mutations import TenantMutations
from graph.tenants.queries import TenantQueries
from graph.users.mutations import UserMutations
from graph.users.queries import UserQueries
from graph.vendors.mutations import VendorMutations
from graph.viewer.types import ViewerQueries
from graph.workflows.mutations import WorkflowMutations
from graph.workflows.queries import WorkflowQueries
from models.settings import Settings

log = logging.getLogger("herald.graphql")

Query = merge_types(
    "Query",
    (
        ViewerQueries,
        TenantQueries,
        PreferenceQueries,
        UserQueries,
        WorkflowQueries,
        ExecutionQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        TenantMutations,
        VendorMutations,
        PreferenceMutations,
        UserMutations,
        WorkflowMutations,
        ExecutionMutations,
        InboxMutations,
    ),
)
Subscription = merge_types("Subscription", (ExecutionSubscriptions, InboxSubscriptions))


def is_unexpected(error: GraphQLError) -> bool:
    """A resolver crashed: anything raised during execution that is not a PublicError."""
    original = error.original_error
    return (
        original is not None and error.path is not None and not isinstance(original, GraphQLError)
    )


class HeraldSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Logs crashes with the request id (the client sees only the id); skips user errors."""
        request_id = getattr(getattr(execution_context, "context", None), "request_id", "-")
        for error in errors:
            if is_unexpected(error):
                log.error(
                    "request %s: unexpected error at %s",
                    request_id,
                    error.path,
                    exc_info=error.original_error,
                )


class MaskUnexpected(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", "-")
        return GraphQLError(
            f"Unexpected error (request id {request_id}).",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


Extension = Callable[[], SchemaExtension]


def extensions(settings: Settings) -> list[Extension]:
    """Factories, so each request gets its own extension objects (a shared instance would see
    concurrent requests' execution contexts). The validation rules are built once: the
    validation cache keys on them, and a new rule class per request would never hit it."""
    rules = [
        depth_rule(settings.max_query_depth, None, None),
        alias_rule(settings.max_aliases),
    ]
    chosen: list[Extension] = [
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        lambda: AddValidationRules(rules),
        RequireViewer,
        MaskUnexpected,
    ]
    if not settings.introspection:
        chosen.append(DisableIntrospection)
    return chosen


def build_schema(settings: Settings) -> HeraldSchema:
    return HeraldSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions(settings),
        config=StrawberryConfig(scalar_map={datetime: DateTime}),
    )


def export_sdl(path: Path) -> None:
    path.write_text(build_schema(Settings()).as_str() + "\n")

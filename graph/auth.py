"""Authentication at the door: no valid credential, no execution."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension

from graph.core.errors import unauthenticated


class RequireViewer(SchemaExtension):
    """Answers UNAUTHENTICATED with no data before any resolver runs."""

    def on_execute(self) -> Iterator[None]:
        if getattr(self.execution_context.context, "viewer", None) is None:
            self.execution_context.result = ExecutionResult(data=None, errors=[unauthenticated()])
        yield

"""Errors: UserError as data for mutations, coded GraphQL errors for auth and bad requests."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry
from graphql import GraphQLError

from graph.core.enums import ErrorCode
from resolvers.errors import UserError as DomainError
from resolvers.errors import UserErrors

T = TypeVar("T")


@strawberry.type(description="A problem with the input or the domain, returned as data.")
class UserError:
    code: ErrorCode = strawberry.field(description="What kind of problem it is.")
    field: list[str] | None = strawberry.field(
        description="Path of the offending argument or input field, e.g. [input, primaryColor]."
    )
    message: str = strawberry.field(description="A human-readable explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        return cls(code=error.code, field=error.field, message=error.message)


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Runs a resolver; domain errors become payload errors, anything else propagates."""
    try:
        return await call, []
    except UserErrors as exc:
        return None, [UserError.from_domain(e) for e in exc.errors]


class PublicError(GraphQLError):
    """A GraphQL error meant for the client, with `extensions.code`; never masked."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})


def unauthenticated() -> PublicError:
    return PublicError(
        "Missing or invalid credentials: send 'Authorization: Bearer <server key or user token>'.",
        "UNAUTHENTICATED",
    )


def forbidden(what: str) -> PublicError:
    return PublicError(f"Not allowed for this credential: {what}.", "FORBIDDEN")


def bad_argument(argument: str, message: str) -> PublicError:
    return PublicError(f"{argument}: {message}", "INVALID")


def argument_error(exc: UserErrors) -> PublicError:
    """A domain error about a query's argument (queries have no payload): its code and field."""
    first = exc.errors[0]
    argument = ".".join(first.field or ["argument"])
    return PublicError(f"{argument}: {first.message}", first.code.value)

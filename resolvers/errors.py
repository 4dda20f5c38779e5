"""Domain errors that a mutation returns as data (`UserError`), never as exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    TEMPLATE_ERROR = "TEMPLATE_ERROR"


@dataclass(frozen=True)
class UserError:
    code: Code
    field: list[str] | None
    message: str


class UserErrors(Exception):
    """Raised inside a unit of work: it rolls the transaction back and becomes payload errors."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def invalid(field: list[str], message: str) -> UserErrors:
    return UserErrors([UserError(Code.INVALID, field, message)])


def not_found(field: list[str], message: str) -> UserErrors:
    return UserErrors([UserError(Code.NOT_FOUND, field, message)])

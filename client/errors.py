"""What the client raises.

Every failure to get an answer from Herald is a `HeraldError`, so callers need one `except`.
Local shape problems (a malformed `WorkflowTriggerRequest`, an unknown field) are `ValueError`
instead: they are bugs in the calling code, found before anything is sent.

Messages never contain the server key: the key travels only in the `Authorization` header,
and every message built from server or httpx text passes through `Redactor`.
"""

from __future__ import annotations

from typing import Any


class HeraldError(Exception):
    """Herald could not be reached, refused the credential, or rejected the request.

    Subclasses say which; `except HeraldError` catches them all.
    """


class HeraldTransportError(HeraldError):
    """No usable answer: connection error, timeout, HTTP 5xx after retries, or not JSON.

    `status_code` is the HTTP status when there was a response, else None. Whether the
    request took effect is unknown; with an idempotency key it is safe to send it again.
    """

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class HeraldAuthError(HeraldError):
    """The key is missing, wrong or not allowed to do this (UNAUTHENTICATED, FORBIDDEN)."""


class HeraldGraphQLError(HeraldError):
    """The document was rejected as a whole (syntax, validation, limits, a masked crash).

    `errors` holds the GraphQL error objects as the server sent them.
    """

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.errors = errors


class HeraldUserError(HeraldError):
    """A management call (tenants, users, vendors, preferences) reported input errors.

    `errors` holds the `UserError`s from the payload; nothing was written. Triggers and
    events return their errors as data instead (see `TriggerResult`), because a bulk call
    must report each item's errors without hiding the others' results.
    """

    def __init__(self, message: str, errors: list[Any]) -> None:
        super().__init__(message)
        self.errors = errors


class Redactor:
    """Replaces a secret wherever it might surface in a message built from foreign text."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def __call__(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]") if self._secret else text

    def __repr__(self) -> str:
        return "Redactor([redacted])"

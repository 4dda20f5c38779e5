"""GraphQL over HTTP: which media type to answer with, and the status code it implies.

`application/graphql-response+json` (the GraphQL-over-HTTP spec's own type) is chosen only when
the client lists it and prefers it at least as much as `application/json`; everything else,
`*/*` and a missing Accept included, gets `application/json` with status 200 as before, so
existing clients see no change. With the new type, a request error (nothing was executed:
parse, validation or variable errors, or no credential) has no `data` entry and a 4xx status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

# Request errors by `extensions.code`; anything without one of these is a bad request.
STATUS_BY_CODE = {"UNAUTHENTICATED": 401, "INTERNAL_SERVER_ERROR": 500}


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header."""
    qualities = _qualities(accept or "")
    preferred = qualities.get(GRAPHQL_RESPONSE, 0.0)
    wildcard = max(qualities.get("*/*", 0.0), qualities.get("application/*", 0.0))
    legacy = qualities.get(JSON, wildcard)
    return GRAPHQL_RESPONSE if preferred > 0 and preferred >= legacy else JSON


def _qualities(accept: str) -> dict[str, float]:
    """Media type -> q, for each type the header lists."""
    qualities: dict[str, float] = {}
    for media_range in accept.split(","):
        media_type, *params = (part.strip() for part in media_range.split(";"))
        qualities[media_type.lower()] = _quality(params)
    return qualities


def _quality(params: Sequence[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def is_request_error(data: Any, errors: Sequence[GraphQLError] | None) -> bool:
    """Nothing was executed: no data, and no error belongs to a field (field errors have a
    path, and may null out `data` after execution started: those stay 200 with `data`)."""
    return data is None and bool(errors) and all(e.path is None for e in errors)


def request_error_status(body: Mapping[str, Any]) -> int:
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    return next((STATUS_BY_CODE[c] for c in codes if c in STATUS_BY_CODE), 400)

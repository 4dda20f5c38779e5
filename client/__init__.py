"""Herald's Python client: SuprSend's call shapes over Herald's GraphQL API.

    from client import Herald, WorkflowTriggerRequest, Event

    herald = Herald("http://127.0.0.1:8000", "hk_...")
    result = herald.workflows.trigger(
        WorkflowTriggerRequest(
            body={"workflow": "invoice-ready", "recipients": ["u1"], "data": {"amount": 42}},
            tenant_id="globex",
            idempotency_key="inv-42",
        )
    )
    result.ok, result.execution_id, result.replayed

A standalone SDK: it depends only on httpx and talks HTTP, never importing the server.
`AsyncHerald` has the same methods for asyncio. Failures to get an answer raise
`HeraldError` (subclasses: `HeraldTransportError`, `HeraldAuthError`, `HeraldGraphQLError`,
`HeraldUserError`); malformed requests raise `ValueError` before anything is sent.
"""

from client.aio import AsyncHerald
from client.errors import (
    HeraldAuthError,
    HeraldError,
    HeraldGraphQLError,
    HeraldTransportError,
    HeraldUserError,
)
from client.requests import Event, WorkflowTriggerRequest
from client.results import (
    CategoryPreference,
    Preferences,
    Tenant,
    TrackResult,
    TriggerResult,
    User,
    UserError,
    Vendor,
)
from client.sync import Herald

__all__ = [
    "AsyncHerald",
    "CategoryPreference",
    "Event",
    "Herald",
    "HeraldAuthError",
    "HeraldError",
    "HeraldGraphQLError",
    "HeraldTransportError",
    "HeraldUserError",
    "Preferences",
    "Tenant",
    "TrackResult",
    "TriggerResult",
    "User",
    "UserError",
    "Vendor",
    "WorkflowTriggerRequest",
]

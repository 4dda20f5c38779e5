"""In-app inbox: nothing leaves the process.

The inbox row is written by the delivery worker (models layer), not here; this
sender only completes the uniform interface and reports the message as sent,
with Herald's own message id as the provider id.
"""

from __future__ import annotations

import httpx

from delivery.providers import ValidatedVendor
from delivery.senders.base import OutboundMessage


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    return message.message_id

"""MS Teams: an Adaptive Card POSTed to the recipient's incoming webhook.

The `message` + `attachments` envelope is what both the retired Office 365
connectors and the Power Automate "Workflows" webhooks accept. Connectors
answer HTTP 200 with an error text when Teams throttles them, so that text
is checked too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from delivery.errors import TransientError, safe_url
from delivery.http import post
from delivery.providers import ValidatedVendor
from delivery.senders.base import OutboundMessage, http_url, one_line

THROTTLED = "HTTP error 429"


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    url = http_url(webhook_url(message.address), "MS Teams webhook")
    response = await post(client, "msteams", url, json=card(message))
    if THROTTLED in response.text:
        raise TransientError(f"msteams: throttled by {safe_url(url)}", status=429)
    return message.message_id


def webhook_url(address: object) -> object:
    if isinstance(address, Mapping):
        return address.get("webhook_url")
    return address


def card(message: OutboundMessage) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    title = one_line(message.subject)
    if title:
        blocks.append(
            {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True}
        )
    blocks.append({"type": "TextBlock", "text": message.body, "wrap": True})
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": blocks,
                    "msteams": {"width": "Full"},
                },
            }
        ],
    }

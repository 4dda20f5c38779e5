"""Generic webhooks, signed per the Standard Webhooks spec.

`webhook-id` is always the Herald message id, so a receiver can drop the
repeats an at-least-once worker may send. The signature covers the exact
bytes sent, so the JSON is serialised once and posted as content.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
from standardwebhooks import Webhook

from delivery.errors import PermanentError
from delivery.http import post
from delivery.providers import ValidatedVendor
from delivery.senders.base import OutboundMessage, http_url


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    url = http_url(target(message, vendor), "webhook")
    content = json.dumps(payload(message), separators=(",", ":"), ensure_ascii=False, default=str)
    secret = vendor.secrets.get("signing_secret") if vendor else None
    headers = signed_headers(message.message_id, content, secret)
    await post(client, "webhook", url, content=content.encode(), headers=headers)
    return message.message_id


def target(message: OutboundMessage, vendor: ValidatedVendor | None) -> object:
    """The recipient's own webhook URL wins over the vendor's."""
    if isinstance(message.address, str) and message.address.strip():
        return message.address.strip()
    if vendor is None:
        raise PermanentError("no vendor for WEBHOOK")
    return vendor.config.get("url")


def payload(message: OutboundMessage) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "workflow": message.workflow,
        "tenant_id": message.tenant_id,
        "distinct_id": message.distinct_id,
        "channel": message.channel,
        "subject": message.subject,
        "body": message.body,
        "data": dict(message.data),
    }


def signed_headers(message_id: str, content: str, secret: str | None) -> dict[str, str]:
    now = datetime.now(UTC)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
    }
    if secret:
        headers["webhook-signature"] = Webhook(secret).sign(message_id, now, content)
    return headers

"""Email over SendGrid's v3 Mail Send API.

The Herald message id travels as `custom_args.herald_message_id` (it comes
back on SendGrid's event webhooks) and as the `Idempotency-Key` header.
"""

from __future__ import annotations

from typing import Any

import httpx

from delivery.http import post
from delivery.providers import ValidatedVendor
from delivery.senders.base import (
    OutboundMessage,
    email_address,
    email_text,
    one_line,
    require_vendor,
)


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    vendor = require_vendor(vendor, message)
    url = f"{vendor.config['api_base_url']}/v3/mail/send"
    headers = {
        "Authorization": f"Bearer {vendor.secrets['api_key']}",
        "Idempotency-Key": message.message_id,
    }
    payload = body(message, vendor.config, email_address(message))
    response = await post(client, "sendgrid", url, json=payload, headers=headers)
    return response.headers.get("x-message-id") or message.message_id


def body(message: OutboundMessage, cfg: dict[str, Any], to: str) -> dict[str, Any]:
    """The v3 JSON shape; text/plain must come before text/html."""
    sender = {"email": cfg["from_email"]}
    if cfg.get("from_name"):
        sender["name"] = cfg["from_name"]
    payload: dict[str, Any] = {
        "personalizations": [{"to": [{"email": to}]}],
        "from": sender,
        "content": [
            {"type": "text/plain", "value": email_text(message.body) or " "},
            {"type": "text/html", "value": message.body},
        ],
        "custom_args": {"herald_message_id": message.message_id},
        "headers": {"X-Herald-Message-Id": message.message_id},
    }
    subject = one_line(message.subject)
    if subject:
        payload["subject"] = subject
    return payload

"""Slack: the recipient's incoming webhook, else the vendor's bot token.

chat.postMessage answers HTTP 200 even on failure, with `{"ok": false,
"error": code}`; the code decides transient vs permanent. Slack has no
idempotency header, so the message id rides in the message `metadata`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from delivery import classify
from delivery.errors import PermanentError
from delivery.http import post
from delivery.providers import ValidatedVendor
from delivery.senders.base import OutboundMessage, http_url, slack_address


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    address = slack_address(message)
    if address.get("webhook_url"):
        return await via_webhook(message, address, client)
    if vendor is None:
        raise PermanentError("no vendor for SLACK and no incoming-webhook URL")
    return await via_bot(message, address, vendor, client)


async def via_webhook(
    message: OutboundMessage, address: Mapping[str, Any], client: httpx.AsyncClient
) -> str:
    url = http_url(address["webhook_url"], "Slack webhook")
    await post(client, "slack", url, json={"text": text(message)})
    return message.message_id


async def via_bot(
    message: OutboundMessage,
    address: Mapping[str, Any],
    vendor: ValidatedVendor,
    client: httpx.AsyncClient,
) -> str:
    target = address.get("user_id") or address.get("channel_id")
    if not target:
        raise PermanentError("missing Slack user_id or channel_id")
    payload = {
        "channel": target,
        "text": text(message),
        "metadata": {
            "event_type": "herald_message",
            "event_payload": {"message_id": message.message_id},
        },
    }
    url = f"{vendor.config['api_base_url']}/chat.postMessage"
    headers = {"Authorization": f"Bearer {vendor.secrets['bot_token']}"}
    response = await post(client, "slack", url, json=payload, headers=headers)
    return provider_id(response) or message.message_id


def provider_id(response: httpx.Response) -> str | None:
    """The posted message's `ts`, or the classified Slack error."""
    try:
        answer = response.json()
    except ValueError:
        raise PermanentError("slack: response was not JSON", status=response.status_code) from None
    if not isinstance(answer, dict):
        raise PermanentError("slack: unexpected response", status=response.status_code)
    if not answer.get("ok"):
        raise classify.from_slack(str(answer.get("error") or "unknown_error"))
    ts = answer.get("ts")
    return ts if isinstance(ts, str) else None


def text(message: OutboundMessage) -> str:
    """mrkdwn: the subject, when the step has one, as a bold first line."""
    if message.subject and message.subject.strip():
        return f"*{message.subject.strip()}*\n{message.body}"
    return message.body

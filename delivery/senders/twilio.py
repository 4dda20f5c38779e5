"""SMS (and WhatsApp) over Twilio's Messages API.

The message id goes in `I-Twilio-Idempotency-Token`, which Twilio uses to
drop a repeated request; WhatsApp uses the same API with `whatsapp:` numbers.
"""

from __future__ import annotations

import httpx

from delivery.errors import PermanentError
from delivery.http import post
from delivery.providers import ValidatedVendor, is_e164
from delivery.senders.base import OutboundMessage, address_str, require_vendor


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    vendor = require_vendor(vendor, message)
    cfg = vendor.config
    sid = cfg["account_sid"]
    url = f"{cfg['api_base_url']}/2010-04-01/Accounts/{sid}/Messages.json"
    form = {
        "To": number(message, phone_number(message)),
        "From": number(message, cfg["from_number"]),
        "Body": message.body,
    }
    response = await post(
        client,
        "twilio",
        url,
        data=form,
        auth=(sid, vendor.secrets["auth_token"]),
        headers={"I-Twilio-Idempotency-Token": message.message_id},
    )
    return provider_id(response) or message.message_id


def phone_number(message: OutboundMessage) -> str:
    address = address_str(message).removeprefix("whatsapp:")
    if not is_e164(address):
        raise PermanentError(f"invalid {message.channel} number: not E.164")
    return address


def number(message: OutboundMessage, e164: str) -> str:
    return f"whatsapp:{e164}" if message.channel == "WHATSAPP" else e164


def provider_id(response: httpx.Response) -> str | None:
    try:
        sid = response.json().get("sid")
    except (ValueError, AttributeError):
        return None
    return sid if isinstance(sid, str) and sid else None

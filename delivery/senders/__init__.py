"""Channel senders behind one call: `await send(message, vendor, client)`.

Every sender returns the provider's message id (or Herald's when the provider
has none) and raises only TransientError or PermanentError, with any secret
of the vendor masked out of the message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping

import httpx

from delivery.errors import DeliveryError, PermanentError
from delivery.http import get_client
from delivery.providers import PROVIDERS, ValidatedVendor
from delivery.senders import inbox, msteams, sendgrid, slack, smtp, twilio, webhook
from delivery.senders.base import OutboundMessage

__all__ = ["OutboundMessage", "Sender", "send"]

Sender = Callable[[OutboundMessage, ValidatedVendor | None, httpx.AsyncClient], Awaitable[str]]

BY_PROVIDER: Mapping[str, Sender] = {
    "smtp": smtp.send,
    "sendgrid": sendgrid.send,
    "twilio": twilio.send,
    "slack": slack.send,
    "msteams": msteams.send,
    "webhook": webhook.send,
    "inbox": inbox.send,
}
# Channels that can deliver with no vendor configured.
VENDORLESS: Mapping[str, Sender] = {
    "SLACK": slack.send,
    "MS_TEAMS": msteams.send,
    "INBOX": inbox.send,
}


async def send(
    message: OutboundMessage,
    vendor: ValidatedVendor | None,
    client: httpx.AsyncClient | None = None,
) -> str:
    """Deliver one message; `client` defaults to the loop's shared client."""
    sender = pick(message, vendor)
    try:
        return await sender(message, vendor, client or get_client())
    except DeliveryError as exc:
        raise exc.redacted(sensitive(message, vendor)) from None


def pick(message: OutboundMessage, vendor: ValidatedVendor | None) -> Sender:
    if vendor is None:
        if message.channel in VENDORLESS and _vendorless_ok(message):
            return VENDORLESS[message.channel]
        raise PermanentError(f"no vendor for {message.channel}")
    if vendor.provider not in PROVIDERS.get(message.channel, ()):
        raise PermanentError(f"vendor {vendor.provider} cannot send {message.channel}")
    return BY_PROVIDER[vendor.provider]


def _vendorless_ok(message: OutboundMessage) -> bool:
    """Slack without a vendor only works through an incoming webhook."""
    if message.channel != "SLACK":
        return True
    return isinstance(message.address, Mapping) and bool(message.address.get("webhook_url"))


def sensitive(message: OutboundMessage, vendor: ValidatedVendor | None) -> Iterator[str]:
    """Values to mask in errors: vendor secrets and any webhook URL."""
    if vendor is not None:
        yield from (str(v) for v in vendor.secrets.values())
        url = vendor.config.get("url")
        if url:
            yield str(url)
    address = message.address
    if isinstance(address, Mapping):
        address = address.get("webhook_url")
    if isinstance(address, str) and "://" in address:
        yield address

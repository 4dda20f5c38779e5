"""What every sender receives, and the address checks they share.

Kept apart from `__init__` so sender modules can import it without a cycle.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from delivery.errors import PermanentError
from delivery.providers import ValidatedVendor, is_email, is_http_url


@dataclass(frozen=True)
class OutboundMessage:
    """One rendered message for one recipient on one channel.

    `address` is the recipient's address for the channel: an email, an E.164
    number or a URL as a str; for SLACK a dict with any of `webhook_url`,
    `user_id`, `channel_id`.
    """

    message_id: str
    channel: str
    workflow: str
    tenant_id: str
    distinct_id: str
    subject: str | None
    body: str
    data: Mapping[str, Any]
    address: str | Mapping[str, Any] | None


def address_str(message: OutboundMessage) -> str:
    """The address as a non-empty str, else a permanent failure."""
    if not isinstance(message.address, str) or not message.address.strip():
        raise PermanentError(f"missing {message.channel} address")
    return message.address.strip()


def email_address(message: OutboundMessage) -> str:
    address = address_str(message)
    if not is_email(address):
        raise PermanentError("invalid email address")
    return address


def http_url(url: object, what: str) -> str:
    """A usable http(s) URL; the URL itself is never put in the error."""
    if not isinstance(url, str) or not is_http_url(url):
        raise PermanentError(f"invalid or missing {what} URL")
    return url


def slack_address(message: OutboundMessage) -> Mapping[str, Any]:
    if not isinstance(message.address, Mapping):
        raise PermanentError("missing SLACK address")
    return message.address


_BREAKS = re.compile(r"<\s*(br|/p|/div|/h[1-6]|/li|/tr)\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n{3,}")


def email_text(body: str) -> str:
    """Plain-text alternative of an HTML email body (rendered HTML-escaped)."""
    text = _TAGS.sub("", _BREAKS.sub("\n", body))
    return _BLANKS.sub("\n\n", html.unescape(text)).strip()


def one_line(text: str | None) -> str | None:
    """Headers and titles are one line; a newline there is a header injection."""
    return " ".join(text.split()) if text else None


def require_vendor(vendor: ValidatedVendor | None, message: OutboundMessage) -> ValidatedVendor:
    if vendor is None:
        raise PermanentError(f"no vendor for {message.channel}")
    return vendor

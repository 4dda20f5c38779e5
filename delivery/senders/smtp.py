"""Email over SMTP with aiosmtplib.

STARTTLS is used when the vendor asks for it; port 465 means implicit TLS.
Message-ID is derived from Herald's message id so a resent message carries
the same id and receivers can drop the repeat.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib
import httpx

from delivery import classify
from delivery.providers import ValidatedVendor
from delivery.senders.base import (
    OutboundMessage,
    email_address,
    email_text,
    one_line,
    require_vendor,
)

SMTP_TIMEOUT = 10.0
SMTP_TOTAL = 30.0
IMPLICIT_TLS_PORT = 465
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]")


async def send(
    message: OutboundMessage, vendor: ValidatedVendor | None, client: httpx.AsyncClient
) -> str:
    vendor = require_vendor(vendor, message)
    cfg = vendor.config
    mail = build(message, cfg, email_address(message))
    implicit_tls = cfg["port"] == IMPLICIT_TLS_PORT
    try:
        async with asyncio.timeout(SMTP_TOTAL):
            await aiosmtplib.send(
                mail,
                hostname=cfg["host"],
                port=cfg["port"],
                username=cfg.get("username"),
                password=vendor.secrets.get("password"),
                use_tls=implicit_tls,
                start_tls=bool(cfg.get("starttls")) and not implicit_tls,
                timeout=SMTP_TIMEOUT,
            )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        raise classify.from_smtp_exception(exc) from None
    return message.message_id


def build(message: OutboundMessage, cfg: dict[str, Any], to: str) -> EmailMessage:
    """A multipart/alternative mail: plain text plus the rendered HTML body."""
    mail = EmailMessage()
    mail["From"] = Address(display_name=cfg.get("from_name") or "", addr_spec=cfg["from_email"])
    mail["To"] = to
    subject = one_line(message.subject)
    if subject:
        mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime.now(UTC))
    mail["Message-ID"] = message_id_header(message.message_id, cfg["from_email"])
    mail["X-Herald-Message-Id"] = one_line(message.message_id) or ""
    mail.set_content(email_text(message.body))
    mail.add_alternative(message.body, subtype="html")
    return mail


def message_id_header(message_id: str, from_email: str) -> str:
    """`<herald.{id}@{sender domain}>`, with characters invalid in a msg-id replaced."""
    domain = from_email.rpartition("@")[2]
    return f"<herald.{_NOT_ATEXT.sub('_', message_id)}@{domain}>"

"""Delivery and vendor-config errors, built so their text never carries a secret.

Messages are logged and stored on message rows, so anything that may hold a
credential (tokens, passwords, API keys, signing secrets, webhook URLs whose
path is itself a token) is reduced or replaced before it reaches a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self
from urllib.parse import urlsplit

REDACTED = "[redacted]"


class DeliveryError(Exception):
    """A send failed; `transient` tells the worker whether a retry may succeed."""

    transient = False

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def redacted(self, secrets: Iterable[str]) -> Self:
        """A copy of this error with every given secret value masked."""
        text = redact(self.message, secrets)
        return type(self)(text, status=self.status, retry_after=self.retry_after)


class TransientError(DeliveryError):
    """Timeouts, connection failures, 429 and 5xx: retry with backoff."""

    transient = True


class PermanentError(DeliveryError):
    """Bad request, bad credentials or a bad address: retrying cannot help."""


class VendorConfigError(ValueError):
    """A vendor's config or secrets are invalid; `field` is the input path."""

    def __init__(self, field: list[str], message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def safe_url(url: object) -> str:
    """Scheme and host[:port] only: webhook URLs often carry a token in the path."""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return "<invalid url>"
    if not parts.scheme or not parts.hostname:
        return "<invalid url>"
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def redact(text: str, secrets: Iterable[str]) -> str:
    """Mask each secret value in `text`, longest first so overlaps mask fully."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text

"""The one place that decides whether a failed send is transient or permanent.

Transient (retry with backoff): timeouts, connection failures, HTTP 408/429/5xx,
SMTP 4xx replies. Permanent (fail now): other HTTP 4xx and 3xx, SMTP 5xx
replies, bad addresses. Messages name the provider, the status and a short
reason, and only ever show a URL as scheme://host.
"""

from __future__ import annotations

import ssl

import aiohttp
import aiosmtplib
import httpx

from delivery.errors import DeliveryError, PermanentError, TransientError, safe_url

MAX_REASON = 120
TRANSIENT_STATUSES = frozenset({408, 425, 429})
# Slack answers HTTP 200 {"ok": false}; these codes are Slack's own "try again later".
SLACK_TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def from_response(provider: str, response: httpx.Response) -> DeliveryError | None:
    """None for 2xx; otherwise the error a non-2xx answer stands for."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    text = f"{provider}: HTTP {status} from {safe_url(response.request.url)}"
    reason = short_reason(response)
    if reason:
        text = f"{text}: {reason}"
    if status in TRANSIENT_STATUSES or status >= 500:
        return TransientError(text, status=status, retry_after=retry_after(response))
    return PermanentError(text, status=status)


def from_http_exception(provider: str, url: str, exc: Exception) -> DeliveryError:
    """httpx/asyncio failures; the exception text is dropped as it may hold the URL."""
    where = safe_url(url)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PermanentError(f"{provider}: invalid URL for {where}")
    root = underlying(exc)
    if isinstance(root, TimeoutError | httpx.TimeoutException):
        return TransientError(f"{provider}: timed out talking to {where}")
    return TransientError(f"{provider}: connection failed ({type(root).__name__}) to {where}")


def underlying(exc: Exception) -> BaseException:
    """httpx-aiohttp reports every aiohttp connection error (refused, DNS) as
    httpx.ConnectTimeout; the aiohttp exception it chains says what happened."""
    cause = exc.__cause__
    return cause if isinstance(cause, aiohttp.ClientError) else exc


def from_slack(error: str) -> DeliveryError:
    """Slack's `{"ok": false, "error": ...}` codes."""
    text = f"slack: {error[:MAX_REASON]}"
    if error in SLACK_TRANSIENT:
        return TransientError(text, status=200)
    return PermanentError(text, status=200)


def from_smtp_exception(exc: Exception) -> DeliveryError:
    """SMTP reply codes: 4xx transient, 5xx permanent; network trouble transient."""
    code = smtp_code(exc)
    if code is not None:
        cls = TransientError if 400 <= code < 500 else PermanentError
        return cls(f"smtp: {code} {type(exc).__name__}", status=code)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PermanentError("smtp: TLS certificate verification failed")
    if isinstance(exc, TimeoutError | ConnectionError | OSError):
        return TransientError(f"smtp: {type(exc).__name__}")
    return PermanentError(f"smtp: {type(exc).__name__}: {str(exc)[:MAX_REASON]}")


def smtp_code(exc: Exception) -> int | None:
    """The reply code of a refusal; for several refused recipients, the first."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        return exc.recipients[0].code
    if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code >= 400:
        return exc.code
    return None


def short_reason(response: httpx.Response) -> str:
    """A provider's own short error text, if its JSON has one (Twilio, SendGrid, Slack)."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase[:MAX_REASON]
    if not isinstance(body, dict):
        return response.reason_phrase[:MAX_REASON]
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", ""))[:MAX_REASON]
    for key in ("message", "error"):
        if isinstance(body.get(key), str):
            return body[key][:MAX_REASON]
    return response.reason_phrase[:MAX_REASON]


def retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds (the HTTP-date form is rare from APIs; ignored)."""
    try:
        return max(0.0, float(response.headers["retry-after"]))
    except (KeyError, ValueError):
        return None

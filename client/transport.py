"""Where requests go, when they are re-sent, and how answers become data or `HeraldError`s.

No I/O here: `Herald` and `AsyncHerald` send with httpx and sleep in their own way, and
ask this module what to send, whether to try again, and what the answer means.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import httpx

from client.errors import (
    HeraldAuthError,
    HeraldGraphQLError,
    HeraldTransportError,
    Redactor,
)

Outcome = httpx.Response | httpx.RequestError
RETRY_STATUSES = frozenset({500, 502, 503, 504})
AUTH_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN"})
# Errors raised before the request left this process: no connection was ever made.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
USER_AGENT = "herald-python-client/0.1"


def graphql_url(url: str) -> str:
    """Accepts the base URL (`http://host:8000`) or the endpoint (`.../graphql`)."""
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"url: must be an http(s) URL, got {url!r}")
    base = str(parsed).rstrip("/")
    return base if base.endswith("/graphql") else f"{base}/graphql"


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a request again, and after how long.

    A request that may already have reached Herald is re-sent only when it is `retry_safe`
    (a read, or a write carrying an idempotency key): after a timeout or a 5xx the first
    attempt may have committed, and only the key makes Herald answer the repeat with the
    original result (`replayed: True`) instead of notifying everyone twice. Without a key
    the client retries only errors raised before anything was sent (httpx.ConnectError,
    httpx.ConnectTimeout), which cannot have run anything; every other failure surfaces as
    a `HeraldTransportError` so the caller decides.

    Backoff is short (tenths of a second, doubling, jittered, at most `cap`), honouring a
    `Retry-After` of up to `cap` seconds.
    """

    retries: int = 2
    base: float = 0.2
    cap: float = 2.0

    def delay(self, attempt: int, outcome: Outcome, retry_safe: bool) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to stop here."""
        if attempt >= self.retries or not self._retryable(outcome, retry_safe):
            return None
        return self._retry_after(outcome) or self._backoff(attempt)

    def _retryable(self, outcome: Outcome, retry_safe: bool) -> bool:
        if isinstance(outcome, NOT_SENT):
            return True
        if not retry_safe:
            return False
        if isinstance(outcome, httpx.TransportError):
            return True
        return isinstance(outcome, httpx.Response) and outcome.status_code in RETRY_STATUSES

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.cap, self.base * 2**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _retry_after(self, outcome: Outcome) -> float | None:
        if not isinstance(outcome, httpx.Response):
            return None
        try:
            seconds = float(outcome.headers.get("retry-after", ""))
        except ValueError:
            return None
        return min(max(seconds, 0.0), self.cap) or None


@dataclass(frozen=True)
class Endpoint:
    """The GraphQL URL, the credential and the policies every request uses."""

    url: str
    timeout: float
    retry: RetryPolicy
    key: str = field(repr=False)

    @classmethod
    def create(cls, url: str, key: str, timeout: float, retries: int) -> Endpoint:
        if not isinstance(key, str) or not key.strip():
            raise ValueError("key: must be a non-empty server key")
        if retries < 0:
            raise ValueError("retries: must be 0 or more")
        return cls(graphql_url(url), timeout, RetryPolicy(retries=retries), key)

    def request_options(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments for `httpx.Client.post` / `httpx.AsyncClient.post`."""
        return {
            "url": self.url,
            "json": payload,
            "headers": {"Authorization": f"Bearer {self.key}", "User-Agent": USER_AGENT},
            "timeout": self.timeout,
        }

    def decode(self, outcome: Outcome) -> dict[str, Any]:
        """The `data` of a successful answer; a `HeraldError` for anything else."""
        redact = Redactor(self.key)
        if isinstance(outcome, httpx.RequestError):
            reason = f"{type(outcome).__name__}: {outcome}".rstrip(": ")
            message = f"could not get an answer from {self.url} ({reason})"
            raise HeraldTransportError(redact(message)) from outcome
        body = _json(outcome)
        if outcome.status_code >= 500 or not isinstance(body, dict):
            raise _http_error(outcome, self.url, redact)
        if body.get("errors"):
            raise _graphql_error(body["errors"], redact)
        if outcome.status_code != 200 or not isinstance(body.get("data"), dict):
            raise _http_error(outcome, self.url, redact)
        return body["data"]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _http_error(response: httpx.Response, url: str, redact: Redactor) -> HeraldTransportError:
    snippet = " ".join(response.text[:200].split())
    message = f"HTTP {response.status_code} from {url}, not a GraphQL answer"
    return HeraldTransportError(redact(f"{message}: {snippet}"), response.status_code)


def _graphql_error(errors: list[dict[str, Any]], redact: Redactor) -> Exception:
    messages = "; ".join(str(e.get("message", e)) for e in errors[:3])
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    if codes & AUTH_CODES:
        return HeraldAuthError(redact(f"{messages} (check the server key given to Herald)"))
    return HeraldGraphQLError(redact(messages), errors)

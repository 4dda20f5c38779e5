"""Field checks shared by the mutations: each returns a message, or None when the value is fine."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from resolvers.errors import Code, UserError, UserErrors

SLUG = re.compile(r"^[a-z0-9_-]{1,64}$")
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MARKUP = re.compile(r"[<>]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Address shape only (one @, a dotted domain, no spaces); deliverability is the provider's call.
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+$")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
SLACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
MAX_EMAIL = 254
MAX_DISTINCT_ID = 255
MAX_URL = 2048
MAX_JSON_BYTES = 65_536


def check_slug(value: str) -> str | None:
    if not SLUG.match(value):
        return "must be 1-64 characters of a-z, 0-9, '_' or '-'"
    return None


def check_plain_text(value: str, max_length: int = 200) -> str | None:
    if not value.strip():
        return "must not be blank"
    if len(value) > max_length:
        return f"must be at most {max_length} characters"
    if MARKUP.search(value) or CONTROL.search(value):
        return "must be plain text (no HTML or control characters)"
    return None


def check_colour(value: str) -> str | None:
    return None if HEX_COLOUR.match(value) else "must be a hex colour like #1A2B3C or #FFF"


def check_url(value: str) -> str | None:
    parts = urlsplit(value)
    if len(value) > MAX_URL or parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http(s) URL"
    return None


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(value: str) -> str | None:
    return None if value in _timezones() else "must be an IANA timezone such as Europe/Berlin"


def check_email(value: str) -> str | None:
    if len(value) > MAX_EMAIL or not EMAIL.match(value):
        return "must be an email address like ada@example.com"
    return None


def check_phone(value: str) -> str | None:
    return None if E164.match(value) else "must be an E.164 number like +14155550123"


def check_slack_id(value: str) -> str | None:
    return None if SLACK_ID.match(value) else "must be a Slack id like U012AB3CD"


def check_distinct_id(value: str) -> str | None:
    if not value.strip() or len(value) > MAX_DISTINCT_ID or CONTROL.search(value):
        return f"must be 1-{MAX_DISTINCT_ID} characters, not blank, no control characters"
    return None


def check_json_object(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a JSON object"
    if len(json.dumps(value)) > MAX_JSON_BYTES:
        return f"must be at most {MAX_JSON_BYTES} bytes of JSON"
    return None


def camel(name: str) -> str:
    """snake_case model name -> the API's camelCase, for error field paths."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


class Checker:
    """Collects every problem of one input so the caller sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def check(self, field: list[str], problem: str | None, code: Code = Code.INVALID) -> None:
        if problem:
            self.errors.append(UserError(code, field, f"{field[-1]} {problem}"))

    def fail(self, code: Code, field: list[str], message: str) -> None:
        """Records a problem whose message does not start with the field's name."""
        self.errors.append(UserError(code, field, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise UserErrors(self.errors)

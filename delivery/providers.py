"""Vendor providers: which provider serves which channel, and what each accepts.

Config is validated on write so a bad vendor fails at `setTenantVendor` with the
field named, not at 3am in the worker. Errors never echo input values, since
the input may be a secret.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from delivery.errors import VendorConfigError, redact

__all__ = [
    "CHANNELS",
    "PROVIDERS",
    "ValidatedVendor",
    "VendorConfigError",
    "validate_vendor",
]

CHANNELS = ("EMAIL", "SMS", "WHATSAPP", "SLACK", "MS_TEAMS", "WEBHOOK", "INBOX")

# WHATSAPP goes through Twilio's Messages API with "whatsapp:" addresses.
PROVIDERS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "EMAIL": ("smtp", "sendgrid"),
        "SMS": ("twilio",),
        "WHATSAPP": ("twilio",),
        "SLACK": ("slack",),
        "MS_TEAMS": ("msteams",),
        "WEBHOOK": ("webhook",),
        "INBOX": ("inbox",),
    }
)

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")
_TWILIO_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
MIN_SIGNING_SECRET_BYTES = 16


def is_email(value: str) -> bool:
    """A pragmatic address check (no email-validator dependency), max 254 chars."""
    return len(value) <= 254 and bool(_EMAIL.match(value))


def is_e164(value: str) -> bool:
    """True for +<country><number>, at most 15 digits."""
    return bool(_E164.match(value))


def is_http_url(value: str) -> bool:
    """True for absolute http(s) URLs with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _email(value: str) -> str:
    if not is_email(value):
        raise ValueError("must be a valid email address")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def _http_url(value: str) -> str:
    if not is_http_url(value):
        raise ValueError("must be an http or https URL")
    return value.rstrip("/")


def _e164(value: str) -> str:
    if not is_e164(value):
        raise ValueError("must be an E.164 phone number, e.g. +15551234567")
    return value


def _twilio_sid(value: str) -> str:
    if not _TWILIO_SID.match(value):
        raise ValueError("must be a Twilio account SID: AC followed by 32 hex digits")
    return value


def _signing_secret(value: str) -> str:
    """Strict where standardwebhooks is lax: it silently drops non-base64 chars."""
    raw = value.removeprefix("whsec_")
    if not _BASE64.match(raw):
        raise ValueError("must be whsec_<base64> or base64 (standard alphabet)")
    try:
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("must be whsec_<base64> or base64 (standard alphabet)") from None
    if len(key) < MIN_SIGNING_SECRET_BYTES:
        raise ValueError(f"must decode to at least {MIN_SIGNING_SECRET_BYTES} bytes")
    return value


Email = Annotated[str, AfterValidator(_email)]
HttpURL = Annotated[str, AfterValidator(_http_url)]
Text = Annotated[str, Field(min_length=1, max_length=255)]
Secret = Annotated[str, Field(min_length=1, max_length=4096)]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Secrets(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Empty(_Config):
    """Providers that need nothing (inbox, Teams incoming webhooks)."""


class NoSecrets(_Secrets):
    pass


class SmtpConfig(_Config):
    host: Text
    port: int = Field(default=587, ge=1, le=65535)
    from_email: Email
    from_name: Text | None = None
    starttls: bool = False
    username: Text | None = None


class SmtpSecrets(_Secrets):
    password: Secret | None = None


class SendgridConfig(_Config):
    from_email: Email
    from_name: Text | None = None
    api_base_url: HttpURL = "https://api.sendgrid.com"


class SendgridSecrets(_Secrets):
    api_key: Secret


class TwilioConfig(_Config):
    account_sid: Annotated[str, AfterValidator(_twilio_sid)]
    from_number: Annotated[str, AfterValidator(_e164)]
    api_base_url: HttpURL = "https://api.twilio.com"


class TwilioSecrets(_Secrets):
    auth_token: Secret


class SlackConfig(_Config):
    api_base_url: HttpURL = "https://slack.com/api"


class SlackSecrets(_Secrets):
    bot_token: Secret


class WebhookConfig(_Config):
    url: HttpURL


class WebhookSecrets(_Secrets):
    signing_secret: Annotated[Secret, AfterValidator(_signing_secret)] | None = None


SCHEMAS: MappingProxyType[str, tuple[type[BaseModel], type[BaseModel]]] = MappingProxyType(
    {
        "smtp": (SmtpConfig, SmtpSecrets),
        "sendgrid": (SendgridConfig, SendgridSecrets),
        "twilio": (TwilioConfig, TwilioSecrets),
        "slack": (SlackConfig, SlackSecrets),
        "msteams": (Empty, NoSecrets),
        "webhook": (WebhookConfig, WebhookSecrets),
        "inbox": (Empty, NoSecrets),
    }
)


@dataclass(frozen=True)
class ValidatedVendor:
    """A vendor that passed validation; `secrets` is kept out of repr()."""

    provider: str
    config: dict[str, Any]
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    secret_fields: tuple[str, ...] = ()


def validate_vendor(
    channel: str, provider: str, config: dict[str, Any], secrets: dict[str, Any] | None
) -> ValidatedVendor:
    """Validate and normalise a vendor, or raise VendorConfigError naming the field."""
    _check_provider(channel, provider)
    config_model, secrets_model = SCHEMAS[provider]
    cfg = _parse(config_model, config, "config", ())
    sec = _parse(secrets_model, secrets or {}, "secrets", _values(secrets))
    _check_pairs(cfg, sec)
    return ValidatedVendor(
        provider=provider,
        config=cfg.model_dump(mode="json", exclude_none=True),
        secrets=sec.model_dump(exclude_none=True),
        secret_fields=tuple(sorted(sec.model_dump(exclude_none=True))),
    )


def _check_provider(channel: str, provider: str) -> None:
    if channel not in PROVIDERS:
        raise VendorConfigError(["channel"], f"unknown channel; one of: {', '.join(CHANNELS)}")
    allowed = PROVIDERS[channel]
    names = ", ".join(allowed)
    if provider not in SCHEMAS:
        raise VendorConfigError(["provider"], f"unknown provider; for {channel} one of: {names}")
    if provider not in allowed:
        raise VendorConfigError(["provider"], f"not a provider for {channel}; one of: {names}")


def _parse(model: type[BaseModel], data: Any, where: str, secrets: tuple[str, ...]) -> BaseModel:
    """Validate `data`; report the first problem without the input value."""
    if not isinstance(data, dict):
        raise VendorConfigError([where], f"{where} must be an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False, include_context=False)[0]
        path = [where, *(str(part) for part in first["loc"])]
        raise VendorConfigError(path, redact(_describe(path, first), secrets)) from None


def _describe(path: list[str], error: Any) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        msg = "unknown key"
    elif kind == "missing":
        msg = "required"
    elif kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    return f"{'.'.join(path)}: {msg}"


def _check_pairs(cfg: BaseModel, sec: BaseModel) -> None:
    """SMTP auth needs both halves; half a login is a config mistake."""
    if not isinstance(cfg, SmtpConfig) or not isinstance(sec, SmtpSecrets):
        return
    if cfg.username and not sec.password:
        path = ["secrets", "password"]
        raise VendorConfigError(path, "secrets.password: required when config.username is set")
    if sec.password and not cfg.username:
        path = ["config", "username"]
        raise VendorConfigError(path, "config.username: required when secrets.password is set")


def _values(secrets: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (secrets or {}).values() if v is not None)

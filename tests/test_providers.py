"""Vendor validation: the table of providers, field paths in errors, and no secret echoes."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from delivery.providers import PROVIDERS, VendorConfigError, validate_vendor

SECRET = "s3cr3t-value-never-shown"
SID = "AC" + "ab" * 16
SIGNING = "whsec_" + base64.b64encode(b"k" * 24).decode()

VALID: list[tuple[str, str, dict[str, Any], dict[str, Any] | None]] = [
    ("EMAIL", "smtp", {"host": "mail.test", "from_email": "a@acme.test"}, None),
    (
        "EMAIL",
        "smtp",
        {"host": "mail.test", "port": 465, "from_email": "a@acme.test", "username": "u"},
        {"password": SECRET},
    ),
    ("EMAIL", "sendgrid", {"from_email": "a@acme.test", "from_name": "Acme"}, {"api_key": SECRET}),
    ("SMS", "twilio", {"account_sid": SID, "from_number": "+15550001111"}, {"auth_token": SECRET}),
    (
        "WHATSAPP",
        "twilio",
        {"account_sid": SID, "from_number": "+447700900123"},
        {"auth_token": "t"},
    ),
    ("SLACK", "slack", {}, {"bot_token": SECRET}),
    ("MS_TEAMS", "msteams", {}, None),
    ("WEBHOOK", "webhook", {"url": "https://hooks.acme.test/in"}, None),
    ("WEBHOOK", "webhook", {"url": "http://10.0.0.1:8080/in"}, {"signing_secret": SIGNING}),
    ("WEBHOOK", "webhook", {"url": "https://h.test"}, {"signing_secret": SIGNING[6:]}),
    ("INBOX", "inbox", {}, None),
]

INVALID: list[tuple[str, str, dict[str, Any], dict[str, Any] | None, list[str]]] = [
    ("EMAIL", "mailgun", {}, None, ["provider"]),
    ("EMAIL", "twilio", {"account_sid": SID}, None, ["provider"]),
    ("SMS", "sendgrid", {"from_email": "a@acme.test"}, {"api_key": SECRET}, ["provider"]),
    ("FAX", "twilio", {}, None, ["channel"]),
    ("EMAIL", "smtp", {"from_email": "a@acme.test"}, None, ["config", "host"]),
    ("EMAIL", "smtp", {"host": "h", "from_email": "not-an-email"}, None, ["config", "from_email"]),
    ("EMAIL", "smtp", {"host": "h", "from_email": "a@b.test", "port": 0}, None, ["config", "port"]),
    (
        "EMAIL",
        "smtp",
        {"host": "h", "from_email": "a@b.test", "username": "u"},
        None,
        ["secrets", "password"],
    ),
    (
        "EMAIL",
        "smtp",
        {"host": "h", "from_email": "a@b.test"},
        {"password": SECRET},
        ["config", "username"],
    ),
    ("EMAIL", "sendgrid", {"from_email": "a@acme.test"}, None, ["secrets", "api_key"]),
    ("EMAIL", "sendgrid", {"from_email": "a@"}, {"api_key": SECRET}, ["config", "from_email"]),
    (
        "EMAIL",
        "sendgrid",
        {"from_email": "a@acme.test", "api_base_url": "ftp://files.test"},
        {"api_key": SECRET},
        ["config", "api_base_url"],
    ),
    (
        "EMAIL",
        "sendgrid",
        {"from_email": "a@acme.test", "region": "eu"},
        {"api_key": SECRET},
        ["config", "region"],
    ),
    (
        "EMAIL",
        "sendgrid",
        {"from_email": "a@acme.test"},
        {"api_key": SECRET, "other": SECRET},
        ["secrets", "other"],
    ),
    (
        "SMS",
        "twilio",
        {"account_sid": SID, "from_number": "5550001111"},
        {"auth_token": SECRET},
        ["config", "from_number"],
    ),
    (
        "SMS",
        "twilio",
        {"account_sid": "AC123", "from_number": "+15550001111"},
        {"auth_token": SECRET},
        ["config", "account_sid"],
    ),
    ("SLACK", "slack", {}, {}, ["secrets", "bot_token"]),
    (
        "SLACK",
        "slack",
        {"api_base_url": "slack.com/api"},
        {"bot_token": SECRET},
        ["config", "api_base_url"],
    ),
    ("MS_TEAMS", "msteams", {"url": "https://x.test"}, None, ["config", "url"]),
    ("WEBHOOK", "webhook", {}, None, ["config", "url"]),
    ("WEBHOOK", "webhook", {"url": "ftp://files.test/in"}, None, ["config", "url"]),
    (
        "WEBHOOK",
        "webhook",
        {"url": "https://h.test"},
        {"signing_secret": "whsec_" + SECRET + "!!"},
        ["secrets", "signing_secret"],
    ),
    (
        "WEBHOOK",
        "webhook",
        {"url": "https://h.test"},
        {"signing_secret": "whsec_c2hvcnQ="},
        ["secrets", "signing_secret"],
    ),
    ("INBOX", "inbox", {"anything": 1}, None, ["config", "anything"]),
    ("INBOX", "inbox", {}, {"token": SECRET}, ["secrets", "token"]),
    ("EMAIL", "smtp", "host=h", None, ["config"]),
]


@pytest.mark.parametrize(("channel", "provider", "config", "secrets"), VALID)
def test_valid_vendors(
    channel: str, provider: str, config: dict[str, Any], secrets: dict[str, Any] | None
) -> None:
    vendor = validate_vendor(channel, provider, config, secrets)
    assert vendor.provider == provider
    assert vendor.secret_fields == tuple(sorted(secrets or {}))
    assert SECRET not in repr(vendor)


@pytest.mark.parametrize(("channel", "provider", "config", "secrets", "field"), INVALID)
def test_invalid_vendors_name_the_field(
    channel: str,
    provider: str,
    config: Any,
    secrets: dict[str, Any] | None,
    field: list[str],
) -> None:
    with pytest.raises(VendorConfigError) as caught:
        validate_vendor(channel, provider, config, secrets)
    assert caught.value.field == field
    assert SECRET not in f"{caught.value} {caught.value!r} {caught.value.message}"


def test_wrong_type_for_a_secret_is_not_echoed() -> None:
    with pytest.raises(VendorConfigError) as caught:
        validate_vendor("SLACK", "slack", {}, {"bot_token": 987654321})
    assert caught.value.field == ["secrets", "bot_token"]
    assert "987654321" not in str(caught.value)


def test_defaults_are_filled_and_urls_normalised() -> None:
    sendgrid = validate_vendor("EMAIL", "sendgrid", {"from_email": "A@Acme.TEST"}, {"api_key": "k"})
    assert sendgrid.config == {
        "from_email": "A@acme.test",
        "api_base_url": "https://api.sendgrid.com",
    }
    smtp = validate_vendor("EMAIL", "smtp", {"host": "h", "from_email": "a@b.test"}, None)
    assert (smtp.config["port"], smtp.config["starttls"]) == (587, False)
    slack = validate_vendor(
        "SLACK", "slack", {"api_base_url": "http://127.0.0.1:9/api/"}, {"bot_token": "x"}
    )
    assert slack.config["api_base_url"] == "http://127.0.0.1:9/api"


def test_providers_cover_every_channel() -> None:
    assert set(PROVIDERS) == {"EMAIL", "SMS", "WHATSAPP", "SLACK", "MS_TEAMS", "WEBHOOK", "INBOX"}
    assert PROVIDERS["EMAIL"] == ("smtp", "sendgrid")

"""No secret value in any response, log line or error, over a whole session of vendor work.

Every logger runs at DEBUG (SQLAlchemy then logs each statement with its
parameters), every response body and every send error is kept, and the lot
is searched for each secret value the session used.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from typing import Any

import pytest

from delivery.errors import DeliveryError
from tests.harness import Server
from tests.vendor_api import (
    LIST,
    REMOVE,
    SET,
    add_tenant,
    deliver,
    email,
    route,
    sendgrid,
    smtp,
)
from tests.vendors import HTTPVendor, Reply, SMTPVendor

SID = "AC" + "0123456789abcdef" * 2
SECRETS = {
    "default_api_key": "SG.leak-default-0c6d2e",
    "acme_api_key": "SG.leak-acme-5b1e77",
    "rotated_api_key": "SG.leak-rotated-9d4f10",
    "smtp_password": "leak-smtp-password-e3a1",
    "wrong_password": "leak-wrong-password-77c2",
    "auth_token": "leak-twilio-token-4f0b",
    "bot_token": "xoxb-leak-slack-2a9c",
    "signing_secret": "whsec_" + base64.b64encode(b"leak-signing-secret-32-bytes!!!!").decode(),
    "bad_signing_secret": "whsec_leak!not-base64-6e1f",
    "misplaced": "leak-misplaced-secret-8b3d",
    "non_object": "leak-non-object-secret-1f7a",
}


class Session:
    """A workspace client that keeps every response body it receives."""

    def __init__(self, server: Server) -> None:
        self.ws = server.new_workspace()
        self.seen: list[str] = []

    def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.ws.post(query, variables)
        self.seen.append(response.text)
        return response.json()

    def set(self, tenant: str, **input: Any) -> dict[str, Any]:
        return self.post(SET, {"tenantId": tenant, "input": input})["data"]["setTenantVendor"]

    def ok(self, tenant: str, **input: Any) -> None:
        assert self.set(tenant, **input)["errors"] == []


def all_loggers_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def configure(s: Session, api: HTTPVendor, mail: SMTPVendor) -> None:
    add_tenant(s.ws, "acme")
    s.ok("default", **sendgrid(api.url, SECRETS["default_api_key"]))
    s.ok("acme", **smtp(mail, SECRETS["smtp_password"]))
    s.ok(
        "acme",
        channel="SMS",
        provider="twilio",
        config={"account_sid": SID, "from_number": "+15550001111", "api_base_url": api.url},
        secrets={"auth_token": SECRETS["auth_token"]},
    )
    s.ok(
        "acme",
        channel="SLACK",
        provider="slack",
        config={"api_base_url": api.url},
        secrets={"bot_token": SECRETS["bot_token"]},
    )
    s.ok(
        "acme",
        channel="WEBHOOK",
        provider="webhook",
        config={"url": f"{api.url}/hook"},
        secrets={"signing_secret": SECRETS["signing_secret"]},
    )
    s.ok("acme", **smtp(mail, from_name="Acme"))  # config only: keeps the password
    s.post(LIST, {"id": "acme"})


def bad_writes(s: Session, api: HTTPVendor) -> None:
    """Invalid input carrying secrets: every one must be rejected without an echo."""
    hook = {"channel": "WEBHOOK", "provider": "webhook", "config": {"url": f"{api.url}/hook"}}
    attempts = [
        {**hook, "secrets": {"signing_secret": SECRETS["bad_signing_secret"]}},
        {**sendgrid(api.url), "secrets": {"apikey": SECRETS["misplaced"]}},
        {**sendgrid(api.url), "secrets": SECRETS["non_object"]},
        {**sendgrid(api.url), "config": {"from_email": "a@acme.test", "key": SECRETS["misplaced"]}},
        {**sendgrid(api.url, SECRETS["misplaced"]), "channel": "SMS"},
    ]
    for input in attempts:
        errors = s.set("acme", **input)["errors"]
        assert errors and errors[0]["code"] == "INVALID", errors
    s.post(REMOVE, {"tenantId": "nobody", "channel": "EMAIL"})


# Vendors that answer a failure echoing the credential they were sent.
FAILURES = [
    ("EMAIL", Reply(status=401, json={"message": f"bad key {SECRETS['acme_api_key']}"})),
    ("SMS", Reply(status=401, json={"message": f"token {SECRETS['auth_token']}"})),
    ("SLACK", Reply(json={"ok": False, "error": SECRETS["bot_token"]})),
    ("WEBHOOK", Reply(status=500, text=SECRETS["signing_secret"])),
]
ADDRESSES: dict[str, Any] = {
    "EMAIL": "ada@example.com",
    "SMS": "+15557654321",
    "SLACK": {"user_id": "U1"},
    "WEBHOOK": None,
}


def failing_sends(server: Server, s: Session, api: HTTPVendor) -> list[str]:
    """Sends through routed vendors that fail; returns every error's text."""
    errors: list[str] = []
    for channel, reply in FAILURES:
        api.reply(reply)
        message = replace(email(), channel=channel, address=ADDRESSES[channel])
        with pytest.raises(DeliveryError) as caught:
            deliver(server, route(server, s.ws, "acme", channel), message)
        errors.append(f"{caught.value} {caught.value!r} {caught.value.args}")
    return errors


def test_no_secret_in_responses_logs_or_errors(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    all_loggers_at_debug(caplog)
    s = Session(server)
    with HTTPVendor() as api, SMTPVendor(users={"herald": SECRETS["smtp_password"]}) as mail:
        api.default = Reply(status=202, text="")
        configure(s, api, mail)
        bad_writes(s, api)
        deliver(server, route(server, s.ws, "acme", "EMAIL"), email())  # smtp, real login
        s.ok("acme", **smtp(mail, SECRETS["wrong_password"]))
        failures = [_failed_send(server, s)]
        s.post(REMOVE, {"tenantId": "acme", "channel": "EMAIL"})
        s.ok("default", **sendgrid(api.url, SECRETS["rotated_api_key"]))
        s.ok("acme", **sendgrid(api.url, SECRETS["acme_api_key"]))
        deliver(server, route(server, s.ws, "acme", "EMAIL"), email())  # sendgrid, accepted
        failures += failing_sends(server, s, api)
        used = [r.headers.get("authorization", "") for r in api.requests]

    # The session really used the secrets and really logged at DEBUG, so a leak would show.
    assert mail.logins == ["herald"] and len(mail.messages) == 1
    assert f"Bearer {SECRETS['acme_api_key']}" in used
    assert f"Bearer {SECRETS['bot_token']}" in used
    assert len(failures) == 5 and all(failures)
    assert "INSERT INTO tenant_vendor" in caplog.text
    haystack = "\n".join([*s.seen, *failures, caplog.text, *map(_record_text, caplog.records)])
    leaked = [name for name, value in SECRETS.items() if value in haystack]
    assert leaked == []


def _failed_send(server: Server, s: Session) -> str:
    with pytest.raises(DeliveryError) as caught:
        deliver(server, route(server, s.ws, "acme", "EMAIL"), email())
    assert "535" in str(caught.value)
    return f"{caught.value} {caught.value!r}"


def _record_text(record: logging.LogRecord) -> str:
    return f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"

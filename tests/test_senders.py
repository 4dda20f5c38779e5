"""Each sender against real loopback vendors: request shapes, ids, error classes, secrecy."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from standardwebhooks import Webhook

from delivery import http as delivery_http
from delivery.errors import DeliveryError, PermanentError, TransientError
from delivery.providers import ValidatedVendor, validate_vendor
from delivery.senders import OutboundMessage, send
from tests.vendors import HTTPVendor, Reply, SMTPVendor, free_port

pytestmark = pytest.mark.anyio

SID = "AC" + "0123456789abcdef" * 2
API_KEY = "SG.sendgrid-secret-key-1234"
AUTH_TOKEN = "twilio-secret-token-5678"
BOT_TOKEN = "xoxb-slack-secret-9012"
PASSWORD = "smtp-secret-password"
SIGNING_SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
HOOK_TOKEN = "T000/B000/hooksecretpath"


@pytest.fixture(scope="module")
def http_server() -> Iterator[HTTPVendor]:
    with HTTPVendor() as server:
        yield server


@pytest.fixture
def vendor_http(http_server: HTTPVendor) -> HTTPVendor:
    http_server.reset()
    return http_server


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[SMTPVendor]:
    with SMTPVendor(users={"herald": PASSWORD}) as server:
        yield server


@pytest.fixture
def mail_server(smtp_server: SMTPVendor) -> SMTPVendor:
    smtp_server.reset()
    return smtp_server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with delivery_http.new_client() as shared:
        yield shared


def message(channel: str, address: Any, **changes: Any) -> OutboundMessage:
    fields: dict[str, Any] = {
        "message_id": "msg_01J9Z",
        "channel": channel,
        "workflow": "welcome",
        "tenant_id": "acme",
        "distinct_id": "u-42",
        "subject": "Welcome to Acme",
        "body": "<p>Hello &amp; welcome</p>",
        "data": {"plan": "pro"},
        "address": address,
    }
    fields.update(changes)
    return OutboundMessage(**fields)


def sendgrid_vendor(base: str) -> ValidatedVendor:
    config = {"from_email": "news@acme.test", "from_name": "Acme", "api_base_url": base}
    return validate_vendor("EMAIL", "sendgrid", config, {"api_key": API_KEY})


def twilio_vendor(base: str, channel: str = "SMS") -> ValidatedVendor:
    config = {"account_sid": SID, "from_number": "+15550001111", "api_base_url": base}
    return validate_vendor(channel, "twilio", config, {"auth_token": AUTH_TOKEN})


def slack_vendor(base: str) -> ValidatedVendor:
    config = {"api_base_url": f"{base}/api"}
    return validate_vendor("SLACK", "slack", config, {"bot_token": BOT_TOKEN})


def webhook_vendor(base: str, secret: str | None = SIGNING_SECRET) -> ValidatedVendor:
    secrets = {"signing_secret": secret} if secret else None
    return validate_vendor("WEBHOOK", "webhook", {"url": f"{base}/vendor-hook"}, secrets)


def smtp_vendor(server: SMTPVendor, password: str = PASSWORD) -> ValidatedVendor:
    config = {
        "host": server.host,
        "port": server.port,
        "from_email": "news@acme.test",
        "from_name": "Acme News",
        "username": "herald",
    }
    return validate_vendor("EMAIL", "smtp", config, {"password": password})


def assert_secret_free(exc: DeliveryError) -> None:
    text = f"{exc} {exc!r} {exc.args}"
    for secret in (API_KEY, AUTH_TOKEN, BOT_TOKEN, PASSWORD, SIGNING_SECRET, HOOK_TOKEN):
        assert secret not in text


# --- request shapes ---------------------------------------------------------


async def test_sendgrid_posts_v3_json(vendor_http: HTTPVendor, client: httpx.AsyncClient) -> None:
    vendor_http.reply(Reply(status=202, text="", headers={"X-Message-Id": "sg-123"}))
    result = await send(
        message("EMAIL", "ada@example.com"), sendgrid_vendor(vendor_http.url), client
    )
    assert result == "sg-123"
    request = vendor_http.last
    assert (request.method, request.path) == ("POST", "/v3/mail/send")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["idempotency-key"] == "msg_01J9Z"
    body = json.loads(request.body)
    assert body["personalizations"] == [{"to": [{"email": "ada@example.com"}]}]
    assert body["from"] == {"email": "news@acme.test", "name": "Acme"}
    assert body["subject"] == "Welcome to Acme"
    assert body["content"] == [
        {"type": "text/plain", "value": "Hello & welcome"},
        {"type": "text/html", "value": "<p>Hello &amp; welcome</p>"},
    ]
    assert body["custom_args"] == {"herald_message_id": "msg_01J9Z"}


async def test_twilio_posts_form_with_basic_auth(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(status=201, json={"sid": "SM999", "status": "queued"}))
    sms = message("SMS", "+15557654321", body="Your code is 1234")
    assert await send(sms, twilio_vendor(vendor_http.url), client) == "SM999"
    request = vendor_http.last
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body.decode()) == {
        "To": ["+15557654321"],
        "From": ["+15550001111"],
        "Body": ["Your code is 1234"],
    }
    scheme, _, encoded = request.headers["authorization"].partition(" ")
    assert (scheme, base64.b64decode(encoded).decode()) == ("Basic", f"{SID}:{AUTH_TOKEN}")
    assert request.headers["i-twilio-idempotency-token"] == "msg_01J9Z"


async def test_twilio_whatsapp_prefixes_numbers(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(status=201, json={"sid": "SM1"}))
    await send(
        message("WHATSAPP", "+15557654321"), twilio_vendor(vendor_http.url, "WHATSAPP"), client
    )
    form = parse_qs(vendor_http.last.body.decode())
    assert (form["To"], form["From"]) == (["whatsapp:+15557654321"], ["whatsapp:+15550001111"])


async def test_slack_incoming_webhook_needs_no_vendor(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(text="ok"))
    hook = f"{vendor_http.url}/services/{HOOK_TOKEN}"
    out = message("SLACK", {"webhook_url": hook}, subject=None, body="Deploy done")
    assert await send(out, None, client) == "msg_01J9Z"
    request = vendor_http.last
    assert request.path == f"/services/{HOOK_TOKEN}"
    assert json.loads(request.body) == {"text": "Deploy done"}


async def test_slack_bot_posts_chat_message(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(json={"ok": True, "channel": "D1", "ts": "1700000000.000100"}))
    out = message("SLACK", {"user_id": "U123", "channel_id": "C9"}, subject="Hi", body="there")
    assert await send(out, slack_vendor(vendor_http.url), client) == "1700000000.000100"
    request = vendor_http.last
    assert request.path == "/api/chat.postMessage"
    assert request.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    body = json.loads(request.body)
    assert (body["channel"], body["text"]) == ("U123", "*Hi*\nthere")
    assert body["metadata"]["event_payload"] == {"message_id": "msg_01J9Z"}


async def test_slack_bot_falls_back_to_channel_id(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(json={"ok": True, "ts": "1.2"}))
    await send(message("SLACK", {"channel_id": "C9"}), slack_vendor(vendor_http.url), client)
    assert json.loads(vendor_http.last.body)["channel"] == "C9"


@pytest.mark.parametrize(
    ("error", "kind"),
    [("ratelimited", TransientError), ("channel_not_found", PermanentError)],
)
async def test_slack_ok_false_is_classified(
    vendor_http: HTTPVendor, client: httpx.AsyncClient, error: str, kind: type
) -> None:
    vendor_http.reply(Reply(json={"ok": False, "error": error}))
    with pytest.raises(kind, match=error) as caught:
        await send(message("SLACK", {"user_id": "U1"}), slack_vendor(vendor_http.url), client)
    assert_secret_free(caught.value)


async def test_msteams_posts_adaptive_card(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(text="1"))
    hook = f"{vendor_http.url}/webhookb2/{HOOK_TOKEN}"
    out = message("MS_TEAMS", hook, subject="Build failed", body="main is red")
    assert await send(out, None, client) == "msg_01J9Z"
    card = json.loads(vendor_http.last.body)
    assert card["type"] == "message"
    attachment = card["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    blocks = attachment["content"]["body"]
    assert [block["text"] for block in blocks] == ["Build failed", "main is red"]


async def test_webhook_is_signed_per_standard_webhooks(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    result = await send(message("WEBHOOK", None), webhook_vendor(vendor_http.url), client)
    assert result == "msg_01J9Z"
    request = vendor_http.last
    assert request.path == "/vendor-hook"
    assert request.headers["webhook-id"] == "msg_01J9Z"
    payload = Webhook(SIGNING_SECRET).verify(request.body, request.headers)
    assert payload == {
        "message_id": "msg_01J9Z",
        "workflow": "welcome",
        "tenant_id": "acme",
        "distinct_id": "u-42",
        "channel": "WEBHOOK",
        "subject": "Welcome to Acme",
        "body": "<p>Hello &amp; welcome</p>",
        "data": {"plan": "pro"},
    }


async def test_webhook_prefers_recipient_url_and_signs_only_with_secret(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    out = message("WEBHOOK", f"{vendor_http.url}/own-hook")
    await send(out, webhook_vendor(vendor_http.url, secret=None), client)
    request = vendor_http.last
    assert request.path == "/own-hook"
    assert request.headers["webhook-id"] == "msg_01J9Z"
    assert "webhook-signature" not in request.headers


async def test_inbox_returns_message_id_without_vendor(client: httpx.AsyncClient) -> None:
    assert await send(message("INBOX", None), None, client) == "msg_01J9Z"


async def test_smtp_delivers_to_real_server(mail_server: SMTPVendor) -> None:
    result = await send(message("EMAIL", "ada@example.com"), smtp_vendor(mail_server))
    assert result == "msg_01J9Z"
    [received] = mail_server.messages
    assert received.mail_from == "news@acme.test"
    assert received.rcpt_tos == ["ada@example.com"]
    mail = received.message
    assert mail["From"] == "Acme News <news@acme.test>"
    assert mail["Subject"] == "Welcome to Acme"
    assert mail["Message-ID"] == "<herald.msg_01J9Z@acme.test>"
    assert mail["X-Herald-Message-Id"] == "msg_01J9Z"
    assert mail.get_body(("plain",)).get_content().strip() == "Hello & welcome"
    assert "<p>Hello &amp; welcome</p>" in mail.get_body(("html",)).get_content()


# --- error classification ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (503, TransientError),
        (500, TransientError),
        (429, TransientError),
        (400, PermanentError),
        (401, PermanentError),
        (404, PermanentError),
    ],
)
async def test_http_status_is_classified(
    vendor_http: HTTPVendor, client: httpx.AsyncClient, status: int, kind: type
) -> None:
    echo = {"message": f"bad credentials {API_KEY}"}
    vendor_http.reply(Reply(status=status, json=echo, headers={"Retry-After": "7"}))
    with pytest.raises(kind, match=str(status)) as caught:
        await send(message("EMAIL", "ada@example.com"), sendgrid_vendor(vendor_http.url), client)
    assert caught.value.status == status
    assert_secret_free(caught.value)
    if status == 429:
        assert caught.value.retry_after == 7.0


async def test_twilio_error_reason_is_secret_free(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(status=401, json={"code": 20003, "message": f"Auth {AUTH_TOKEN}"}))
    with pytest.raises(PermanentError, match="401") as caught:
        await send(message("SMS", "+15557654321"), twilio_vendor(vendor_http.url), client)
    assert_secret_free(caught.value)


async def test_webhook_url_token_never_in_error(
    vendor_http: HTTPVendor, client: httpx.AsyncClient
) -> None:
    vendor_http.reply(Reply(status=404, text="no_service"))
    hook = f"{vendor_http.url}/services/{HOOK_TOKEN}"
    with pytest.raises(PermanentError, match="404") as caught:
        await send(message("SLACK", {"webhook_url": hook}), None, client)
    assert_secret_free(caught.value)
    assert vendor_http.url in str(caught.value)


async def test_read_timeout_is_transient(vendor_http: HTTPVendor) -> None:
    vendor_http.reply(Reply(delay=1.0))
    async with delivery_http.new_client(timeout=httpx.Timeout(0.2)) as quick:
        with pytest.raises(TransientError, match="timed out") as caught:
            await send(message("WEBHOOK", None), webhook_vendor(vendor_http.url), quick)
    assert_secret_free(caught.value)


async def test_total_deadline_is_transient(
    vendor_http: HTTPVendor, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery_http, "TOTAL_SECONDS", 0.2)
    vendor_http.reply(Reply(delay=1.0))
    with pytest.raises(TransientError, match="timed out"):
        await send(message("SMS", "+15557654321"), twilio_vendor(vendor_http.url), client)


async def test_connection_refused_is_transient(client: httpx.AsyncClient) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(TransientError, match="connection failed") as caught:
        await send(message("SLACK", {"user_id": "U1"}), slack_vendor(closed), client)
    assert_secret_free(caught.value)


@pytest.mark.parametrize(
    ("out", "vendor", "reason"),
    [
        (message("EMAIL", "not-an-email"), "sendgrid", "invalid email address"),
        (message("EMAIL", None), "sendgrid", "missing EMAIL address"),
        (message("SMS", "5551234"), "twilio", "not E.164"),
        (message("SLACK", {}), "slack", "user_id or channel_id"),
        (message("MS_TEAMS", "ftp://teams.test/hook"), None, "MS Teams webhook URL"),
        (message("EMAIL", "ada@example.com"), None, "no vendor for EMAIL"),
        (message("WEBHOOK", "https://hooks.test/x"), None, "no vendor for WEBHOOK"),
        (message("SLACK", {"user_id": "U1"}), None, "no vendor for SLACK"),
        (message("SMS", "+15557654321"), "sendgrid", "cannot send SMS"),
    ],
)
async def test_bad_address_or_vendor_is_permanent(
    vendor_http: HTTPVendor,
    client: httpx.AsyncClient,
    out: OutboundMessage,
    vendor: str | None,
    reason: str,
) -> None:
    vendors = {
        "sendgrid": sendgrid_vendor,
        "twilio": twilio_vendor,
        "slack": slack_vendor,
    }
    chosen = vendors[vendor](vendor_http.url) if vendor else None
    with pytest.raises(PermanentError, match=reason):
        await send(out, chosen, client)
    assert vendor_http.requests == []


async def test_smtp_wrong_password_is_permanent_and_secret_free(mail_server: SMTPVendor) -> None:
    wrong = "wrong-" + PASSWORD
    with pytest.raises(PermanentError, match="535") as caught:
        await send(message("EMAIL", "ada@example.com"), smtp_vendor(mail_server, wrong))
    assert_secret_free(caught.value)
    assert wrong not in str(caught.value)
    assert mail_server.messages == []


@pytest.mark.parametrize(
    ("reply", "kind"),
    [("451 4.3.0 try again later", TransientError), ("550 5.1.1 no such user", PermanentError)],
)
async def test_smtp_reply_codes_are_classified(
    mail_server: SMTPVendor, reply: str, kind: type
) -> None:
    mail_server.refuse_rcpt = reply
    with pytest.raises(kind, match=reply[:3]):
        await send(message("EMAIL", "ada@example.com"), smtp_vendor(mail_server))


async def test_smtp_starttls_required_but_unsupported_is_permanent(
    mail_server: SMTPVendor,
) -> None:
    config = {"host": mail_server.host, "port": mail_server.port, "from_email": "a@acme.test"}
    vendor = validate_vendor("EMAIL", "smtp", {**config, "starttls": True}, None)
    with pytest.raises(PermanentError, match="STARTTLS"):
        await send(message("EMAIL", "ada@example.com"), vendor)
    assert mail_server.messages == []


async def test_smtp_connection_refused_is_transient() -> None:
    config = {"host": "127.0.0.1", "port": free_port(), "from_email": "news@acme.test"}
    vendor = validate_vendor("EMAIL", "smtp", config, None)
    with pytest.raises(TransientError, match="smtp"):
        await send(message("EMAIL", "ada@example.com"), vendor)


# --- shared client ----------------------------------------------------------


async def test_shared_client_is_per_loop_and_closable(vendor_http: HTTPVendor) -> None:
    first = delivery_http.get_client()
    assert delivery_http.get_client() is first
    await send(message("WEBHOOK", None), webhook_vendor(vendor_http.url))
    assert vendor_http.last.headers["user-agent"] == delivery_http.USER_AGENT
    await delivery_http.close_client()
    assert first.is_closed
    assert delivery_http.get_client() is not first
    await delivery_http.close_client()

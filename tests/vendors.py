"""Real loopback vendors for sender tests: an HTTP server and an SMTP server.

`HTTPVendor` is a Starlette app served by uvicorn in a background thread; it
records every request and answers from a script of `Reply`s (status, JSON,
delay), falling back to `default`. `SMTPVendor` is an aiosmtpd Controller
that records every message it accepts and can refuse recipients with a code.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.harness import free_port

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    json: Any = None
    text: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> Response:
        if self.text is not None:
            return Response(self.text, self.status, self.headers)
        return JSONResponse(self.json if self.json is not None else {}, self.status, self.headers)


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class HTTPVendor:
    """A recording HTTP server on 127.0.0.1; use as a context manager."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: deque[Reply] = deque()
        self.default = Reply()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def reply(self, *replies: Reply) -> None:
        """Answer the next requests with these, in order, then with `default`."""
        self.script.extend(replies)

    def reset(self) -> None:
        self.requests.clear()
        self.script.clear()
        self.default = Reply()

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    async def _handle(self, request: Request) -> Response:
        self.requests.append(
            Recorded(
                method=request.method,
                path=request.url.path,
                query=request.url.query,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=await request.body(),
            )
        )
        answer = self.script.popleft() if self.script else self.default
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return answer.response()

    def __enter__(self) -> HTTPVendor:
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=METHODS)])
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("loopback HTTP server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=5)


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: Message


class SMTPVendor:
    """A recording SMTP server on 127.0.0.1; use as a context manager.

    `users` enables AUTH (allowed without TLS, loopback only) and `logins`
    records each login that authenticated; `refuse_rcpt` (e.g. "451 4.3.0 try
    later") makes the server refuse every recipient.
    """

    def __init__(self, users: dict[str, str] | None = None) -> None:
        self.messages: list[Received] = []
        self.logins: list[str] = []
        self.refuse_rcpt: str | None = None
        self.users = users or {}
        self.port = free_port()
        self.host = "127.0.0.1"
        self._controller: Controller | None = None

    def reset(self) -> None:
        self.messages.clear()
        self.logins.clear()
        self.refuse_rcpt = None

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        message = message_from_bytes(content, policy=default_policy)
        self.messages.append(Received(envelope.mail_from or "", list(envelope.rcpt_tos), message))
        return "250 OK"

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and self.users.get(data.login.decode()) == data.password.decode()
        )
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    def __enter__(self) -> SMTPVendor:
        auth: dict[str, Any] = {}
        if self.users:
            auth = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self, hostname=self.host, port=self.port, **auth)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._controller is not None
        self._controller.stop()

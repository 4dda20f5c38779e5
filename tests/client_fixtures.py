"""Helpers for the client tests: a Herald whose HTTP requests are counted, and a loopback
proxy in front of the test server that can be told to fail before passing requests on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from starlette.requests import Request
from starlette.responses import Response

from client import Herald
from tests.delivery_api import category, step, workflow
from tests.harness import WorkspaceClient
from tests.vendors import HTTPVendor, Recorded


@dataclass
class Counted:
    """A Herald on an httpx client we own, recording every request it sends."""

    herald: Herald
    sent: list[httpx.Request] = field(default_factory=list)


@contextmanager
def counted_herald(url: str, key: str, **options: object) -> Iterator[Counted]:
    sent: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [sent.append]}) as http:
        yield Counted(Herald(url, key, http_client=http, **options), sent)


def invoice_setup(ws: WorkspaceClient) -> None:
    """A category, a workflow subscribed to `product_purchased`, and the tenant `globex`."""
    category(ws, "billing")
    workflow(
        ws,
        "invoice-ready",
        [step("INBOX", "Invoice for {{ data.amount }}")],
        category_slug="billing",
        trigger_events=["product_purchased"],
    )
    ws.gql('mutation { upsertTenant(id: "globex", input: {name: "Globex"}) { errors { code } } }')


class FlakyProxy(HTTPVendor):
    """Answers from its script (e.g. a 503, or a reply slower than the client's timeout)
    while there is one, then passes requests through to `upstream`; records all of them."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self.upstream = upstream

    async def _handle(self, request: Request) -> Response:
        if self.script:
            return await super()._handle(request)
        body = await request.body()
        self.requests.append(
            Recorded(request.method, request.url.path, request.url.query, {}, body)
        )
        headers = {k: v for k, v in request.headers.items() if k in FORWARDED}
        async with httpx.AsyncClient() as http:
            answer = await http.post(
                f"{self.upstream}{request.url.path}", content=body, headers=headers
            )
        return Response(answer.content, answer.status_code, media_type="application/json")


FORWARDED = ("authorization", "content-type")

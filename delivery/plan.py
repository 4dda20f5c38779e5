"""Decide, route and render one message: shared by the worker and by previewWorkflow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from delivery.context import MessageContext
from delivery.preferences import evaluate
from delivery.routing import Route, route_vendor
from delivery.senders import VENDORLESS
from delivery.templates import Rendered, TemplateRenderError, pick_variant, render, template_context
from models.user import User

ADDRESS_KEYS = {
    "EMAIL": "email",
    "SMS": "sms",
    "WHATSAPP": "whatsapp",
    "SLACK": "slack",
    "MS_TEAMS": "ms_teams_webhook_url",
    "WEBHOOK": "webhook_url",
}
# Channels whose address may be absent: the vendor (webhook URL) or Herald (inbox) supplies it.
ADDRESS_OPTIONAL = frozenset({"WEBHOOK", "INBOX"})


@dataclass(frozen=True)
class Plan:
    """What would happen to one message. `send` False means skip (or fail, see `failed`)."""

    send: bool
    reason: str
    failed: bool = False
    route: Route | None = None
    rendered: Rendered | None = None
    address: Any = None


def recipient_vars(user: User | None, distinct_id: str) -> dict[str, Any]:
    if user is None:
        return {"distinct_id": distinct_id, "channels": {}, "properties": {}}
    return {"distinct_id": distinct_id, "channels": user.channels, "properties": user.properties}


def address_for(channel: str, user: User | None) -> Any:
    key = ADDRESS_KEYS.get(channel)
    return (user.channels.get(key) if user and key else None) or None


def _route(ctx: MessageContext, channel: str, address: Any) -> Route | None:
    route = route_vendor(channel, ctx.tenant_vendors, ctx.default_vendors)
    if route.vendor is None and channel not in VENDORLESS:
        return None
    if channel == "SLACK" and route.vendor is None and not (address or {}).get("webhook_url"):
        return None
    return route


def plan(
    ctx: MessageContext,
    channel: str,
    distinct_id: str,
    data: dict[str, Any],
    actor: dict[str, Any] | None,
) -> Plan:
    """The evaluation order of DESIGN.md, then address, vendor and template, in that order."""
    if ctx.category is None:
        return Plan(False, f"category '{ctx.workflow.category_slug}' no longer exists", failed=True)
    decision = evaluate(
        channel,
        ctx.category,
        ctx.tenant_preference,
        ctx.user_preference,
        ctx.tenant.blocked_channels,
        ctx.restricted_channels,
    )
    if not decision.send:
        return Plan(False, decision.reason)
    address = address_for(channel, ctx.user)
    if address is None and channel not in ADDRESS_OPTIONAL:
        return Plan(False, f"recipient has no {channel} address")
    route = _route(ctx, channel, address)
    if route is None:
        return Plan(False, f"no vendor for {channel}", failed=True)
    step = ctx.step(channel)
    if step is None:
        return Plan(False, f"workflow has no {channel} step", failed=True)
    variables = template_context(data, recipient_vars(ctx.user, distinct_id), actor, ctx.branding)
    try:
        rendered = render(pick_variant(step, ctx.tenant.id), channel, variables)
    except TemplateRenderError as exc:
        return Plan(False, f"template error: {exc.message}", failed=True, route=route)
    return Plan(True, decision.reason, route=route, rendered=rendered, address=address)

"""Execution and message types, trigger payloads, and previews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph.context import Info
from graph.core.enums import Channel, ExecutionStatus, MessageStatus
from graph.core.errors import UserError, argument_error
from graph.core.pagination import PageInfo, decode_cursor, encode_cursor
from graph.core.scalars import JSON
from graph.tenants.types import Tenant
from graph.users.types import UserChannelsInput
from graph.workflows.types import Workflow
from models.execution import Execution as ExecutionRow
from models.execution import Message as MessageRow
from models.execution import MessageQuery
from models.execution import TrackedEvent as TrackedEventRow
from resolvers import executions
from resolvers.errors import UserErrors
from resolvers.preview import ChannelPreview

MESSAGE_CURSOR = "message"
DataArg = Annotated[JSON | None, strawberry.argument(description="Template data (a JSON object).")]


@strawberry.type(description="One recipient on one channel of one execution, and its fate.")
class Message:
    id: strawberry.ID = strawberry.field(description="Also the idempotency key sent to vendors.")
    execution_id: strawberry.ID = strawberry.field(description="The execution it belongs to.")
    tenant_id: strawberry.ID = strawberry.field(description="The tenant it was sent for.")
    distinct_id: strawberry.ID = strawberry.field(description="The recipient.")
    channel: Channel = strawberry.field(description="The channel.")
    status: MessageStatus = strawberry.field(description="Where it is in delivery.")
    skip_reason: str | None = strawberry.field(
        description="Why the message was skipped, e.g. the recipient opted out of the category "
        "in this tenant."
    )
    vendor: str | None = strawberry.field(
        description="Which provider sent it, and whose: the tenant's own or the default tenant's."
    )
    vendor_tenant_id: strawberry.ID | None = strawberry.field(
        description="Whose vendor was used: this tenant's, or `default`."
    )
    subject: str | None = strawberry.field(description="The rendered subject.")
    body: str | None = strawberry.field(description="The rendered body.")
    attempts: int = strawberry.field(description="Delivery attempts so far.")
    last_error: str | None = strawberry.field(description="The latest failure's reason.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    sent_at: datetime | None = strawberry.field(description="When the vendor accepted it.")

    @classmethod
    def from_row(cls, row: MessageRow) -> Message:
        return cls(
            id=strawberry.ID(row.id),
            execution_id=strawberry.ID(row.execution_id),
            tenant_id=strawberry.ID(row.tenant_id),
            distinct_id=strawberry.ID(row.distinct_id),
            channel=Channel(row.channel),
            status=MessageStatus(row.status),
            skip_reason=row.skip_reason,
            vendor=row.vendor,
            vendor_tenant_id=row.vendor_tenant_id,
            subject=row.subject,
            body=row.body,
            attempts=row.attempts,
            last_error=row.last_error,
            created_at=row.created_at,
            sent_at=row.sent_at,
        )


@strawberry.type(description="A message in a page of messages.")
class MessageEdge:
    cursor: str = strawberry.field(description="Opaque position of this message.")
    node: Message = strawberry.field(description="The message.")


@strawberry.type(description="A page of messages, newest first.")
class MessageConnection:
    edges: list[MessageEdge] = strawberry.field(description="The messages of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow.")

    @classmethod
    def from_page(cls, rows: list[MessageRow], has_next: bool) -> MessageConnection:
        edges = [
            MessageEdge(cursor=encode_cursor(MESSAGE_CURSOR, r.id), node=Message.from_row(r))
            for r in rows
        ]
        end = edges[-1].cursor if edges else None
        return cls(edges=edges, page_info=PageInfo(has_next_page=has_next, end_cursor=end))


async def messages_page(
    info: Info, query: MessageQuery, first: int | None, after: str | None
) -> MessageConnection:
    try:
        rows, more = await executions.page_messages(
            info.context.req, query, first, decode_cursor(MESSAGE_CURSOR, after)
        )
    except UserErrors as exc:
        raise argument_error(exc) from None
    return MessageConnection.from_page(rows, more)


@strawberry.input(description="Narrows `messages`; every field given must match.")
class MessageFilter:
    tenant_id: strawberry.ID | None = strawberry.field(default=None, description="Tenant.")
    distinct_id: strawberry.ID | None = strawberry.field(default=None, description="Recipient.")
    workflow: strawberry.ID | None = strawberry.field(default=None, description="Workflow slug.")
    execution_id: strawberry.ID | None = strawberry.field(default=None, description="Execution.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="The trigger's idempotency key."
    )
    channel: Channel | None = strawberry.field(default=None, description="Channel.")
    status: list[MessageStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )

    def to_query(self) -> MessageQuery:
        return MessageQuery(
            tenant_id=self.tenant_id,
            distinct_id=self.distinct_id,
            workflow_slug=self.workflow,
            execution_id=self.execution_id,
            idempotency_key=self.idempotency_key,
            channel=self.channel.value if self.channel else None,
            statuses=tuple(s.value for s in self.status) if self.status else None,
        )


@strawberry.type(description="One accepted trigger of a workflow for one tenant.")
class Execution:
    row: strawberry.Private[ExecutionRow]
    id: strawberry.ID = strawberry.field(description="The execution's id.")
    idempotency_key: str | None = strawberry.field(description="The key it was triggered with.")
    cancellation_key: str | None = strawberry.field(
        description="The key cancelWorkflowRuns uses to cancel its queued messages."
    )
    created_at: datetime = strawberry.field(description="When the trigger was accepted.")

    @strawberry.field(description="The workflow that ran.")
    async def workflow(self, info: Info) -> Workflow:
        return Workflow.from_row(await executions.execution_workflow(info.context.req, self.row))

    @strawberry.field(description="The tenant it ran for (kept even if deleted since).")
    async def tenant(self, info: Info) -> Tenant:
        return Tenant.from_row(await executions.execution_tenant(info.context.req, self.row))

    @strawberry.field(description="Derived from the messages' statuses.")
    async def status(self, info: Info) -> ExecutionStatus:
        return await executions.execution_status(info.context.req, self.row)

    @strawberry.field(description="This execution's messages, newest first.")
    async def messages(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> MessageConnection:
        return await messages_page(info, MessageQuery(execution_id=self.row.id), first, after)

    @classmethod
    def from_row(cls, row: ExecutionRow) -> Execution:
        return cls(
            row=row,
            id=strawberry.ID(row.id),
            idempotency_key=row.idempotency_key,
            cancellation_key=row.cancellation_key,
            created_at=row.created_at,
        )


@strawberry.input(description="A recipient (or actor): a user id, optionally updating the user.")
class RecipientInput:
    distinct_id: strawberry.ID = strawberry.field(description="Your id for the user.")
    channels: UserChannelsInput | None = strawberry.field(
        default=strawberry.UNSET, description="Addresses to store on the user, merged per key."
    )
    properties: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Properties to merge into the user's."
    )


@strawberry.type(description="The result of triggerWorkflow.")
class TriggerWorkflowPayload:
    execution: Execution | None = strawberry.field(description="The accepted execution.")
    replayed: bool = strawberry.field(
        description="True when this call repeated an earlier idempotency key and nothing new "
        "was run."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was accepted.")


@strawberry.type(description="An event a user did, and the executions it started.")
class TrackedEvent:
    row: strawberry.Private[TrackedEventRow]
    id: strawberry.ID = strawberry.field(description="The event's id.")
    name: str = strawberry.field(description="The event name.")
    distinct_id: strawberry.ID = strawberry.field(description="The user who did it.")
    tenant_id: strawberry.ID = strawberry.field(description="The tenant it happened in.")

    @strawberry.field(description="One execution per workflow subscribed to the event.")
    async def executions(self, info: Info) -> list[Execution]:
        req = info.context.req
        rows = await req.loaders.event_executions.load((req.workspace_id, self.row.id))
        return [Execution.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, row: TrackedEventRow) -> TrackedEvent:
        return cls(
            row=row,
            id=strawberry.ID(row.id),
            name=row.name,
            distinct_id=strawberry.ID(row.distinct_id),
            tenant_id=strawberry.ID(row.tenant_id),
        )


@strawberry.type(description="The result of trackEvent.")
class TrackEventPayload:
    event: TrackedEvent | None = strawberry.field(description="The recorded event.")
    replayed: bool = strawberry.field(
        description="True when this call repeated an earlier idempotency key."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was recorded.")


@strawberry.type(description="The result of cancelWorkflowRuns.")
class CancelPayload:
    cancelled_messages: int = strawberry.field(description="Queued messages now cancelled.")
    errors: list[UserError] = strawberry.field(description="Why nothing was cancelled.")


@strawberry.type(description="What would happen on one channel for one recipient.")
class ChannelDecision:
    channel: Channel = strawberry.field(description="The channel.")
    send: bool = strawberry.field(description="True when it would be sent.")
    reason: str = strawberry.field(description="Why it would (or would not) be sent.")
    vendor: str | None = strawberry.field(description="The provider that would send it.")
    vendor_tenant_id: strawberry.ID | None = strawberry.field(
        description="Whose vendor: this tenant's or `default`."
    )
    subject: str | None = strawberry.field(description="The rendered subject.")
    body: str | None = strawberry.field(description="The rendered body.")

    @classmethod
    def from_preview(cls, preview: ChannelPreview) -> ChannelDecision:
        p = preview.plan
        return cls(
            channel=Channel(preview.channel),
            send=p.send,
            reason=p.reason,
            vendor=p.route.provider if p.route else None,
            vendor_tenant_id=p.route.vendor_tenant_id if p.route else None,
            subject=p.rendered.subject if p.rendered else None,
            body=p.rendered.body if p.rendered else None,
        )


@strawberry.type(description="The decisions for one recipient.")
class RecipientPreview:
    distinct_id: strawberry.ID = strawberry.field(description="The recipient.")
    decisions: list[ChannelDecision] = strawberry.field(description="One per workflow step.")


@strawberry.type(description="What a trigger would do, sending nothing.")
class WorkflowPreview:
    tenant_id: strawberry.ID = strawberry.field(description="The tenant previewed.")
    recipients: list[RecipientPreview] = strawberry.field(description="Per recipient.")
    errors: list[UserError] = strawberry.field(description="Why no preview could be made.")

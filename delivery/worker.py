"""The delivery worker: claim a batch, decide/route/render each message, send, record.

Runs in-process under `herald serve` or alone as `herald worker`; any number of workers can
share one PostgreSQL database, since claims skip rows another worker holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from datetime import timedelta
from typing import Any

from delivery import wakeup
from delivery.context import load_context, load_execution_parts
from delivery.errors import DeliveryError, TransientError
from delivery.plan import Plan, plan
from delivery.providers import ValidatedVendor
from delivery.senders import OutboundMessage, send
from models.columns import utcnow
from models.db import Database
from models.execution import Message, MessageStatus
from models.loaders import Loaders
from models.queue import claim, record, release
from models.settings import Settings

log = logging.getLogger("herald.worker")
MAX_BACKOFF_SECONDS = 3600.0


def backoff(settings: Settings, attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter; a vendor's Retry-After is a floor."""
    ceiling = min(MAX_BACKOFF_SECONDS, settings.retry_base_seconds * 2 ** max(attempts - 1, 0))
    return max(random.uniform(0, ceiling), retry_after or 0.0)


class Worker:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        concurrency: int = 32,
        batch_size: int = 100,
        lease_seconds: float | None = None,
        poll_seconds: float = 0.2,
        workspace_ids: tuple[str, ...] | None = None,
    ) -> None:
        self.db, self.settings = db, settings
        self.batch_size, self.poll_seconds = batch_size, poll_seconds
        self.lease = timedelta(seconds=lease_seconds or settings.lease_seconds)
        self.sending = asyncio.Semaphore(concurrency)
        self.wake = asyncio.Event()
        self.workspace_ids = workspace_ids

    def kick(self) -> None:
        """New messages are queued: look now rather than at the next poll."""
        self.wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Drains batches until `stop`; a batch in flight is finished, never abandoned."""
        unlisten = wakeup.listen(self.kick)
        try:
            # Two claim loops: one batch's database work overlaps the other's sends.
            await asyncio.gather(self._loop(stop), self._loop(stop))
        finally:
            unlisten()

    async def _loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                if await self.run_once():
                    continue
            except Exception:
                log.exception("worker batch failed; retrying after a pause")
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake_or_stop(stop), self.poll_seconds)

    async def _wake_or_stop(self, stop: asyncio.Event) -> None:
        waits = [asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()

    async def run_once(self) -> int:
        async with self.db.transaction() as session:
            claimed = await claim(session, self.batch_size, self.lease, self.workspace_ids)
        if not claimed:
            return 0
        loaders = Loaders(self.db)
        try:
            outcomes = await asyncio.gather(*(self.deliver(m, loaders) for m in claimed))
        except asyncio.CancelledError:
            async with self.db.transaction() as session:
                await release(session, claimed)
            raise
        async with self.db.transaction() as session:
            await record(session, list(outcomes))
        return len(claimed)

    async def deliver(self, message: Message, loaders: Loaders) -> dict[str, Any]:
        """One message's outcome as column values; never raises."""
        key = {"workspace_id": message.workspace_id, "id": message.id}
        try:
            return key | await self._deliver(message, loaders)
        except Exception:
            log.exception("message %s: unexpected error while delivering", message.id)
            return key | self._retry_or_fail(message, "internal error while delivering", None)

    async def _deliver(self, message: Message, loaders: Loaders) -> dict[str, Any]:
        ws = message.workspace_id
        execution, tenant, workflow = await load_execution_parts(loaders, ws, message.execution_id)
        if execution is None or tenant is None or workflow is None:
            return _final(MessageStatus.FAILED, last_error="execution, tenant or workflow is gone")
        ctx = await load_context(loaders, ws, tenant, workflow, message.distinct_id)
        p = plan(ctx, message.channel, message.distinct_id, execution.data, execution.actor)
        if not p.send:
            if p.failed:
                return _route(p) | _final(MessageStatus.FAILED, last_error=p.reason)
            return _final(MessageStatus.SKIPPED, skip_reason=p.reason)
        assert p.rendered is not None and p.route is not None
        outbound = OutboundMessage(
            message_id=message.id,
            channel=message.channel,
            workflow=workflow.slug,
            tenant_id=tenant.id,
            distinct_id=message.distinct_id,
            subject=p.rendered.subject,
            body=p.rendered.body,
            data=execution.data,
            address=p.address,
        )
        content = {"subject": p.rendered.subject, "body": p.rendered.body}
        return _route(p) | content | await self._send(message, outbound, p.route.vendor)

    async def _send(
        self, message: Message, outbound: OutboundMessage, vendor: ValidatedVendor | None
    ) -> dict[str, Any]:
        try:
            async with self.sending:
                provider_id = await send(outbound, vendor)
        except TransientError as exc:
            return self._retry_or_fail(message, str(exc), exc.retry_after)
        except DeliveryError as exc:
            return _final(MessageStatus.FAILED, last_error=str(exc))
        return _final(
            MessageStatus.SENT, provider_message_id=provider_id, sent_at=utcnow(), last_error=None
        )

    def _retry_or_fail(
        self, message: Message, error: str, retry_after: float | None
    ) -> dict[str, Any]:
        if message.attempts >= self.settings.max_attempts:
            return _final(MessageStatus.FAILED, last_error=error)
        delay = backoff(self.settings, message.attempts, retry_after)
        return {
            "status": MessageStatus.QUEUED,
            "last_error": error,
            "next_attempt_at": utcnow() + timedelta(seconds=delay),
        }


def _route(p: Plan) -> dict[str, Any]:
    """Which vendor (and whose) was chosen, also recorded when the send then fails."""
    if p.route is None:
        return {}
    return {"vendor": p.route.provider, "vendor_tenant_id": p.route.vendor_tenant_id}


def _final(status: MessageStatus, **values: Any) -> dict[str, Any]:
    return {"status": status, **values}

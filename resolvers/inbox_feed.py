"""The live inbox: each new inbox message of one user in one tenant, as it arrives.

Polls the message table (as `watch_messages` does), so a worker in another process is seen.
Polling only "id > last id seen" would lose messages: an id is taken when the trigger is
accepted, not when the message is sent, so an older message can become SENT after a newer one
(another worker's batch, a retry), and one still queued when the subscription starts arrives
later with an id below those already seen. A trigger that commits late also shows up below ids
already seen. So the watcher keeps a floor, the oldest message that may still become SENT but
never later than LOOKBACK_SECONDS ago, and remembers which ids above it it has already told.
A poll is one narrow statement on the inbox index, plus one to load what is new.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field

from models.execution import MESSAGE_ID_PREFIX, MessageStatus
from models.ids import first_id_at
from models.inbox import (
    PENDING,
    InboxItem,
    InboxKey,
    inbox_items,
    inbox_states,
    oldest_pending,
)
from resolvers.inbox import inbox_key
from resolvers.scope import Request

POLL_SECONDS = 0.2
# How late a trigger's commit (or another host's clock) may be and its message still be told.
LOOKBACK_SECONDS = 60.0


def lookback_floor(now: float | None = None) -> str:
    """The lowest message id a poll must still look at when nothing older is pending."""
    return first_id_at(MESSAGE_ID_PREFIX, (time.time() if now is None else now) - LOOKBACK_SECONDS)


@dataclass
class Watermark:
    """What one subscriber has been told: ids told (from `floor` on) and where to look next."""

    floor: str
    told: set[str] = field(default_factory=set)

    def take_new(self, states: Sequence[tuple[str, str]]) -> list[str]:
        """Ids that are SENT and not told yet, oldest first; from now on they count as told."""
        new = [i for i, status in states if status == MessageStatus.SENT and i not in self.told]
        self.told.update(new)
        return new

    def advance(self, states: Sequence[tuple[str, str]], lookback: str) -> None:
        """Moves the floor up to the oldest still-pending message (or the lookback) and forgets
        told ids below it: the next poll reads only what may still change."""
        pending = [id_ for id_, status in states if status in PENDING]
        self.floor = max(self.floor, min([*pending, lookback]))
        self.told = {id_ for id_ in self.told if id_ >= self.floor}


async def watch_inbox(
    req: Request, distinct_id: str, tenant_id: str | None, poll_seconds: float = POLL_SECONDS
) -> AsyncGenerator[InboxItem, None]:
    """Ends when the subscriber completes it (or disconnects), or when its token expires."""
    key = await inbox_key(req, distinct_id, tenant_id)
    mark = await _start(req, key)
    while not req.viewer.expired:
        await asyncio.sleep(poll_seconds)
        for item in await _poll(req, key, mark):
            yield item


async def _start(req: Request, key: InboxKey) -> Watermark:
    """What is in the inbox now is not new; what is still pending, however old, will be."""
    async with req.db.session() as session:
        pending = await oldest_pending(session, key)
        lookback = lookback_floor()
        mark = Watermark(floor=min(pending, lookback) if pending else lookback)
        states = await inbox_states(session, key, mark.floor)
    mark.take_new(states)
    mark.advance(states, lookback_floor())
    return mark


async def _poll(req: Request, key: InboxKey, mark: Watermark) -> list[InboxItem]:
    async with req.db.session() as session:
        states = await inbox_states(session, key, mark.floor)
        new = mark.take_new(states)
        items = await inbox_items(session, key, new) if new else []
    mark.advance(states, lookback_floor())
    return items

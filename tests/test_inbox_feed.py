"""The live inbox's bookkeeping (resolvers.inbox_feed.Watermark), without a database: which
messages are new, and why polling "id > last id seen" would not be enough."""

from __future__ import annotations

from models.ids import first_id_at
from resolvers.inbox_feed import LOOKBACK_SECONDS, Watermark, lookback_floor

SENT, QUEUED, SENDING, LOOKBACK = "SENT", "QUEUED", "SENDING", "msg_0"


def test_messages_sent_before_the_start_are_not_new() -> None:
    mark = Watermark(floor=LOOKBACK)
    mark.take_new([("msg_1", SENT)])
    assert mark.take_new([("msg_1", SENT), ("msg_2", SENT)]) == ["msg_2"]


def test_an_older_message_sent_later_is_still_new() -> None:
    """msg_1 was queued before msg_2 but sent after it (another worker's batch, a retry)."""
    mark = Watermark(floor=LOOKBACK)
    states = [("msg_1", QUEUED), ("msg_2", SENT)]
    assert mark.take_new(states) == ["msg_2"]
    mark.advance(states, lookback="msg_3")
    assert mark.floor == "msg_1"  # still pending: the next poll must look at it
    assert mark.take_new([("msg_1", SENT), ("msg_2", SENT)]) == ["msg_1"]


def test_the_floor_rises_past_what_can_no_longer_change() -> None:
    mark = Watermark(floor=LOOKBACK)
    states = [("msg_1", SENT), ("msg_2", SENDING), ("msg_3", SENT)]
    mark.take_new(states)
    mark.advance(states, lookback="msg_5")
    assert (mark.floor, mark.told) == ("msg_2", {"msg_3"})
    mark.advance([("msg_3", SENT)], lookback="msg_5")  # msg_2 was skipped or failed
    assert (mark.floor, mark.told) == ("msg_5", set())


def test_the_floor_never_falls_back() -> None:
    mark = Watermark(floor="msg_5")
    mark.advance([], lookback="msg_4")  # the wall clock stepped back
    assert mark.floor == "msg_5"


def test_lookback_floor_orders_with_message_ids() -> None:
    now = 1_800_000_000.0
    floor = lookback_floor(now)
    assert floor == first_id_at("msg", now - LOOKBACK_SECONDS)
    made_then = first_id_at("msg", now - LOOKBACK_SECONDS) + "0a1b2c3d4e"
    made_before = first_id_at("msg", now - LOOKBACK_SECONDS - 0.002) + "ffffffffff"
    assert made_before < floor <= made_then

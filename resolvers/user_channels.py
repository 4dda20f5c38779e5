"""A user's channel addresses: per-key validation and the per-key merge of an update.

Shared by upsertUser and (later) inline trigger recipients, which update channels the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.user import SLACK_KEYS
from resolvers import validation as v
from resolvers.writes import merge_top_level

Check = Callable[[str], str | None]
CHECKS: dict[str, Check] = {
    "email": v.check_email,
    "sms": v.check_phone,
    "whatsapp": v.check_phone,
    "ms_teams_webhook_url": v.check_url,
    "webhook_url": v.check_url,
}
SLACK_CHECKS: dict[str, Check] = {
    "webhook_url": v.check_url,
    "user_id": v.check_slack_id,
    "channel_id": v.check_slack_id,
}


def check_channels(checker: v.Checker, channels: dict[str, Any], path: list[str]) -> None:
    """Every non-null address in the patch must have its channel's shape."""
    for key, value in channels.items():
        if value is None:
            continue
        if key == "slack":
            _check_slack(checker, value, [*path, "slack"])
        else:
            checker.check([*path, v.camel(key)], CHECKS[key](value))


def _check_slack(checker: v.Checker, slack: dict[str, Any], path: list[str]) -> None:
    for key, value in slack.items():
        if value is not None:
            checker.check([*path, v.camel(key)], SLACK_CHECKS[key](value))


def merge_channels(current: dict[str, Any], patch: dict[str, Any] | None) -> dict[str, Any]:
    """Per key: omitted kept, null removed. `slack` merges per sub-key; emptied, it goes."""
    patch = dict(patch or {})
    if patch.get("slack") is not None:
        slack = merge_top_level(current.get("slack") or {}, patch["slack"])
        patch["slack"] = {k: slack[k] for k in SLACK_KEYS if k in slack} or None
    return merge_top_level(current, patch)

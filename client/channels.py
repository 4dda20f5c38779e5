"""SuprSend-style channel keys (`$email`, `$slack`, ...) to Herald's UserChannelsInput, and back.

One home for the mapping, used by recipients, actors, `users.upsert` and `User.channels`.

Herald keeps one address per channel and user. SuprSend accepts lists (`"$email": ["a@x"]`):
a one-item list is unwrapped; a longer list is a ValueError rather than silently dropping
addresses, because a recipient who quietly stops getting mail is worse than a loud port.
"""

from __future__ import annotations

from typing import Any

# `$` key -> UserChannelsInput field, for channels whose address is one string.
STRING_CHANNELS = {
    "$email": "email",
    "$sms": "sms",
    "$whatsapp": "whatsapp",
    "$ms_teams": "msTeamsWebhookUrl",
    "$webhook": "webhookUrl",
}
# `$slack` dict key -> SlackAddressInput field; `channel` is SuprSend's name for channel_id.
SLACK_FIELDS = {
    "webhook_url": "webhookUrl",
    "user_id": "userId",
    "channel_id": "channelId",
    "channel": "channelId",
}
# What `User.channels["$slack"]` holds: the canonical names only.
SLACK_OUT = {"webhook_url": "webhookUrl", "user_id": "userId", "channel_id": "channelId"}
CHANNEL_KEYS = (*STRING_CHANNELS, "$slack")


def channels_to_graphql(values: dict[str, Any], where: str) -> dict[str, Any]:
    """Maps `{"$email": ..., "$slack": ...}` to UserChannelsInput; `where` names the dict."""
    channels: dict[str, Any] = {}
    for key, value in values.items():
        at = f"{where}[{key!r}]"
        if key == "$slack":
            channels["slack"] = _slack(_one(value, at), at)
        elif key == "$ms_teams":
            channels["msTeamsWebhookUrl"] = _address(_incoming_webhook(_one(value, at)), at)
        elif key in STRING_CHANNELS:
            channels[STRING_CHANNELS[key]] = _address(_one(value, at), at)
        else:
            raise ValueError(
                f"{where}: unknown channel key {key!r} (Herald supports {', '.join(CHANNEL_KEYS)})"
            )
    return channels


def channels_from_graphql(raw: dict[str, Any]) -> dict[str, Any]:
    """Maps a UserChannels object back to `$` keys, leaving out channels that are not set."""
    found = {key: raw.get(field) for key, field in STRING_CHANNELS.items()}
    slack = raw.get("slack") or {}
    found["$slack"] = {name: slack[f] for name, f in SLACK_OUT.items() if slack.get(f)} or None
    return {key: value for key, value in found.items() if value is not None}


def _one(value: Any, at: str) -> Any:
    """Unwraps SuprSend's one-item address lists; refuses lists Herald cannot honour."""
    if not isinstance(value, list):
        return value
    if len(value) != 1:
        raise ValueError(
            f"{at}: Herald keeps one address per channel; give one, not a list of {len(value)}"
        )
    return value[0]


def _address(value: Any, at: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{at}: must be a non-empty string")
    return value


def _incoming_webhook(value: Any) -> Any:
    """SuprSend's `{"incoming_webhook": {"url": ...}}` form, as its URL."""
    if isinstance(value, dict) and set(value) == {"incoming_webhook"}:
        hook = value["incoming_webhook"]
        return hook.get("url") if isinstance(hook, dict) else hook
    return value


def _slack(value: Any, at: str) -> dict[str, Any]:
    """A webhook URL string, or a dict of webhook_url / user_id / channel_id (or SuprSend's
    `channel` and `incoming_webhook: {"url": ...}`)."""
    if isinstance(value, str):
        return {"webhookUrl": _address(value, at)}
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{at}: must be a webhook URL or a dict of webhook_url/user_id/channel_id")
    slack: dict[str, Any] = {}
    for name, item in value.items():
        if name == "incoming_webhook":
            slack["webhookUrl"] = _address(
                _incoming_webhook({name: item}), f"{at}[{name!r}]['url']"
            )
        elif name in SLACK_FIELDS:
            slack[SLACK_FIELDS[name]] = _address(item, f"{at}[{name!r}]")
        else:
            raise ValueError(
                f"{at}: unknown key {name!r} (use webhook_url, user_id or channel_id; "
                "a bot token belongs to the tenant's SLACK vendor, see tenants.set_vendor)"
            )
    return slack

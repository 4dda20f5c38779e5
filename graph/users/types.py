"""User types: addresses per channel, the user, their preferences per tenant, and inputs."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from graph.context import Info
from graph.core.errors import UserError, argument_error
from graph.core.inputs import or_none
from graph.core.scalars import JSON
from graph.inbox.types import AfterArg, FirstArg, InboxConnection, UnreadOnlyArg, inbox_page
from graph.permissions import SERVER_ONLY, OwnInbox, OwnPreferences
from graph.preferences.types import UserPreferences
from models.user import SLACK_KEYS
from models.user import User as UserRow
from resolvers import user_preferences
from resolvers.errors import UserErrors

# Optional with no default in the SDL, as in the contract; the resolvers get None for omitted.
TenantIdArg = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="The tenant; omitted or null means the default tenant (for a user token, "
        "its own tenant)."
    ),
]


@strawberry.type(description="Where to reach a user on Slack.")
class SlackAddress:
    webhook_url: str | None = strawberry.field(description="An incoming-webhook URL.")
    user_id: str | None = strawberry.field(description="Slack user id, for a bot's DM.")
    channel_id: str | None = strawberry.field(description="Slack channel id, for a bot's post.")

    @classmethod
    def from_dict(cls, slack: dict[str, str]) -> SlackAddress:
        return cls(**{key: slack.get(key) for key in SLACK_KEYS})


@strawberry.type(description="A user's address on each channel; null where not set.")
class UserChannels:
    email: str | None = strawberry.field(description="Email address.")
    sms: str | None = strawberry.field(description="Phone number for SMS, E.164.")
    whatsapp: str | None = strawberry.field(description="WhatsApp number, E.164.")
    slack: SlackAddress | None = strawberry.field(description="Slack webhook or ids.")
    ms_teams_webhook_url: str | None = strawberry.field(description="MS Teams webhook URL.")
    webhook_url: str | None = strawberry.field(description="The user's own webhook URL.")

    @classmethod
    def from_dict(cls, channels: dict[str, Any]) -> UserChannels:
        slack = channels.get("slack")
        return cls(
            email=channels.get("email"),
            sms=channels.get("sms"),
            whatsapp=channels.get("whatsapp"),
            slack=SlackAddress.from_dict(slack) if slack else None,
            ms_teams_webhook_url=channels.get("ms_teams_webhook_url"),
            webhook_url=channels.get("webhook_url"),
        )


def _set(description: str) -> Any:
    return strawberry.field(default=strawberry.UNSET, description=description)


@strawberry.input(description="Slack address fields; omitted are kept, null removes.")
class SlackAddressInput:
    webhook_url: str | None = _set("An http(s) incoming-webhook URL.")
    user_id: str | None = _set("Slack user id, e.g. U012AB3CD.")
    channel_id: str | None = _set("Slack channel id, e.g. C012AB3CD.")


@strawberry.input(description="Channel addresses, merged per channel: omitted kept, null removes.")
class UserChannelsInput:
    email: str | None = _set("Email address.")
    sms: str | None = _set("E.164 phone number, e.g. +14155550123.")
    whatsapp: str | None = _set("E.164 phone number.")
    slack: SlackAddressInput | None = _set("Merged per field; null removes the Slack address.")
    ms_teams_webhook_url: str | None = _set("An http(s) MS Teams webhook URL.")
    webhook_url: str | None = _set("An http(s) URL.")


@strawberry.type(description="Someone notifications are sent to, identified by your id for them.")
class User:
    row: strawberry.Private[UserRow]
    distinct_id: strawberry.ID = strawberry.field(description="Your id for the user.")
    # Server only: channels hold webhook URLs (credentials), properties the product's own data.
    channels: UserChannels = strawberry.field(
        description="Where to reach the user.", permission_classes=SERVER_ONLY
    )
    properties: JSON = strawberry.field(
        description="Custom properties for templates.", permission_classes=SERVER_ONLY
    )
    timezone: str | None = strawberry.field(description="IANA timezone.")

    @strawberry.field(
        description="The user's preferences in one tenant.", permission_classes=[OwnPreferences]
    )
    async def preferences(
        self, info: Info, tenant_id: TenantIdArg = strawberry.UNSET
    ) -> UserPreferences:
        req, tenant = info.context.req, or_none(tenant_id)
        try:
            view = await user_preferences.preferences_view(req, self.row, tenant)
        except UserErrors as exc:
            raise argument_error(exc) from None
        return UserPreferences.from_view(view)

    @strawberry.field(
        description="The user's in-app inbox in one tenant: sent INBOX messages, newest first.",
        permission_classes=[OwnInbox],
    )
    async def inbox(
        self,
        info: Info,
        tenant_id: TenantIdArg = strawberry.UNSET,
        first: FirstArg = strawberry.UNSET,
        after: AfterArg = strawberry.UNSET,
        unread_only: UnreadOnlyArg = strawberry.UNSET,
    ) -> InboxConnection:
        return await inbox_page(
            info,
            self.row.distinct_id,
            or_none(tenant_id),
            or_none(first),
            or_none(after),
            bool(or_none(unread_only)),
        )

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(
            row=row,
            distinct_id=strawberry.ID(row.distinct_id),
            channels=UserChannels.from_dict(row.channels),
            properties=row.properties,
            timezone=row.timezone,
        )


@strawberry.input(description="User fields to set; omitted fields are kept.")
class UserInput:
    channels: UserChannelsInput | None = _set("Merged per channel; null in a channel removes it.")
    properties: JSON | None = _set(
        "A JSON object merged by top-level key; a key set to null is removed."
    )
    timezone: str | None = _set("IANA timezone, e.g. Europe/Berlin; null clears.")


@strawberry.type(description="The result of upsertUser.")
class UserPayload:
    user: User | None = strawberry.field(description="The user as stored; null on errors.")
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")

"""GraphQL enums over the domain's own enums, so both layers share one set of values."""

import strawberry

from models.channels import Channel as ChannelValue
from models.execution import ExecutionStatus as ExecutionStatusValue
from models.execution import MessageStatus as MessageStatusValue
from models.preference_values import PreferenceSource as PreferenceSourceValue
from models.preference_values import TenantPreference as TenantPreferenceValue
from models.preference_values import UserPreference as UserPreferenceValue
from resolvers.errors import Code
from resolvers.scope import Scope

Channel = strawberry.enum(ChannelValue, name="Channel", description="A delivery channel.")
ErrorCode = strawberry.enum(
    Code, name="ErrorCode", description="What kind of problem a UserError reports."
)
ViewerScope = strawberry.enum(
    Scope,
    name="ViewerScope",
    description="SERVER: a server key, the whole workspace. USER: a user token, one user.",
)
TenantPreference = strawberry.enum(
    TenantPreferenceValue,
    name="TenantPreference",
    description="A category's default for users who have not chosen: OPT_IN, OPT_OUT, or "
    "CANT_UNSUBSCRIBE (users cannot opt out of the category, only of non-mandatory channels).",
)
UserPreference = strawberry.enum(
    UserPreferenceValue,
    name="UserPreference",
    description="A user's choice for a category in one tenant.",
)
PreferenceSource = strawberry.enum(
    PreferenceSourceValue,
    name="PreferenceSource",
    description="Who decided a value: the user, the tenant's override, or the category default.",
)
ExecutionStatus = strawberry.enum(
    ExecutionStatusValue,
    name="ExecutionStatus",
    description="Derived from the messages: ACCEPTED (all queued), RUNNING (some queued or "
    "sending), then COMPLETED, CANCELLED (all cancelled) or FAILED (all failed).",
)
MessageStatus = strawberry.enum(
    MessageStatusValue,
    name="MessageStatus",
    description="QUEUED -> SENDING -> SENT, FAILED or (retry) QUEUED; SKIPPED by preferences or "
    "a missing address; CANCELLED by cancelWorkflowRuns.",
)

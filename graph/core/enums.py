"""GraphQL enums over the domain's own enums, so both layers share one set of values."""

import strawberry

from models.channels import Channel as ChannelValue
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

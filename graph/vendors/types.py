"""Vendor types: what is stored (never the secret values), the input and the payload."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.core.enums import Channel
from graph.core.errors import UserError
from graph.core.scalars import JSON
from models.vendor import TenantVendor as VendorRow


@strawberry.type(
    description="A tenant's own provider for one channel. Secret values are write-only."
)
class TenantVendor:
    channel: Channel = strawberry.field(description="The channel this vendor sends on.")
    provider: str = strawberry.field(
        description="The provider, e.g. smtp, sendgrid, twilio, slack, msteams, webhook."
    )
    config: JSON = strawberry.field(
        description="The provider's settings as stored, defaults filled in; never secrets."
    )
    secret_fields: list[str] = strawberry.field(
        description="Names of the secrets that are set; their values are never returned."
    )
    enabled: bool = strawberry.field(
        description="A disabled vendor is skipped: the default tenant's is used instead."
    )
    updated_at: datetime = strawberry.field(description="When the vendor last changed.")

    @classmethod
    def from_row(cls, row: VendorRow) -> TenantVendor:
        return cls(
            channel=Channel(row.channel),
            provider=row.provider,
            config=row.config,
            secret_fields=list(row.secret_fields),
            enabled=row.enabled,
            updated_at=row.updated_at,
        )


@strawberry.input(
    description="A vendor for one channel; replaces the tenant's vendor for that channel."
)
class TenantVendorInput:
    channel: Channel = strawberry.field(description="The channel; one vendor per channel.")
    provider: str = strawberry.field(description="A provider that serves the channel.")
    config: JSON = strawberry.field(
        description="The provider's settings (replaced whole); see the provider table."
    )
    secrets: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Write-only credentials. Omitted keeps the stored ones (same provider); null "
            "clears them; an object replaces the keys it names, a key set to null is removed."
        ),
    )
    enabled: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Omitted or null keeps the current value; new vendors start enabled.",
    )


@strawberry.type(description="The result of setTenantVendor.")
class TenantVendorPayload:
    vendor: TenantVendor | None = strawberry.field(
        description="The vendor as stored, without secret values; null on errors."
    )
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")

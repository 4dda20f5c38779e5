"""Vendor routing: the one home of the tenant -> default-tenant vendor fallback.

It works on rows already loaded (by the per-request loader), so a trigger for
many recipients loads each tenant's vendors once and routes in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from delivery.providers import PROVIDERS, ValidatedVendor
from models.vendor import TenantVendor


@dataclass(frozen=True)
class Route:
    """Which vendor sends on a channel, and whose it is.

    `vendor` is None when neither the tenant nor the default tenant has an
    enabled vendor for the channel; `reason` then says so. Whether a channel
    can go out without a vendor (INBOX, a recipient's Slack or Teams webhook)
    is the caller's call, not this module's.
    """

    channel: str
    vendor: ValidatedVendor | None
    vendor_tenant_id: str | None = None
    reason: str | None = None

    @property
    def provider(self) -> str | None:
        return self.vendor.provider if self.vendor else None


def route_vendor(
    channel: str,
    tenant_vendors: Iterable[TenantVendor],
    default_vendors: Iterable[TenantVendor],
) -> Route:
    """The tenant's enabled vendor for `channel`, else the default tenant's, else none."""
    for rows in (tenant_vendors, default_vendors):
        row = _enabled(rows, channel)
        if row is not None:
            return Route(channel, _validated(row), vendor_tenant_id=row.tenant_id)
    return Route(channel, None, reason=f"no vendor for {channel}")


def _enabled(rows: Iterable[TenantVendor], channel: str) -> TenantVendor | None:
    for row in rows:
        if row.channel == channel and row.enabled and row.provider in PROVIDERS.get(channel, ()):
            return row
    return None


def _validated(row: TenantVendor) -> ValidatedVendor:
    """Rebuilt from the row, which was validated and normalised when it was written."""
    return ValidatedVendor(
        provider=row.provider,
        config=dict(row.config),
        secrets=row.unseal(),
        secret_fields=tuple(row.secret_fields),
    )

"""The effective branding of a tenant: the one home of the default-tenant fallback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.tenant import Tenant

FALLBACK_FIELDS = (
    "logo",
    "primary_color",
    "secondary_color",
    "tertiary_color",
    "timezone",
    "preference_page_url",
)


@dataclass(frozen=True)
class Branding:
    tenant_id: str
    tenant_name: str
    logo: str | None = None
    primary_color: str | None = None
    secondary_color: str | None = None
    tertiary_color: str | None = None
    social_links: dict[str, str] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    timezone: str | None = None
    preference_page_url: str | None = None

    def template_vars(self) -> dict[str, Any]:
        """What templates see as `tenant` (and `brand`): snake_case keys."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def effective_branding(tenant: Tenant, default: Tenant | None) -> Branding:
    """Each unset field falls back to the default tenant's; links and properties merge by key."""
    base = default if default is not None and default.id != tenant.id else None
    values = {
        name: getattr(tenant, name) or (getattr(base, name) if base else None)
        for name in FALLBACK_FIELDS
    }
    return Branding(
        tenant_id=tenant.id,
        tenant_name=tenant.name,
        social_links={**(base.social_links if base else {}), **tenant.social_links},
        properties={**(base.properties if base else {}), **tenant.properties},
        **values,
    )

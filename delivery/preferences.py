"""Preference evaluation: should one recipient get one category on one channel in one tenant?

This is the single home for the preference rules in DESIGN.md ("Preferences"). It is pure
(no database, no I/O) so the delivery worker, the resolvers that show users their settings and
the tests all share exactly one implementation. Inputs are read by attribute, so database rows
and plain test objects both fit the protocols below.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

OPT_IN = "OPT_IN"
OPT_OUT = "OPT_OUT"
CANT_UNSUBSCRIBE = "CANT_UNSUBSCRIBE"

USER = "USER"
TENANT = "TENANT"
CATEGORY = "CATEGORY"

DEFAULT_PREFERENCES = frozenset({OPT_IN, OPT_OUT, CANT_UNSUBSCRIBE})
USER_PREFERENCES = frozenset({OPT_IN, OPT_OUT})

_WHOSE_DEFAULT = {TENANT: "the tenant's default", CATEGORY: "the category's default"}


class Category(Protocol):
    """A workspace-level category: the defaults every tenant starts from."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def default_preference(self) -> str: ...
    @property
    def default_mandatory_channels(self) -> Sequence[str]: ...


class TenantCategoryPreference(Protocol):
    """A tenant's override for one category; None fields inherit the category's value."""

    @property
    def preference(self) -> str | None: ...
    @property
    def visible_to_subscriber(self) -> bool: ...
    @property
    def mandatory_channels(self) -> Sequence[str] | None: ...
    @property
    def opt_in_channels(self) -> Sequence[str] | None: ...
    @property
    def enabled_for_tenant(self) -> bool: ...


class UserCategoryPreference(Protocol):
    """What one user chose for one category in one tenant."""

    @property
    def preference(self) -> str: ...
    @property
    def opted_out_channels(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Decision:
    """Whether to send, and why: the reason and source are logged for skipped messages."""

    send: bool
    reason: str
    source: str


@dataclass(frozen=True)
class EffectivePreference:
    """A category's settings as a user should see (and may edit) them in one tenant."""

    preference: str
    opted_out_channels: list[str]
    mandatory_channels: list[str]
    is_editable: bool
    source: str
    visible: bool


def mandatory_channels(
    category: Category, tenant_pref: TenantCategoryPreference | None
) -> list[str]:
    """Channels that always send: the tenant's list when it sets one (even empty), else the
    category's defaults. One home for this rule so evaluation and display never disagree."""
    if tenant_pref is not None and tenant_pref.mandatory_channels is not None:
        return list(tenant_pref.mandatory_channels)
    return list(category.default_mandatory_channels)


def tenant_default(
    category: Category, tenant_pref: TenantCategoryPreference | None
) -> tuple[str, str]:
    """The (preference, source) a tenant's users start from: what the tenant's settings show.
    Unlike `effective_preference`, CANT_UNSUBSCRIBE is reported as itself."""
    return _default_preference(category, tenant_pref)


def _default_preference(
    category: Category, tenant_pref: TenantCategoryPreference | None
) -> tuple[str, str]:
    """The (preference, source) a user starts from: the tenant's override, else the category's.

    Raises ValueError on an unknown value, so a bad row fails loudly instead of sending."""
    if tenant_pref is not None and tenant_pref.preference is not None:
        value, source = tenant_pref.preference, TENANT
    else:
        value, source = category.default_preference, CATEGORY
    if value not in DEFAULT_PREFERENCES:
        raise ValueError(f"unknown preference {value!r} for category {category.slug!r}")
    return value, source


def evaluate(
    channel: str,
    category: Category,
    tenant_pref: TenantCategoryPreference | None,
    user_pref: UserCategoryPreference | None,
    blocked_channels: Collection[str],
    restricted_channels: Collection[str],
) -> Decision:
    """Decide one (recipient, category, tenant, channel) in the order DESIGN.md fixes.

    Tenant gates come first, then mandatory channels (which beat any user choice), then the
    user's restrictions, then the effective category preference."""
    return (
        _tenant_gate(channel, category, tenant_pref, blocked_channels)
        or _mandatory(channel, category, tenant_pref)
        or _restricted(channel, category, restricted_channels)
        or _by_preference(channel, category, tenant_pref, user_pref)
    )


def effective_preference(
    category: Category,
    tenant_pref: TenantCategoryPreference | None,
    user_pref: UserCategoryPreference | None,
) -> EffectivePreference:
    """What a user's preference page shows; CANT_UNSUBSCRIBE reads as a locked OPT_IN."""
    mandatory = mandatory_channels(category, tenant_pref)
    preference, source = _effective(category, tenant_pref, user_pref)
    locked = preference == CANT_UNSUBSCRIBE
    visible = tenant_pref is None or (
        tenant_pref.visible_to_subscriber and tenant_pref.enabled_for_tenant
    )
    return EffectivePreference(
        preference=OPT_IN if locked else preference,
        opted_out_channels=[c for c in _user_opted_out(user_pref) if c not in mandatory],
        mandatory_channels=mandatory,
        is_editable=not locked,
        source=source,
        visible=visible,
    )


def _tenant_gate(
    channel: str,
    category: Category,
    tenant_pref: TenantCategoryPreference | None,
    blocked_channels: Collection[str],
) -> Decision | None:
    """Rules 1-2: the tenant can switch a category off, block channels, or allow only some."""
    cat = f"category '{category.slug}'"
    if tenant_pref is not None and not tenant_pref.enabled_for_tenant:
        return _skip(f"{cat} is disabled for this tenant (channel {channel})", TENANT)
    if channel in blocked_channels:
        return _skip(f"channel {channel} is blocked by the tenant ({cat})", TENANT)
    allowed = tenant_pref.opt_in_channels if tenant_pref is not None else None
    if allowed is not None and channel not in allowed:
        return _skip(f"channel {channel} is not in the tenant's opt-in channels for {cat}", TENANT)
    return None


def _mandatory(
    channel: str, category: Category, tenant_pref: TenantCategoryPreference | None
) -> Decision | None:
    """Rule 3: a mandatory channel sends whatever the user chose."""
    if channel not in mandatory_channels(category, tenant_pref):
        return None
    from_tenant = tenant_pref is not None and tenant_pref.mandatory_channels is not None
    source, whose = (TENANT, "the tenant") if from_tenant else (CATEGORY, "the category default")
    reason = f"{channel} is mandatory for category '{category.slug}' (set by {whose})"
    return Decision(True, reason, source)


def _restricted(
    channel: str, category: Category, restricted_channels: Collection[str]
) -> Decision | None:
    """Rule 4: a channel the user restricted never carries non-mandatory messages."""
    if channel in restricted_channels:
        reason = f"user restricted channel {channel} in this tenant (category '{category.slug}')"
        return _skip(reason, USER)
    return None


def _by_preference(
    channel: str,
    category: Category,
    tenant_pref: TenantCategoryPreference | None,
    user_pref: UserCategoryPreference | None,
) -> Decision:
    """Rule 5: the effective category preference, then the user's channel opt-outs."""
    cat = f"category '{category.slug}'"
    preference, source = _effective(category, tenant_pref, user_pref)
    whose = _WHOSE_DEFAULT.get(source, "the user")
    if preference == OPT_OUT:
        if source == USER:
            return _skip(f"user opted out of {cat} in this tenant (channel {channel})", USER)
        return _skip(f"{cat} is opt-out by {whose}; skipping {channel}", source)
    if channel in _user_opted_out(user_pref):
        return _skip(f"user opted out of channel {channel} for {cat} in this tenant", USER)
    if preference == CANT_UNSUBSCRIBE:
        ignored = ", stored opt-out ignored" if _user_opted_out_of_category(user_pref) else ""
        reason = f"{cat} cannot be unsubscribed ({whose}){ignored}; sending {channel}"
        return Decision(True, reason, source)
    if source == USER:
        return Decision(True, f"user opted in to {cat} in this tenant (channel {channel})", USER)
    return Decision(True, f"{cat} is opt-in by {whose}; sending {channel}", source)


def _effective(
    category: Category,
    tenant_pref: TenantCategoryPreference | None,
    user_pref: UserCategoryPreference | None,
) -> tuple[str, str]:
    """(preference, source) that counts: CANT_UNSUBSCRIBE locks out the user's choice, else the
    user's own choice wins over any default, so a changed default never overrides it."""
    default, default_source = _default_preference(category, tenant_pref)
    if default == CANT_UNSUBSCRIBE or user_pref is None:
        return default, default_source
    if user_pref.preference not in USER_PREFERENCES:
        raise ValueError(
            f"unknown user preference {user_pref.preference!r} for category {category.slug!r}"
        )
    return user_pref.preference, USER


def _user_opted_out_of_category(user_pref: UserCategoryPreference | None) -> bool:
    return user_pref is not None and user_pref.preference == OPT_OUT


def _user_opted_out(user_pref: UserCategoryPreference | None) -> Sequence[str]:
    return user_pref.opted_out_channels if user_pref is not None else ()


def _skip(reason: str, source: str) -> Decision:
    return Decision(False, reason, source)

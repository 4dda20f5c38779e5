"""Table-driven tests for delivery.preferences: the evaluation order and the settings view."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pytest

from delivery.preferences import (
    CANT_UNSUBSCRIBE,
    CATEGORY,
    OPT_IN,
    OPT_OUT,
    TENANT,
    USER,
    EffectivePreference,
    effective_preference,
    evaluate,
    mandatory_channels,
)


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    default_preference: str
    default_mandatory_channels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TenantPref:
    preference: str | None = None
    visible_to_subscriber: bool = True
    mandatory_channels: list[str] | None = None
    opt_in_channels: list[str] | None = None
    enabled_for_tenant: bool = True


@dataclass(frozen=True)
class UserPref:
    preference: str = OPT_IN
    opted_out_channels: list[str] = field(default_factory=list)


BILLING = Category("billing", "Billing", OPT_IN)
SECURITY = Category("security", "Security", OPT_IN, ["EMAIL"])
MARKETING = Category("marketing", "Marketing", OPT_OUT)
LEGAL = Category("legal", "Legal", CANT_UNSUBSCRIBE)

NONE: frozenset[str] = frozenset()


def case(
    case_id: str,
    channel: str,
    category: Category,
    *,
    tenant: TenantPref | None = None,
    user: UserPref | None = None,
    blocked: Collection[str] = NONE,
    restricted: Collection[str] = NONE,
    send: bool,
    source: str,
    says: tuple[str, ...] = (),
) -> object:
    return pytest.param(
        channel, category, tenant, user, blocked, restricted, send, source, says, id=case_id
    )


EVALUATE_CASES = [
    # 1. category disabled for the tenant, or channel blocked by the tenant
    case("disabled-for-tenant", "EMAIL", BILLING, tenant=TenantPref(enabled_for_tenant=False),
         send=False, source=TENANT, says=("disabled for this tenant",)),
    case("disabled-beats-mandatory", "EMAIL", SECURITY,
         tenant=TenantPref(enabled_for_tenant=False), send=False, source=TENANT,
         says=("disabled",)),
    case("disabled-beats-user-opt-in", "EMAIL", BILLING,
         tenant=TenantPref(enabled_for_tenant=False), user=UserPref(OPT_IN), send=False,
         source=TENANT, says=("disabled",)),
    case("blocked-channel", "SMS", BILLING, blocked={"SMS"}, send=False, source=TENANT,
         says=("channel SMS is blocked by the tenant",)),
    case("blocked-beats-category-mandatory", "EMAIL", SECURITY, blocked={"EMAIL"}, send=False,
         source=TENANT, says=("blocked by the tenant",)),
    case("blocked-beats-tenant-mandatory", "SMS", BILLING,
         tenant=TenantPref(mandatory_channels=["SMS"]), blocked={"SMS"}, send=False,
         source=TENANT, says=("blocked",)),
    case("blocked-other-channel-sends", "EMAIL", BILLING, blocked={"SMS"}, send=True,
         source=CATEGORY, says=("opt-in",)),
    # 2. channel not in the tenant's opt-in channels
    case("opt-in-channels-exclude", "SMS", BILLING, tenant=TenantPref(opt_in_channels=["EMAIL"]),
         send=False, source=TENANT, says=("not in the tenant's opt-in channels",)),
    case("opt-in-channels-include", "EMAIL", BILLING,
         tenant=TenantPref(opt_in_channels=["EMAIL"]), send=True, source=CATEGORY,
         says=("opt-in",)),
    case("opt-in-channels-none-means-all", "WHATSAPP", BILLING,
         tenant=TenantPref(opt_in_channels=None), send=True, source=CATEGORY,
         says=("opt-in",)),
    case("opt-in-channels-empty-allows-none", "INBOX", BILLING,
         tenant=TenantPref(opt_in_channels=[]), send=False, source=TENANT,
         says=("opt-in channels",)),
    case("opt-in-channels-beat-mandatory", "EMAIL", SECURITY,
         tenant=TenantPref(opt_in_channels=["SMS"]), send=False, source=TENANT,
         says=("opt-in channels",)),
    # 3. mandatory channel: the tenant's list, else the category's
    case("category-mandatory-sends", "EMAIL", SECURITY, send=True, source=CATEGORY,
         says=("EMAIL is mandatory for category 'security'", "category default")),
    case("mandatory-beats-user-restriction", "EMAIL", SECURITY, restricted={"EMAIL"},
         send=True, source=CATEGORY, says=("mandatory",)),
    case("mandatory-beats-user-category-opt-out", "EMAIL", SECURITY, user=UserPref(OPT_OUT),
         send=True, source=CATEGORY, says=("mandatory",)),
    case("mandatory-beats-user-channel-opt-out", "EMAIL", SECURITY,
         user=UserPref(OPT_IN, ["EMAIL"]), send=True, source=CATEGORY, says=("mandatory",)),
    case("tenant-mandatory-list-sends", "SMS", SECURITY,
         tenant=TenantPref(mandatory_channels=["SMS"]), user=UserPref(OPT_OUT), send=True,
         source=TENANT, says=("SMS is mandatory", "set by the tenant")),
    case("tenant-mandatory-list-replaces-category-list", "EMAIL", SECURITY,
         tenant=TenantPref(mandatory_channels=["SMS"]), user=UserPref(OPT_OUT), send=False,
         source=USER, says=("user opted out of category 'security' in this tenant",)),
    case("tenant-empty-mandatory-list", "EMAIL", SECURITY,
         tenant=TenantPref(mandatory_channels=[]), user=UserPref(OPT_IN, ["EMAIL"]),
         send=False, source=USER, says=("opted out of channel EMAIL",)),
    case("tenant-mandatory-none-inherits-category", "EMAIL", SECURITY,
         tenant=TenantPref(mandatory_channels=None), user=UserPref(OPT_OUT), send=True,
         source=CATEGORY, says=("mandatory",)),
    case("tenant-mandatory-beats-restriction", "SLACK", BILLING,
         tenant=TenantPref(mandatory_channels=["SLACK"]), restricted={"SLACK"}, send=True,
         source=TENANT, says=("mandatory",)),
    # 4. user restricted the channel
    case("user-restricted-channel", "SMS", BILLING, user=UserPref(OPT_IN), restricted={"SMS"},
         send=False, source=USER, says=("user restricted channel SMS",)),
    case("user-restricted-other-channel-sends", "EMAIL", BILLING, restricted={"SMS"}, send=True,
         source=CATEGORY, says=("opt-in",)),
    case("restriction-beats-cant-unsubscribe", "SMS", LEGAL, restricted={"SMS"}, send=False,
         source=USER, says=("restricted",)),
    # 5. effective category preference, then channel opt-outs
    case("category-default-opt-in", "EMAIL", BILLING, send=True, source=CATEGORY,
         says=("opt-in by the category's default",)),
    case("category-default-opt-out", "EMAIL", MARKETING, send=False, source=CATEGORY,
         says=("opt-out by the category's default",)),
    case("tenant-default-opt-out-over-category-opt-in", "EMAIL", BILLING,
         tenant=TenantPref(preference=OPT_OUT), send=False, source=TENANT,
         says=("opt-out by the tenant's default",)),
    case("tenant-default-opt-in-over-category-opt-out", "EMAIL", MARKETING,
         tenant=TenantPref(preference=OPT_IN), send=True, source=TENANT,
         says=("opt-in by the tenant's default",)),
    case("tenant-preference-none-inherits-category", "EMAIL", MARKETING,
         tenant=TenantPref(preference=None), send=False, source=CATEGORY,
         says=("category's default",)),
    case("user-opt-in-beats-category-opt-out", "EMAIL", MARKETING, user=UserPref(OPT_IN),
         send=True, source=USER, says=("user opted in to category 'marketing'",)),
    case("user-opt-out-beats-category-opt-in", "EMAIL", BILLING, user=UserPref(OPT_OUT),
         send=False, source=USER, says=("user opted out of category 'billing' in this tenant",)),
    case("changed-tenant-default-keeps-user-opt-in", "EMAIL", BILLING,
         tenant=TenantPref(preference=OPT_OUT), user=UserPref(OPT_IN), send=True, source=USER,
         says=("user opted in",)),
    case("changed-tenant-default-keeps-user-opt-out", "EMAIL", MARKETING,
         tenant=TenantPref(preference=OPT_IN), user=UserPref(OPT_OUT), send=False, source=USER,
         says=("user opted out of category",)),
    case("user-channel-opt-out", "SMS", BILLING, user=UserPref(OPT_IN, ["SMS"]), send=False,
         source=USER, says=("user opted out of channel SMS",)),
    case("user-channel-opt-out-other-channel-sends", "EMAIL", BILLING,
         user=UserPref(OPT_IN, ["SMS"]), send=True, source=USER, says=("opted in",)),
    case("user-category-opt-out-reported-before-channel", "SMS", BILLING,
         user=UserPref(OPT_OUT, ["SMS"]), send=False, source=USER,
         says=("opted out of category 'billing'",)),
    # CANT_UNSUBSCRIBE: the tenant's, else the category's
    case("cant-unsubscribe-sends", "EMAIL", LEGAL, send=True, source=CATEGORY,
         says=("cannot be unsubscribed", "category's default")),
    case("cant-unsubscribe-ignores-stored-opt-out", "EMAIL", LEGAL, user=UserPref(OPT_OUT),
         send=True, source=CATEGORY, says=("cannot be unsubscribed", "stored opt-out ignored")),
    case("cant-unsubscribe-channel-opt-out-still-skips", "SMS", LEGAL,
         user=UserPref(OPT_OUT, ["SMS"]), send=False, source=USER,
         says=("user opted out of channel SMS",)),
    case("cant-unsubscribe-mandatory-channel-opt-out-ignored", "EMAIL", LEGAL,
         tenant=TenantPref(mandatory_channels=["EMAIL"]), user=UserPref(OPT_OUT, ["EMAIL"]),
         send=True, source=TENANT, says=("mandatory",)),
    case("tenant-cant-unsubscribe-over-category-opt-in", "EMAIL", BILLING,
         tenant=TenantPref(preference=CANT_UNSUBSCRIBE), user=UserPref(OPT_OUT), send=True,
         source=TENANT, says=("cannot be unsubscribed", "tenant's default", "ignored")),
    case("tenant-opt-out-over-category-cant-unsubscribe", "EMAIL", LEGAL,
         tenant=TenantPref(preference=OPT_OUT), send=False, source=TENANT,
         says=("opt-out by the tenant's default",)),
    case("tenant-opt-in-makes-cant-unsubscribe-editable", "EMAIL", LEGAL,
         tenant=TenantPref(preference=OPT_IN), user=UserPref(OPT_OUT), send=False, source=USER,
         says=("user opted out of category 'legal'",)),
]  # fmt: skip


@pytest.mark.parametrize(
    "channel, category, tenant, user, blocked, restricted, send, source, says", EVALUATE_CASES
)
def test_evaluate(
    channel: str,
    category: Category,
    tenant: TenantPref | None,
    user: UserPref | None,
    blocked: Collection[str],
    restricted: Collection[str],
    send: bool,
    source: str,
    says: tuple[str, ...],
) -> None:
    decision = evaluate(channel, category, tenant, user, blocked, restricted)
    assert (decision.send, decision.source) == (send, source), decision.reason
    # Every reason names the category and the channel, plus what decided it.
    assert f"'{category.slug}'" in decision.reason
    assert channel in decision.reason
    for fragment in says:
        assert fragment in decision.reason


# One user, three tenants: a choice made in one tenant must not leak into another.
USER_PREFS_BY_TENANT: dict[str, UserPref | None] = {
    "acme": UserPref(OPT_OUT),
    "globex": UserPref(OPT_IN, ["SMS"]),
    "initech": None,
}
RESTRICTED_BY_TENANT: dict[str, frozenset[str]] = {
    "acme": NONE,
    "globex": NONE,
    "initech": frozenset({"SLACK"}),
}


@pytest.mark.parametrize(
    "tenant_id, channel, send, source, says",
    [
        pytest.param("acme", "EMAIL", False, USER, "opted out of category", id="acme-opted-out"),
        pytest.param("globex", "EMAIL", True, USER, "opted in", id="globex-opt-in-unaffected"),
        pytest.param("globex", "SMS", False, USER, "channel SMS", id="globex-channel-opt-out"),
        pytest.param("acme", "SMS", False, USER, "category", id="acme-sms-category-opt-out"),
        pytest.param("initech", "EMAIL", True, CATEGORY, "default", id="initech-never-chose"),
        pytest.param("initech", "SMS", True, CATEGORY, "default", id="initech-sms-unaffected"),
        pytest.param("initech", "SLACK", False, USER, "restricted", id="initech-restricted"),
        pytest.param("acme", "SLACK", False, USER, "category", id="acme-slack-not-restricted"),
    ],
)
def test_user_preferences_are_per_tenant(
    tenant_id: str, channel: str, send: bool, source: str, says: str
) -> None:
    user = USER_PREFS_BY_TENANT[tenant_id]
    decision = evaluate(channel, BILLING, None, user, NONE, RESTRICTED_BY_TENANT[tenant_id])
    assert (decision.send, decision.source) == (send, source), decision.reason
    assert says in decision.reason


def view(
    preference: str,
    source: str,
    *,
    opted_out: list[str] | None = None,
    mandatory: list[str] | None = None,
    editable: bool = True,
    visible: bool = True,
) -> EffectivePreference:
    return EffectivePreference(
        preference=preference,
        opted_out_channels=opted_out or [],
        mandatory_channels=mandatory or [],
        is_editable=editable,
        source=source,
        visible=visible,
    )


@pytest.mark.parametrize(
    "category, tenant, user, expected",
    [
        pytest.param(BILLING, None, None, view(OPT_IN, CATEGORY), id="no-override-category-opt-in"),
        pytest.param(MARKETING, None, None, view(OPT_OUT, CATEGORY), id="category-opt-out"),
        pytest.param(BILLING, TenantPref(preference=None), None, view(OPT_IN, CATEGORY),
                     id="tenant-override-without-preference"),
        pytest.param(BILLING, TenantPref(preference=OPT_OUT), None, view(OPT_OUT, TENANT),
                     id="tenant-default"),
        pytest.param(BILLING, TenantPref(preference=OPT_OUT), UserPref(OPT_IN),
                     view(OPT_IN, USER), id="user-choice-beats-tenant-default"),
        pytest.param(BILLING, None, UserPref(OPT_OUT, ["SMS"]),
                     view(OPT_OUT, USER, opted_out=["SMS"]), id="user-opt-out"),
        pytest.param(LEGAL, None, UserPref(OPT_OUT, ["SMS"]),
                     view(OPT_IN, CATEGORY, opted_out=["SMS"], editable=False),
                     id="cant-unsubscribe-shows-opt-in-not-editable"),
        pytest.param(BILLING, TenantPref(preference=CANT_UNSUBSCRIBE), UserPref(OPT_OUT),
                     view(OPT_IN, TENANT, editable=False), id="tenant-cant-unsubscribe"),
        pytest.param(LEGAL, TenantPref(preference=OPT_IN), UserPref(OPT_OUT),
                     view(OPT_OUT, USER), id="tenant-makes-category-editable"),
        pytest.param(SECURITY, None, UserPref(OPT_IN, ["EMAIL", "SMS"]),
                     view(OPT_IN, USER, opted_out=["SMS"], mandatory=["EMAIL"]),
                     id="mandatory-removed-from-opted-out"),
        pytest.param(SECURITY, TenantPref(mandatory_channels=["SMS"]),
                     UserPref(OPT_IN, ["EMAIL", "SMS"]),
                     view(OPT_IN, USER, opted_out=["EMAIL"], mandatory=["SMS"]),
                     id="tenant-mandatory-list-overrides-category"),
        pytest.param(BILLING, TenantPref(visible_to_subscriber=False), None,
                     view(OPT_IN, CATEGORY, visible=False), id="hidden-by-tenant"),
        pytest.param(BILLING, TenantPref(enabled_for_tenant=False), None,
                     view(OPT_IN, CATEGORY, visible=False), id="disabled-is-hidden"),
    ],
)  # fmt: skip
def test_effective_preference(
    category: Category,
    tenant: TenantPref | None,
    user: UserPref | None,
    expected: EffectivePreference,
) -> None:
    assert effective_preference(category, tenant, user) == expected


@pytest.mark.parametrize(
    "category, tenant, expected",
    [
        pytest.param(SECURITY, None, ["EMAIL"], id="category-default"),
        pytest.param(SECURITY, TenantPref(), ["EMAIL"], id="tenant-none-inherits"),
        pytest.param(SECURITY, TenantPref(mandatory_channels=["SMS"]), ["SMS"], id="tenant-list"),
        pytest.param(SECURITY, TenantPref(mandatory_channels=[]), [], id="tenant-empty-list"),
        pytest.param(BILLING, None, [], id="none-mandatory"),
    ],
)
def test_mandatory_channels(
    category: Category, tenant: TenantPref | None, expected: list[str]
) -> None:
    result = mandatory_channels(category, tenant)
    assert result == expected
    result.append("WEBHOOK")  # a copy: callers cannot mutate the category's defaults
    assert mandatory_channels(category, tenant) == expected


@pytest.mark.parametrize(
    "category, tenant, user",
    [
        pytest.param(Category("odd", "Odd", "MAYBE"), None, None, id="bad-category-default"),
        pytest.param(BILLING, TenantPref(preference="NEVER"), None, id="bad-tenant-default"),
        pytest.param(BILLING, None, UserPref("SOMETIMES"), id="bad-user-preference"),
    ],
)
def test_unknown_preference_fails_loudly(
    category: Category, tenant: TenantPref | None, user: UserPref | None
) -> None:
    with pytest.raises(ValueError, match="unknown"):
        evaluate("EMAIL", category, tenant, user, NONE, NONE)
    with pytest.raises(ValueError, match="unknown"):
        effective_preference(category, tenant, user)

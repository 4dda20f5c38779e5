"""The stored/API preference values and the evaluator's constants are one set of strings."""

from __future__ import annotations

import pytest

from delivery import preferences as rules
from models.preference_values import PreferenceSource, TenantPreference, UserPreference
from tests.test_preference_evaluator import BILLING, LEGAL, TenantPref


def test_enums_match_the_evaluator() -> None:
    assert set(TenantPreference) == rules.DEFAULT_PREFERENCES
    assert set(UserPreference) == rules.USER_PREFERENCES
    assert set(PreferenceSource) == {rules.USER, rules.TENANT, rules.CATEGORY}


@pytest.mark.parametrize(
    "category, tenant, expected",
    [
        pytest.param(BILLING, None, ("OPT_IN", "CATEGORY"), id="no-override"),
        pytest.param(BILLING, TenantPref(preference=None), ("OPT_IN", "CATEGORY"), id="inherit"),
        pytest.param(BILLING, TenantPref(preference="OPT_OUT"), ("OPT_OUT", "TENANT"), id="own"),
        pytest.param(LEGAL, None, ("CANT_UNSUBSCRIBE", "CATEGORY"), id="locked-shown-as-is"),
    ],
)
def test_tenant_default(category: object, tenant: TenantPref | None, expected: tuple) -> None:
    assert rules.tenant_default(category, tenant) == expected

"""The preference values stored in the tables and shown by the API, shared by every layer.

The strings equal the constants of `delivery.preferences` (tests/test_preference_values.py
keeps them in step), so rows holding these values go straight into the evaluator.
"""

from enum import StrEnum


class TenantPreference(StrEnum):
    OPT_IN = "OPT_IN"
    OPT_OUT = "OPT_OUT"
    CANT_UNSUBSCRIBE = "CANT_UNSUBSCRIBE"


class UserPreference(StrEnum):
    OPT_IN = "OPT_IN"
    OPT_OUT = "OPT_OUT"


class PreferenceSource(StrEnum):
    USER = "USER"
    TENANT = "TENANT"
    CATEGORY = "CATEGORY"

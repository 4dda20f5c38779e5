"""Tables, the database, migrations and the batch reads the loaders use."""

from models.category import Category, TenantCategoryPreference
from models.tenant import DEFAULT_TENANT, Tenant
from models.user import User
from models.user_preferences import UserCategoryPreference, UserChannelRestriction
from models.vendor import TenantVendor
from models.workspace import ServerKey, Workspace

__all__ = [
    "DEFAULT_TENANT",
    "Category",
    "ServerKey",
    "Tenant",
    "TenantCategoryPreference",
    "TenantVendor",
    "User",
    "UserCategoryPreference",
    "UserChannelRestriction",
    "Workspace",
]

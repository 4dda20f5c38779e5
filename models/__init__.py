"""Tables, the database, migrations and the batch reads the loaders use."""

from models.category import Category, TenantCategoryPreference
from models.execution import Execution, Message, TrackedEvent
from models.idempotency import IdempotencyRecord
from models.tenant import DEFAULT_TENANT, Tenant
from models.user import User
from models.user_preferences import UserCategoryPreference, UserChannelRestriction
from models.vendor import TenantVendor
from models.workflow import Workflow
from models.workspace import ServerKey, Workspace

__all__ = [
    "DEFAULT_TENANT",
    "Category",
    "Execution",
    "IdempotencyRecord",
    "Message",
    "ServerKey",
    "Tenant",
    "TenantCategoryPreference",
    "TenantVendor",
    "TrackedEvent",
    "User",
    "UserCategoryPreference",
    "UserChannelRestriction",
    "Workflow",
    "Workspace",
]

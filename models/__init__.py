"""Tables, the database, migrations and the batch reads the loaders use."""

from models.tenant import DEFAULT_TENANT, Tenant
from models.vendor import TenantVendor
from models.workspace import ServerKey, Workspace

__all__ = ["DEFAULT_TENANT", "ServerKey", "Tenant", "TenantVendor", "Workspace"]

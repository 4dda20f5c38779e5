"""Per-request DataLoaders over the batch reads: every read of these tables goes through these.

Keys lead with the workspace id, so one loader never mixes workspaces' rows by accident. Each
batch function opens its own short session and issues one statement for the whole batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from models.category import (
    Category,
    TenantCategoryPreference,
    categories_by_workspaces,
    tenant_category_preferences_by_keys,
)
from models.db import Database
from models.execution import (
    Execution,
    executions_by_keys,
    executions_of_events,
    status_counts_by_executions,
)
from models.tenant import Tenant, tenants_by_keys
from models.user import User, users_by_keys
from models.user_preferences import (
    UserCategoryPreference,
    UserChannelRestriction,
    UserTenantKey,
    restrictions_by_keys,
    user_category_preferences_by_keys,
)
from models.vendor import TenantVendor, vendors_by_tenants
from models.workflow import Workflow, workflows_by_keys, workflows_by_workspaces

TenantKey = tuple[str, str]  # (workspace_id, tenant_id)
UserKey = tuple[str, str]  # (workspace_id, distinct_id)
K = TypeVar("K")
V = TypeVar("V")
TenantOverrides = list[TenantCategoryPreference]
UserChoices = list[UserCategoryPreference]


class Loaders:
    """Made fresh for each request (or trigger); never shared between requests."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.tenant: DataLoader[TenantKey, Tenant | None] = self._loader(tenants_by_keys)
        self.categories: DataLoader[str, list[Category]] = self._loader(categories_by_workspaces)
        self.tenant_category_preferences: DataLoader[TenantKey, TenantOverrides] = self._loader(
            tenant_category_preferences_by_keys
        )
        self.user: DataLoader[UserKey, User | None] = self._loader(users_by_keys)
        self.user_category_preferences: DataLoader[UserTenantKey, UserChoices] = self._loader(
            user_category_preferences_by_keys
        )
        self.restriction: DataLoader[UserTenantKey, UserChannelRestriction | None] = self._loader(
            restrictions_by_keys
        )
        self.vendors: DataLoader[TenantKey, list[TenantVendor]] = self._loader(vendors_by_tenants)
        self.workflow: DataLoader[tuple[str, str], Workflow | None] = self._loader(
            workflows_by_keys
        )
        self.workflows: DataLoader[str, list[Workflow]] = self._loader(workflows_by_workspaces)
        self.execution: DataLoader[tuple[str, str], Execution | None] = self._loader(
            executions_by_keys
        )
        self.event_executions: DataLoader[tuple[str, str], list[Execution]] = self._loader(
            executions_of_events
        )
        self.status_counts: DataLoader[tuple[str, str], dict[str, int]] = self._loader(
            status_counts_by_executions
        )

    def _loader(
        self, batch: Callable[[AsyncSession, Sequence[K]], Awaitable[list[V]]]
    ) -> DataLoader[K, V]:
        async def load(keys: list[K]) -> list[V]:
            async with self.db.session() as session:
                return await batch(session, keys)

        return DataLoader(load)

    def prime_tenant(self, tenant: Tenant) -> None:
        self.tenant.prime((tenant.workspace_id, tenant.id), tenant, force=True)

    def clear_vendors(self, workspace_id: str, tenant_id: str) -> None:
        """After a vendor write: the next read of this tenant's vendors goes to the database."""
        _forget(self.vendors, (workspace_id, tenant_id))

    def prime_user(self, user: User) -> None:
        self.user.prime((user.workspace_id, user.distinct_id), user, force=True)

    def forget_user(self, workspace_id: str, distinct_id: str) -> None:
        _forget(self.user, (workspace_id, distinct_id))

    def prime_restriction(self, row: UserChannelRestriction) -> None:
        self.restriction.prime((row.workspace_id, row.tenant_id, row.distinct_id), row, force=True)

    def forget_categories(self, workspace_id: str) -> None:
        """A category changed: the workspace's list is read again when next needed."""
        _forget(self.categories, workspace_id)

    def forget_tenant_category_preferences(self, workspace_id: str, tenant_id: str) -> None:
        _forget(self.tenant_category_preferences, (workspace_id, tenant_id))

    def forget_user_category_preferences(self, key: UserTenantKey) -> None:
        _forget(self.user_category_preferences, key)

    def prime_workflow(self, workflow: Workflow) -> None:
        self.workflow.prime((workflow.workspace_id, workflow.slug), workflow, force=True)
        _forget(self.workflows, workflow.workspace_id)


def _forget(loader: DataLoader[K, V], key: K) -> None:
    """DataLoader.clear raises on a key it never loaded; forgetting one is still fine."""
    with contextlib.suppress(KeyError):
        loader.clear(key)

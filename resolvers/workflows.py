"""Workflows: reads through the loaders, and the upsert that replaces a whole definition."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models.category import Category
from models.columns import utcnow
from models.tenant import tenants_by_keys
from models.workflow import Workflow
from resolvers import validation as v
from resolvers.errors import Code
from resolvers.scope import Request
from resolvers.workflow_definition import (
    check_definition,
    stored_events,
    stored_steps,
    variant_tenants,
)
from resolvers.writes import flush_or_conflict


async def get_workflow(req: Request, slug: str) -> Workflow | None:
    return await req.loaders.workflow.load((req.workspace_id, slug))


async def list_workflows(req: Request) -> list[Workflow]:
    """Every workflow of the workspace, by slug: one statement however many there are."""
    return await req.loaders.workflows.load(req.workspace_id)


async def workflow_category(req: Request, workflow: Workflow) -> Category:
    """Through the categories loader, so a list of workflows reads categories once.

    Categories cannot be deleted and upsertWorkflow refuses unknown ones, so a miss is a bug.
    """
    categories = await req.loaders.categories.load(workflow.workspace_id)
    found = next((c for c in categories if c.slug == workflow.category_slug), None)
    if found is None:
        raise LookupError(f"workflow '{workflow.slug}' names a missing category")
    return found


async def upsert_workflow(req: Request, changes: dict[str, Any]) -> Workflow:
    """Creates, or replaces name, category, events and steps; keeps created_at.

    Every problem is reported at once, and nothing is written when there is any.
    """
    checker = v.Checker()
    check_definition(checker, changes)
    slug = changes["slug"]
    async with req.db.transaction() as session:
        await _check_references(session, req.workspace_id, checker, changes)
        checker.raise_if_any()
        row = await session.get(Workflow, (req.workspace_id, slug))
        if row is None:
            row = Workflow(workspace_id=req.workspace_id, slug=slug)
            session.add(row)
        _apply(row, changes)
        await flush_or_conflict(session, ["input", "slug"], f"workflow '{slug}'")
    req.loaders.prime_workflow(row)
    return row


async def _check_references(
    session: AsyncSession, workspace_id: str, checker: v.Checker, changes: dict[str, Any]
) -> None:
    """Read in the write's own session, so the check and the write agree."""
    slug = changes["category"]
    if await session.get(Category, (workspace_id, slug)) is None:
        checker.fail(Code.NOT_FOUND, ["input", "category"], f"category '{slug}' does not exist")
    wanted = list(variant_tenants(changes["steps"]))
    if not wanted:
        return
    keys = [(workspace_id, tenant_id) for tenant_id in {t for _, t in wanted}]
    live = {t.id for t in await tenants_by_keys(session, keys) if t is not None and t.is_live}
    for path, tenant_id in wanted:
        if tenant_id not in live:
            checker.fail(Code.NOT_FOUND, path, f"tenant '{tenant_id}' does not exist")


def _apply(row: Workflow, changes: dict[str, Any]) -> None:
    row.name = changes["name"]
    row.category_slug = changes["category"]
    row.trigger_events = stored_events(changes.get("trigger_events"))
    row.steps = stored_steps(changes["steps"])
    row.updated_at = utcnow()

"""Categories: workspace-level defaults every tenant and user starts from."""

from __future__ import annotations

from typing import Any

from models.category import Category
from models.columns import utcnow
from models.preference_values import TenantPreference
from resolvers import validation as v
from resolvers.scope import Request
from resolvers.writes import flush_or_conflict

MAX_DESCRIPTION = 1000


async def list_categories(req: Request) -> list[Category]:
    """Every category of the workspace, by slug: one cached list per request."""
    return await req.loaders.categories.load(req.workspace_id)


async def get_category(req: Request, slug: str) -> Category | None:
    """Picked from the workspace's list: categories are few, and the list is usually loaded."""
    return next((c for c in await list_categories(req) if c.slug == slug), None)


def _check(changes: dict[str, Any]) -> None:
    checker = v.Checker()
    checker.check(["input", "slug"], v.check_slug(changes["slug"]))
    checker.check(["input", "name"], v.check_plain_text(changes["name"]))
    if changes.get("description") is not None:
        problem = v.check_plain_text(changes["description"], MAX_DESCRIPTION)
        checker.check(["input", "description"], problem)
    checker.raise_if_any()


def _apply(category: Category, changes: dict[str, Any]) -> None:
    """Name always; description when given (null clears); defaults when given and not null."""
    category.name = changes["name"]
    if "description" in changes:
        category.description = changes["description"]
    if changes.get("default_preference") is not None:
        category.default_preference = TenantPreference(changes["default_preference"])
    if changes.get("default_mandatory_channels") is not None:
        category.default_mandatory_channels = sorted(set(changes["default_mandatory_channels"]))
    category.updated_at = utcnow()


async def upsert_category(req: Request, changes: dict[str, Any]) -> Category:
    """Creates (defaults: OPT_IN, no mandatory channels) or updates, in one transaction."""
    _check(changes)
    slug = changes["slug"]
    async with req.db.transaction() as session:
        category = await session.get(Category, (req.workspace_id, slug))
        if category is None:
            category = Category(workspace_id=req.workspace_id, slug=slug, name=changes["name"])
            session.add(category)
        _apply(category, changes)
        await flush_or_conflict(session, ["input", "slug"], f"category '{slug}'")
    req.loaders.forget_categories(req.workspace_id)
    return category

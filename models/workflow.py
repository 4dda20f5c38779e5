"""Workflows: a category, the events that trigger them, and one templated step per channel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import json_column, time_column, utcnow
from models.keys import KeyedSelect


class Workflow(SQLModel, table=True):
    __tablename__ = "workflow"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    slug: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    category_slug: str = Field(max_length=64)
    trigger_events: list[str] = Field(default_factory=list, sa_column=json_column())
    steps: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=json_column(),
        description="[{channel, subject, body, variants: [{tenant_id, subject, body}]}]",
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


_BY_KEYS = KeyedSelect(select(Workflow), (Workflow.workspace_id, Workflow.slug))


async def workflows_by_keys(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[Workflow | None]:
    rows = (await _BY_KEYS.execute(session, keys)).scalars()
    found = {(w.workspace_id, w.slug): w for w in rows}
    return [found.get(key) for key in keys]


async def workflows_by_workspaces(
    session: AsyncSession, workspace_ids: Sequence[str]
) -> list[list[Workflow]]:
    stmt = (
        select(Workflow)
        .where(Workflow.workspace_id.in_(list(set(workspace_ids))))
        .order_by(Workflow.slug)
    )
    found: dict[str, list[Workflow]] = {}
    for w in (await session.execute(stmt)).scalars():
        found.setdefault(w.workspace_id, []).append(w)
    return [found.get(ws, []) for ws in workspace_ids]

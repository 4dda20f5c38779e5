"""Batch reads over composite keys, in a form the statement cache keeps.

A request never mixes workspaces (nor, mostly, tenants), so the leading key columns are usually
one value: `workspace_id = :k0 AND id IN (:last)` is built and compiled once per table and
reused with new parameters (an expanding IN). Keys that differ in a leading column (a worker
batch across workspaces) fall back to a row-value IN built for that batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Result, Select, bindparam, tuple_
from sqlalchemy.ext.asyncio import AsyncSession


class KeyedSelect:
    def __init__(self, stmt: Select[Any], columns: Sequence[Any]) -> None:
        self.stmt, self.columns = stmt, tuple(columns)
        fixed = [column == bindparam(f"k{i}") for i, column in enumerate(self.columns[:-1])]
        self.one_lead = stmt.where(*fixed, self.columns[-1].in_(bindparam("last", expanding=True)))

    async def execute(self, session: AsyncSession, keys: Sequence[tuple[Any, ...]]) -> Result[Any]:
        unique = list(dict.fromkeys(keys))
        leads = {key[:-1] for key in unique}
        if len(leads) == 1:
            params = {f"k{i}": value for i, value in enumerate(leads.pop())}
            return await session.execute(self.one_lead, {**params, "last": [k[-1] for k in unique]})
        return await session.execute(self.stmt.where(tuple_(*self.columns).in_(unique)))

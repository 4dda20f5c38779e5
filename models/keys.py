"""The WHERE clause of a batch read over composite keys, in a form the statement cache keeps.

A request never mixes workspaces (nor, mostly, tenants), so leading key columns are usually one
value: `workspace_id = ? AND id IN (...)` compiles once and is reused (an expanding IN), where a
row-value `(workspace_id, id) IN ((?, ?), ...)` is rebuilt and recompiled for every batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, tuple_
from sqlalchemy.sql.elements import ColumnElement


def keys_in(columns: Sequence[Any], keys: Sequence[tuple[Any, ...]]) -> ColumnElement[bool]:
    unique = list(dict.fromkeys(keys))
    fixed: list[ColumnElement[bool]] = []
    for position, column in enumerate(columns[:-1]):
        values = {key[position] for key in unique}
        if len(values) != 1:
            rest = [key[position:] for key in unique]
            return and_(*fixed, tuple_(*columns[position:]).in_(rest))
        fixed.append(column == values.pop())
    return and_(*fixed, columns[-1].in_([key[-1] for key in unique]))

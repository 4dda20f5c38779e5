"""Turns strawberry inputs into plain dicts of what the caller actually sent."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

from strawberry import UNSET
from strawberry.types.unset import UnsetType

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return provided(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def or_none(value: T | UnsetType) -> T | None:
    """An optional argument with no SDL default: omitted reads as null."""
    return None if value is UNSET else value


def provided(input_object: Any) -> dict[str, Any]:
    """Fields the caller set (null included, omitted excluded), snake_case, nested inputs too."""
    return {
        f.name: _plain(getattr(input_object, f.name))
        for f in dataclasses.fields(input_object)
        if getattr(input_object, f.name) is not UNSET
    }

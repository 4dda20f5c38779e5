"""In-process wake-up: a trigger that queues messages nudges this process's worker at once.

Workers in other processes poll instead; this only removes the poll delay for the common
single-process shape (`herald serve`).
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: set[Callable[[], None]] = set()


def listen(callback: Callable[[], None]) -> Callable[[], None]:
    """Registers `callback`; returns the function that unregisters it."""
    _listeners.add(callback)
    return lambda: _listeners.discard(callback)


def queued() -> None:
    for callback in list(_listeners):
        callback()

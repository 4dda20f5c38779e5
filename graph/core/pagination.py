"""Relay pagination: PageInfo and opaque cursors over keyset positions."""

from __future__ import annotations

import base64
import binascii

import strawberry

from graph.core.errors import bad_argument


@strawberry.type(description="Where a page ends and whether more follow.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when another page follows.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to fetch the next page.")


def encode_cursor(kind: str, position: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{position}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    """The keyset position in a cursor of this kind; a foreign or garbled cursor is INVALID."""
    if cursor is None:
        return None
    try:
        prefix, _, position = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        prefix, position = "", ""
    if prefix != kind or not position:
        raise bad_argument("after", "not a cursor returned by this connection")
    return position

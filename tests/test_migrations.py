"""Migrations and models agree: a migrated database has nothing left to autogenerate."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401
from tests.harness import Server


def test_migrations_match_the_models(server: Server) -> None:
    async def diff() -> list:
        async with server.db.engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
            )

    assert server.run(diff()) == []

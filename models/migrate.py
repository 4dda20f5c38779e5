"""Apply Alembic migrations from code (`herald migrate`, and `serve` before it starts)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from models.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["settings"] = settings
    return config


def _upgrade(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine, settings: Settings) -> None:
    """Upgrade to head on a connection of the running engine (no second event loop)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, alembic_config(settings))

"""Configuration, read once from the environment (see README, Configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

# Where `npm ci` puts the JavaScript the app serves (GraphiQL): the checkout's node_modules.
REPO_NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("HERALD_DATA_DIR", ".herald"))
    )
    database_url: str | None = field(default_factory=lambda: os.environ.get("HERALD_DATABASE_URL"))
    secret_key: str | None = field(default_factory=lambda: os.environ.get("HERALD_SECRET_KEY"))
    max_attempts: int = field(default_factory=lambda: _int("HERALD_MAX_ATTEMPTS", 8))
    retry_base_seconds: float = field(
        default_factory=lambda: float(os.environ.get("HERALD_RETRY_BASE_SECONDS", 5))
    )
    lease_seconds: float = field(
        default_factory=lambda: float(os.environ.get("HERALD_LEASE_SECONDS", 60))
    )
    max_query_depth: int = field(default_factory=lambda: _int("HERALD_MAX_QUERY_DEPTH", 12))
    max_query_tokens: int = field(default_factory=lambda: _int("HERALD_MAX_QUERY_TOKENS", 5000))
    max_aliases: int = field(default_factory=lambda: _int("HERALD_MAX_ALIASES", 30))
    max_body_bytes: int = field(default_factory=lambda: _int("HERALD_MAX_BODY_BYTES", 1_000_000))
    graphiql: bool = field(default_factory=lambda: os.environ.get("HERALD_GRAPHIQL", "1") != "0")
    graphiql_assets: Path = field(
        default_factory=lambda: Path(os.environ.get("HERALD_GRAPHIQL_ASSETS", REPO_NODE_MODULES))
    )
    introspection: bool = field(
        default_factory=lambda: os.environ.get("HERALD_INTROSPECTION", "1") != "0"
    )
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            o.strip() for o in os.environ.get("HERALD_CORS_ORIGINS", "").split(",") if o.strip()
        )
    )

    @cached_property
    def url(self) -> str:
        """The SQLAlchemy URL: the configured one, else SQLite in the data directory."""
        if self.database_url:
            return normalise_url(self.database_url)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'herald.db').resolve()}"

    @cached_property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use the async drivers."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


@cache
def get_settings() -> Settings:
    return Settings()

"""The database: one async engine per process, short sessions, SQLite tuned for WAL."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker

from models.settings import Settings

T = TypeVar("T")

IMMEDIATE = "herald_immediate"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (see _sqlite_begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "busy_timeout=10000",
        "foreign_keys=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Write transactions take SQLite's write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    another process wrote in between; an immediate one waits its turn (busy_timeout). Read
    sessions run each statement on its own (autocommit): loaders issue one statement each.
    """
    if conn.get_execution_options().get(IMMEDIATE, False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(settings.url, pool_size=8, max_overflow=8)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(settings.url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def make_sqlite_writer(settings: Settings) -> Engine:
    """A plain (sync) engine on the same SQLite file, used only by the writer thread."""
    url = settings.url.replace("sqlite+aiosqlite://", "sqlite://", 1)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """Owns the engine; hands out sessions that are never shared between tasks."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(**{IMMEDIATE: True})
        self._writes = async_sessionmaker(writer, expire_on_commit=False)
        # SQLite has one writer at a time: queue this process's writers here rather than in
        # SQLite's busy handler, which sleeps in growing steps.
        self._write_turn = asyncio.Lock() if settings.is_sqlite else contextlib.nullcontext()
        self._writer: tuple[ThreadPoolExecutor, sessionmaker[Session], Engine] | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session (loaders): closed on exit, nothing committed."""
        async with self._sessions() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits on success, rolls back on any exception."""
        async with self._write_turn, self._writes() as session, session.begin():
            yield session

    async def write(self, work: Callable[[Session], T]) -> T:
        """One unit of work written as a plain function over a (sync) Session.

        On SQLite the whole transaction runs in one hop on a writer thread, so the write lock
        is held for the statements alone, not for an event-loop round trip per statement; on
        PostgreSQL it runs through the async session (`run_sync`).
        """
        if not self.settings.is_sqlite:
            async with self._writes() as session, session.begin():
                return await session.run_sync(work)
        executor, sessions, _ = self._sqlite_writer()
        async with self._write_turn:
            return await asyncio.get_running_loop().run_in_executor(
                executor, _in_transaction, sessions, work
            )

    def _sqlite_writer(self) -> tuple[ThreadPoolExecutor, sessionmaker[Session], Engine]:
        if self._writer is None:
            engine = make_sqlite_writer(self.settings)
            immediate = engine.execution_options(**{IMMEDIATE: True})
            self._writer = (
                ThreadPoolExecutor(1, thread_name_prefix="herald-sqlite-writer"),
                sessionmaker(immediate, expire_on_commit=False),
                engine,
            )
        return self._writer

    async def ping(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._writer is not None:
            executor, _, engine = self._writer
            executor.shutdown(wait=True)
            engine.dispose()
            self._writer = None


def insert_ignoring_duplicates(session: Session, table: Any, rows: list[dict[str, Any]]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on either database; returns how many rows went in.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction, so
    exactly one writer wins even across processes, with no savepoint or retry loop.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return session.execute(dialect.insert(table).values(rows).on_conflict_do_nothing()).rowcount


def _in_transaction(sessions: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    with sessions() as session, session.begin():
        return work(session)

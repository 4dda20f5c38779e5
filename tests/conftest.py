"""Shared fixtures: a real Herald server on loopback, and a fresh workspace per test.

The suite runs on SQLite by default and on PostgreSQL when HERALD_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import tempfile

from cryptography.fernet import Fernet

# Before any Herald module reads its settings.
os.environ.setdefault("HERALD_DATA_DIR", tempfile.mkdtemp(prefix="herald-test-"))
os.environ.setdefault("HERALD_SECRET_KEY", Fernet.generate_key().decode())
# Fast retries so fault tests finish in well under a second.
os.environ.setdefault("HERALD_RETRY_BASE_SECONDS", "0.02")
os.environ.setdefault("HERALD_MAX_ATTEMPTS", "4")

import pytest  # noqa: E402

from tests.harness import Server, WorkspaceClient, start_server  # noqa: E402


@pytest.fixture(scope="session")
def server() -> Server:
    running = start_server()
    yield running
    running.stop()


@pytest.fixture
def workspace(server: Server) -> WorkspaceClient:
    """A workspace of its own for each test: isolation is the product's own boundary."""
    return server.new_workspace()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"

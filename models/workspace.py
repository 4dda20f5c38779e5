"""Workspaces, the isolation unit, and their server keys (stored hashed)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.columns import time_column, utcnow
from models.crypto import decrypt, encrypt, hash_key, new_token
from models.tenant import DEFAULT_TENANT, Tenant


class Workspace(SQLModel, table=True):
    __tablename__ = "workspace"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100, unique=True)
    signing_secret: str = Field(description="Fernet-encrypted HS256 secret for user tokens")
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


class ServerKey(SQLModel, table=True):
    __tablename__ = "server_key"

    workspace_id: str = Field(foreign_key="workspace.id", primary_key=True, max_length=32)
    key_hash: str = Field(primary_key=True, max_length=64, unique=True)
    prefix: str = Field(max_length=12)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column())


@dataclass(frozen=True)
class NewWorkspace:
    """What `workspace create` prints once: the plaintext secrets are never stored."""

    workspace: Workspace
    server_key: str
    signing_secret: str


async def create_workspace(session: AsyncSession, name: str) -> NewWorkspace:
    """A workspace with its `default` tenant and a first server key."""
    signing_secret = secrets.token_urlsafe(32)
    workspace = Workspace(
        id=secrets.token_hex(8), name=name, signing_secret=encrypt(signing_secret)
    )
    session.add(workspace)
    await session.flush()
    session.add(Tenant(workspace_id=workspace.id, id=DEFAULT_TENANT, name=name))
    key = await add_server_key(session, workspace.id)
    return NewWorkspace(workspace, key, signing_secret)


async def add_server_key(session: AsyncSession, workspace_id: str) -> str:
    key = new_token("hk")
    session.add(ServerKey(workspace_id=workspace_id, key_hash=hash_key(key), prefix=key[:8]))
    await session.flush()
    return key


async def workspace_by_name(session: AsyncSession, name: str) -> Workspace | None:
    return (await session.execute(select(Workspace).where(Workspace.name == name))).scalar()


async def workspace_by_id(session: AsyncSession, workspace_id: str) -> Workspace | None:
    return await session.get(Workspace, workspace_id)


def signing_secret(workspace: Workspace) -> str:
    """The plaintext HS256 secret for user tokens (stored Fernet-encrypted)."""
    return decrypt(workspace.signing_secret)


async def workspace_for_key(session: AsyncSession, key: str) -> Workspace | None:
    stmt = (
        select(Workspace)
        .join(ServerKey, ServerKey.workspace_id == Workspace.id)
        .where(ServerKey.key_hash == hash_key(key))
    )
    return (await session.execute(stmt)).scalar()

"""vendors: one provider per tenant and channel, secrets encrypted

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Depends only on the foundation tables, so it can be re-chained after any
other revision when branches merge.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tenant_vendor",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("config", JSON, nullable=False),
        sa.Column("secrets_encrypted", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("secret_fields", JSON, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "tenant_id"],
            ["tenant.workspace_id", "tenant.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "tenant_id", "channel"),
    )


def downgrade() -> None:
    op.drop_table("tenant_vendor")

"""preferences: categories, tenant overrides, users and their per-tenant choices

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "category",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column(
            "default_preference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column(
            "default_mandatory_channels",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "slug"),
    )
    op.create_table(
        "tenant_category_preference",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("category_slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("preference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("visible_to_subscriber", sa.Boolean(), nullable=False),
        sa.Column(
            "mandatory_channels",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "opt_in_channels",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column("enabled_for_tenant", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "category_slug"],
            ["category.workspace_id", "category.slug"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "tenant_id"],
            ["tenant.workspace_id", "tenant.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "tenant_id", "category_slug"),
    )
    op.create_table(
        "app_user",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("distinct_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column(
            "channels", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column(
            "properties", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "distinct_id"),
    )
    op.create_table(
        "user_category_preference",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("distinct_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("category_slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("preference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "opted_out_channels",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "category_slug"],
            ["category.workspace_id", "category.slug"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "distinct_id"],
            ["app_user.workspace_id", "app_user.distinct_id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "tenant_id"],
            ["tenant.workspace_id", "tenant.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "tenant_id", "distinct_id", "category_slug"),
    )
    op.create_table(
        "user_channel_restriction",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("distinct_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column(
            "channels", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "distinct_id"],
            ["app_user.workspace_id", "app_user.distinct_id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "tenant_id"],
            ["tenant.workspace_id", "tenant.id"],
        ),
        sa.PrimaryKeyConstraint("workspace_id", "tenant_id", "distinct_id"),
    )


def downgrade() -> None:
    op.drop_table("user_channel_restriction")
    op.drop_table("user_category_preference")
    op.drop_table("app_user")
    op.drop_table("tenant_category_preference")
    op.drop_table("category")

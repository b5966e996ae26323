"""Deliveries may be unconfirmed (at most once); updates wait in an inbox until handled (schema version 2).

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    # the state's CHECK grows a value; SQLite cannot alter a constraint, so the table is made again on both
    op.create_table(
        "deliveries_v2",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), primary_key=True),
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("state", sa.Text, sa.CheckConstraint(
            "state IN ('pending', 'sending', 'sent', 'failed', 'gone', 'unconfirmed')"), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("updated", sa.Text, nullable=False),
    )
    op.execute("INSERT INTO deliveries_v2 SELECT * FROM deliveries")
    op.drop_table("deliveries")
    op.rename_table("deliveries_v2", "deliveries")
    op.create_index("deliveries_by_state", "deliveries", ["post_id", "state"])
    op.create_table(
        "updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("body", sa.Text),
        sa.Column("received", sa.Text, nullable=False),
        sa.Column("handled", sa.Text),
    )

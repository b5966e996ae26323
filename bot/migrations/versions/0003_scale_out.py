"""What several processes share (schema version 3): who claimed a delivery, the broadcast workers'
heartbeats, the send budget every sender draws on, each chat's follow-up memory, and jobs done once.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("worker", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "workers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seen", sa.Float(precision=53), nullable=False),  # seconds since the epoch
    )
    op.create_table(
        "budget",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("next_at", sa.Float(precision=53), nullable=False),  # the next free send slot (epoch seconds)
    )
    op.create_table(
        "memory",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),  # 0: the chat's own notes
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("at", sa.Float(precision=53), nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("period", sa.Text, primary_key=True),  # e.g. the ISO week a weekly digest is for
        sa.Column("started", sa.Text, nullable=False),
    )
    # senders take the next pending delivery of a post in chat order: an index that holds just those
    op.drop_index("deliveries_by_state", "deliveries")
    op.create_index("deliveries_by_state", "deliveries", ["post_id", "state", "worker", "chat_id"])

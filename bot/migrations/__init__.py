"""The database schema's history, as Alembic revisions: one path for SQLite and PostgreSQL.

`bot.storage` runs them at start-up, on the bot's own connection (what `alembic upgrade head` does).
A change to the schema is a new file in versions/ whose `down_revision` is the newest one's, written
with `alembic.op` so that it runs on both databases; the schema's version is the number of files.
"""

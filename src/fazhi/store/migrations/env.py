"""Alembic environment: fazhi runs migrations itself on a connection it passes in."""

from alembic import context

from fazhi.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - `alembic` run by hand needs a URL
    raise RuntimeError("fazhi 打开数据库时自动迁移（fazhi.store.Store），无需单独运行 alembic")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Alembic environment: fazhi runs migrations itself on a connection it passes in."""

from alembic import context

from fazhi.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - `alembic` run by hand needs a URL
    raise RuntimeError("fazhi 的数据库迁移由 fazhi.store 调用，请使用 `fazhi migrate`")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

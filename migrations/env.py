"""Alembic environment: migrates the order store at the URL given by civette.db."""

from alembic import context

from civette.db import database_url, make_engine
from civette.orders.models import Base

url = context.config.attributes.get("url") or database_url()

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()

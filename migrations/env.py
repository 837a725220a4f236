"""Alembic environment: migrates the store at the URL given by civette.db."""

from alembic import context

import civette.helpdesk.models  # noqa: F401  (registers the helpdesk tables)
import civette.orders.models  # noqa: F401  (registers the order tables)
import civette.incidents  # noqa: F401  (registers the failure counts)
import civette.orders.throttle  # noqa: F401  (registers the failed lookups)
import civette.mail.models  # noqa: F401  (registers the email triage records)
from civette.db import Base, database_url, make_engine

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

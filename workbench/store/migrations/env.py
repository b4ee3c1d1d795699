"""Alembic environment: always run from code with the engine passed in `config.attributes`."""

from alembic import context
from sqlalchemy import create_engine

from workbench.store.migrate import include_name
from workbench.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # `alembic` on the command line, for developers writing a revision
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        context.run_migrations()


run_migrations_online()

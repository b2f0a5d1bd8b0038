"""Moving the test database to a state of its migrations, for the migrations' own tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` ([(app, migration)]) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    """The newest migration of every app: where the suite's database stands."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()

"""Taking the test database back to an older schema, and forward again, for the tests that open data made before a
migration."""
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to these (app, migration) targets (None: before the app's first); the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()

"""Tests that run migrations backwards and forwards over rows the services wrote (with transactional_db)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate the test database to `targets`; the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def leaves():
    """The latest migration of every app: migrate(leaves()) brings the database back."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()

"""PostgreSQL under pytest-xdist: the migrations run once per test run, not once per worker.

Each worker has its own test database (test_<name>_gw0, _gw1…). Migrating each from nothing repeats the
whole migration history per worker; on PostgreSQL the first worker to take the lock migrates a template
database instead (test_<name>_tpl_<run>), and every worker's database is created from it (CREATE DATABASE …
TEMPLATE, which Django issues when the TEST settings name a TEMPLATE): its own `migrate` then finds every
migration applied. The lock is held from before a worker's database is created until it is migrated, so no
two CREATE DATABASE … TEMPLATE run at once (PostgreSQL refuses to copy a database someone else is using),
and whoever drops the template at the end holds it too; a worker that finds no template (the first, or one
late after another dropped it) builds it. The run's id is in the template's name, so no run reuses another's.

SQLite keeps an in-memory database per worker, migrated in it (copying one between worker processes
was tried and left out: unfinished). One process (`-n 0`) migrates as before, on either database.

Measured (2026-12-04, PostgreSQL, the machine shared): migrating from nothing 19.6 s of CPU (112 s wall), a
copied database's `migrate` 0.2 s; egovpm/catalog/tests/test_catalog.py with -n 2: the worker that built the
template 26.4 s of CPU, the one that copied it 7.7 s."""

from __future__ import annotations

import fcntl
import tempfile
from pathlib import Path

_held: dict[str, object] = {}


def _run_id(config) -> str | None:
    return getattr(config, "workerinput", {}).get("testrunuid")


def _template_name(connection, run: str) -> str:
    return f"test_{connection.settings_dict['NAME']}_tpl_{run[:12]}"[:63]


def _lock(run: str):
    handle = open(Path(tempfile.gettempdir()) / f"egovpm-test-template-{run}.lock", "w")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _exists(connection, name: str) -> bool:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _build(connection, name: str) -> None:
    """Create and migrate the template with Django's own test-database creation, then give the connection
    its settings back (create_test_db points them at the database it made)."""
    from django.conf import settings

    alias = connection.alias
    original, test = connection.settings_dict["NAME"], connection.settings_dict["TEST"]
    worker_name = test.get("NAME")
    test["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    finally:
        connection.close()
        test["NAME"] = worker_name
        connection.settings_dict["NAME"] = original
        settings.DATABASES[alias]["NAME"] = original


def before_setup(config) -> None:
    """Called just before pytest-django creates this worker's test database: take the lock, make sure the
    template exists, and name it in the TEST settings."""
    from django.db import connections

    connection = connections["default"]
    run = _run_id(config)
    if connection.vendor != "postgresql" or not run:
        return
    name = _held["name"] = _template_name(connection, run)
    _held["lock"] = _lock(run)
    if not _exists(connection, name):
        _build(connection, name)
    connection.settings_dict["TEST"]["TEMPLATE"] = name


def after_setup() -> None:
    """This worker's database is created and migrated: let the next worker have the template."""
    handle = _held.pop("lock", None)
    if handle is not None:
        handle.close()  # releases the lock


def at_end(config) -> None:
    """Drop the template (under the lock: nobody is copying it); a worker still to come builds it again."""
    from django.db import connections

    connection = connections["default"]
    run, name = _run_id(config), _held.pop("name", None)
    if name is None:
        return
    handle = _lock(run)
    try:
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    finally:
        handle.close()

"""pytest plugin: tests marked @pytest.mark.any_database behave the same on every database (a browser
walking the pages, a crawler following links, the demo's script, a killed worker on its own SQLite file).
They are heavy, so CI runs them once: .ci/run passes --skip-any-database to its second (PostgreSQL) run,
which deselects them. Without the option (`make test`, plain pytest) they run like any other test.

A test that counts queries (it asks for pytest-django's django_assert_num_queries or
django_assert_max_num_queries: the list pages' N+1 guards) counts them the same on every database, since
Django issues the same statements on each, and it builds many rows to count them on: it is any_database too."""

from __future__ import annotations

OPTION = "--skip-any-database"
QUERY_COUNTERS = {"django_assert_num_queries", "django_assert_max_num_queries"}


def pytest_addoption(parser):
    parser.addoption(
        OPTION,
        action="store_true",
        help="deselect the tests marked any_database (CI runs them on its first database only)",
    )


def pytest_collection_modifyitems(session, config, items):
    if not config.getoption(OPTION):
        return
    skipped = [item for item in items if _any_database(item)]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not _any_database(item)]


def _any_database(item) -> bool:
    return item.get_closest_marker("any_database") is not None or bool(
        QUERY_COUNTERS & set(getattr(item, "fixturenames", ()))
    )

"""pytest plugin: tests marked @pytest.mark.any_database behave the same on every database (a browser
walking the pages, a crawler following links, the demo's script, a killed worker on its own SQLite file).
They are heavy, so CI runs them once: .ci/run passes --skip-any-database to its second (PostgreSQL) run,
which deselects them. Without the option (`make test`, plain pytest) they run like any other test."""

from __future__ import annotations

OPTION = "--skip-any-database"


def pytest_addoption(parser):
    parser.addoption(
        OPTION,
        action="store_true",
        help="deselect the tests marked any_database (CI runs them on its first database only)",
    )


def pytest_collection_modifyitems(session, config, items):
    if not config.getoption(OPTION):
        return
    skipped = [item for item in items if item.get_closest_marker("any_database")]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not item.get_closest_marker("any_database")]

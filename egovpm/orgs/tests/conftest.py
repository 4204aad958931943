"""One world for the access matrix and the crawler (egovpm/orgs/tests/world.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from egovpm.conftest import IN_WINDOW
from egovpm.core import clock
from egovpm.testing.city import shared_city

from . import test_access_matrix, test_crawler
from .world import build_world


@dataclass
class Observed:
    matrix: dict | None = None  # (kind, name, object, role) → outcome
    crawl: tuple | None = None  # (problems, pages reached by role, files fetched by role)


@pytest.fixture(scope="session")
def observed_world(request, django_db_setup, django_db_blocker) -> Observed:
    """The world built once on the shared city, in a transaction that is rolled back, and observed there by
    the tests of this run that ask for it: first the crawler, then the access matrix cell by cell. Every
    request of both is rolled back on its own, so each sees the world as built."""
    asking = {item.module.__name__ for item in request.session.items if "observed_world" in item.fixturenames}
    observed = Observed()
    with django_db_blocker.unblock(), clock.frozen(IN_WINDOW), transaction.atomic():
        world = build_world(shared_city.copy())
        if test_crawler.__name__ in asking:
            observed.crawl = test_crawler.crawl_every_role(world)
        if test_access_matrix.__name__ in asking:
            observed.matrix = test_access_matrix.observe_matrix(world)
        transaction.set_rollback(True)
    return observed

"""pytest plugin: how pytest-xdist shares the tests out between its workers (`make test` runs two).

Test by test, as `--dist load` does, except that the access matrix and the crawler go to one worker
together: they observe one world, built once per worker that runs either (egovpm/orgs/tests/conftest.py).
(`--dist loadgroup` would do it with a marker, but pytest-xdist 3.8 cannot rename the nodes of pytest 9.)"""

from __future__ import annotations

import pytest

TOGETHER = {
    "egovpm/orgs/tests/test_access_matrix.py": "access world",
    "egovpm/orgs/tests/test_crawler.py": "access world",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return TOGETHER.get(nodeid.split("::", 1)[0], nodeid)

    return Scheduling(config, log)

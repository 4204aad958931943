"""schemathesis against the API's own OpenAPI document, in-process through the Django WSGI application,
with real tokens: every operation gets generated valid and invalid requests (a bounded number each), and
no answer may be a server error or differ from the document (status, content type, headers, body)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from egovpm.config.wsgi import application

# Bounded: examples per operation, mode and caller (two callers: 18 requests per operation, over some 200
# operations). The examples are derandomized, so each run sends the same requests; the suite's time on the
# 2-core machine is the bound (the API grew fourfold since the first bound of 12 and 5).
MAX_EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CHECKS = {
    GenerationMode.POSITIVE: CONFORMANCE,
    # invalid input must be refused with a documented 4xx, never accepted and never a 500
    GenerationMode.NEGATIVE: [*CONFORMANCE, negative_data_rejection],
}


@pytest.fixture
def test_connection_kept():
    """The WSGI handler closes the database connection at the end of each request; inside the test's
    transaction (on PostgreSQL) that would end it. Django's test client disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(operation, mode: GenerationMode, headers: dict) -> None:
    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
    def run(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS[mode])

    try:
        run()
    except Unsatisfiable:
        # an operation with nothing to make invalid but the (fixed) token, e.g. GET /me
        assert mode == GenerationMode.NEGATIVE


@pytest.fixture
def rate_limit_raised(city):
    """About 17 calls per operation in one frozen minute: above the policy's 300 per token per minute."""
    from dataclasses import replace

    from egovpm.security.policy import security_policy
    from egovpm.security.services import security_policy_update

    policy = replace(security_policy(), api_rate_per_minute=100000)
    security_policy_update(actor=city.users["secadmin"], policy=policy)


# The Office head reaches most endpoints; the applicant's clerk reaches the unit's writes. Both callers run
# on the first database; on the second (CI's PostgreSQL run, --skip-any-database) the clerk's writes alone
# carry what the database could change (its types, its constraints): the Office head's mostly reading calls
# answer the same on every database, and half the calls save about 25 s of that run.
@pytest.mark.parametrize("who", [pytest.param("office_head", marks=pytest.mark.any_database), "clerk"])
def test_the_api_keeps_to_its_openapi_document(api_as, world, who, test_connection_kept, rate_limit_raised):
    headers = api_as(who).headers
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, headers)

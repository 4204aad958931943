"""The API's rate limit: the security policy's api_rate_per_minute calls per user (all of the user's
tokens together) in any 60 seconds;
the next answers 429 in the API's error shape, in Chinese, with Retry-After."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from egovpm.api.errors import ERROR_CODES
from egovpm.core import clock
from egovpm.security.policy import security_policy
from egovpm.security.services import security_policy_update

from .conftest import Api

LIMIT = 10  # the lowest the policy allows


@pytest.fixture
def low_limit(city, frozen_clock):
    frozen_clock(dt.datetime(2026, 10, 15, 9, 0, tzinfo=clock.TZ))
    security_policy_update(actor=city.users["secadmin"], policy=replace(security_policy(), api_rate_per_minute=LIMIT))
    return frozen_clock


def test_the_call_after_the_limit_answers_429_in_the_error_shape(client, city, low_limit):
    api = Api(client, city.users["clerk"])
    for _ in range(LIMIT):
        assert api.get("/me").status_code == 200
    response = api.get("/me")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["errors"] == {}
    assert f"每分钟最多 {LIMIT} 次" in body["message"]
    assert 0 < int(response["Retry-After"]) <= 60
    assert ERROR_CODES["throttled"][0] == 429


def test_the_limit_counts_per_user_across_their_tokens(client, city, low_limit):
    """A second token buys no more calls: the attack of a user who spreads a flood over many tokens."""
    first, second = Api(client, city.users["clerk"]), Api(client, city.users["clerk"])
    for _ in range(LIMIT // 2):
        assert first.get("/me").status_code == 200
        assert second.get("/me").status_code == 200
    assert first.get("/me").status_code == 429
    assert second.get("/me").status_code == 429
    assert Api(client, city.users["supervisor"]).get("/me").status_code == 200


def test_the_window_slides_on(client, city, low_limit):
    api = Api(client, city.users["clerk"])
    for _ in range(LIMIT):
        api.get("/me")
    assert api.get("/me").status_code == 429
    low_limit(dt.datetime(2026, 10, 15, 9, 0, 59, tzinfo=clock.TZ))
    assert api.get("/me").status_code == 429
    low_limit(dt.datetime(2026, 10, 15, 9, 1, 1, tzinfo=clock.TZ))
    assert api.get("/me").status_code == 200


def test_a_change_of_the_policy_applies_at_once(client, city, low_limit):
    api = Api(client, city.users["clerk"])
    for _ in range(LIMIT):
        api.get("/me")
    assert api.get("/me").status_code == 429
    security_policy_update(actor=city.users["secadmin"], policy=replace(security_policy(), api_rate_per_minute=20))
    assert api.get("/me").status_code == 200


def test_the_default_limit_is_the_policys(client, city, frozen_clock):
    """300 a minute by default: a busy integrator's ordinary burst passes."""
    assert security_policy().api_rate_per_minute == 300
    api = Api(client, city.users["clerk"])
    assert all(api.get("/me").status_code == 200 for _ in range(30))


def test_unauthenticated_calls_are_refused_before_counting(client, city, low_limit):
    for _ in range(LIMIT + 2):
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"

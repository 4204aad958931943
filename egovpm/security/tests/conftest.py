"""Fixtures of the identity tests (passwords, lockout, sessions, second factor, rate limit)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.cache import cache

from egovpm.security.policy import security_policy
from egovpm.security.services import security_policy_update


@pytest.fixture
def enforce(settings):
    """Switch on the identity rules that settings/test.py switches off."""
    settings.EGOVPM_ENFORCE_PASSWORD_CHANGE = True
    settings.EGOVPM_ENFORCE_TWO_FACTOR = True
    settings.EGOVPM_ENFORCE_SESSION_IDLE = True
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def set_policy(city):
    """set_policy(field=value, ...): the security administrator changes the policy."""

    def change(**values):
        policy = dataclasses.replace(security_policy(), **values)
        return security_policy_update(actor=city.users["secadmin"], policy=policy)

    return change

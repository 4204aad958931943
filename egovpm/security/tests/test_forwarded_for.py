"""X-Forwarded-For, attacked as the penetration test did: behind the proxy the platform believed the
left-most address, which the client writes itself, so a client sent a new fake address with each login
POST, escaping the login rate limit and writing a fake address into the audit chain. Only the address the
configured number of proxies appended is believed (egovpm.audit.context.ip_of); and an address that fails
against many accounts is locked out too (policy.lockout_address_failures)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from egovpm.audit.context import ip_of
from egovpm.conftest import PASSWORD

from .identity import events

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.2"  # the nginx in front of the platform: REMOTE_ADDR of every request
CLIENT = "203.0.113.7"  # the address nginx saw and appended


@pytest.fixture
def one_proxy(settings):
    """One nginx in front. (EGOVPM_TRUST_X_FORWARDED_FOR is the setting deployments switched on before
    EGOVPM_TRUSTED_PROXIES; its environment variable now means one proxy.)"""
    settings.EGOVPM_TRUSTED_PROXIES = 1
    settings.EGOVPM_TRUST_X_FORWARDED_FOR = True
    return settings


def post(client, username, password="wrong", forged="198.51.100.1"):
    """A login POST through the proxy, whose client put `forged` into X-Forwarded-For itself."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{forged}, {CLIENT}",
    )


def test_a_forged_address_is_not_written_into_the_audit_chain(city, client, one_proxy):
    assert post(client, "clerk", PASSWORD, forged="8.8.8.8").status_code == 302
    (login,) = events("auth.login")
    assert login.ip == CLIENT


def test_a_new_forged_address_for_each_post_does_not_escape_the_login_rate_limit(
    city, client, enforce, set_policy, one_proxy
):
    set_policy(login_rate_per_minute=3, lockout_failures=10)
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for n, username in enumerate(("clerk", "culture_clerk", "health_clerk")):
            assert post(client, username, forged=f"198.51.100.{n}").status_code == 200
        response = post(client, "supervisor", PASSWORD, forged="198.51.100.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_records_the_address_the_proxy_saw(city, client, one_proxy):
    post(client, "clerk", forged="8.8.8.8")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT]
    (failed,) = events("auth.login_failed")
    assert failed.ip == CLIENT


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.1", PROXY),  # no proxy configured: the header is the client's, ignored
        (1, "", PROXY),
        (1, CLIENT, CLIENT),
        (1, f"198.51.100.1, {CLIENT}", CLIENT),
        (1, f"198.51.100.1,{CLIENT}", CLIENT),
        (2, f"198.51.100.1, {CLIENT}, 10.0.0.1", CLIENT),  # load balancer, then nginx
        (2, CLIENT, PROXY),  # fewer addresses than proxies: did not come through them all
        (1, "198.51.100.1, not-an-address", None),
    ],
)
def test_the_client_is_the_address_the_outermost_proxy_appended(settings, proxies, forwarded, expected):
    settings.EGOVPM_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert ip_of(request) == expected


def test_the_older_switch_means_one_proxy(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("EGOVPM_TRUST_X_FORWARDED_FOR", "1")
    monkeypatch.delenv("EGOVPM_TRUSTED_PROXIES", raising=False)
    sys.modules.pop("egovpm.config.settings.base", None)
    try:
        assert importlib.import_module("egovpm.config.settings.base").EGOVPM_TRUSTED_PROXIES == 1
    finally:
        sys.modules.pop("egovpm.config.settings.base", None)


USERS = ("clerk", "culture_clerk", "health_clerk", "supervisor", "expert")


def test_a_password_sprayed_over_many_accounts_locks_the_address(city, client, set_policy, one_proxy):
    set_policy(lockout_failures=5, lockout_address_failures=10)
    for n in range(10):  # two failures per account: no username reaches its lockout
        assert post(client, USERS[n % 5], forged=f"198.51.100.{n}").status_code == 200
    (lockout,) = events("auth.address_lockout")
    assert lockout.object_repr == CLIENT and lockout.after == {"failures": 10, "minutes": 30}
    # locked: even a right password from that address is refused, before it is looked at
    response = post(client, "hospital_leader", PASSWORD)
    assert response.status_code == 429
    assert "该地址的登录已暂停 30 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert events("auth.login_failed")[-1].reason == "来源地址已锁定"
    # another address is not held up
    other = client.post(LOGIN, {"username": "hospital_leader", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3")
    assert other.status_code == 302


def test_the_address_lock_ends_after_the_cool_off(city, client, set_policy, one_proxy):
    set_policy(lockout_address_failures=10)
    for n in range(10):
        post(client, USERS[n % 5])
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert post(client, "hospital_leader", PASSWORD).status_code == 302


def test_a_few_people_mistyping_behind_one_office_address_lock_nobody_out(city, client, one_proxy):
    """The default address limit (30) is far above one person's (5): a bureau behind one address keeps
    working when some of its people mistype their passwords."""
    for username in USERS:
        for n in range(3):
            assert post(client, username, forged=f"198.51.100.{n}").status_code == 200
    assert events("auth.address_lockout") == []
    assert post(client, "hospital_leader", PASSWORD).status_code == 302


def test_the_address_limit_stays_above_the_username_limit():
    from dataclasses import replace

    from egovpm.security.domain import security_policy_problems
    from egovpm.security.policy import default_policy

    policy = replace(default_policy(), lockout_failures=10, lockout_address_failures=10)
    assert security_policy_problems(policy) == {
        "lockout_address_failures": "同一来源地址登录失败锁定次数（任意账户合计）须大于连续登录失败锁定次数。"
    }
    assert security_policy_problems(replace(policy, lockout_address_failures=11)) == {}
